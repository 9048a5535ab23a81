package org.resweep.driver.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per sweep directory: an OS file lock ({@link FileLock}) on {@code DIR/resweep.lock}, whose content names
 * the owner ({@code pid@host since TIME}). The operating system releases the lock when the owner dies (even by
 * {@code kill -9}), so a held lock always means a live owner on this host; a stale file is simply taken over.
 * (On a network filesystem without lock support two hosts could both succeed; keep one sweep per directory.)
 */
public final class SweepLock implements AutoCloseable {
    public static final String FILE = "resweep.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SweepLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another live process owns the directory. */
    public static final class LockedException extends IllegalStateException {
        public LockedException(String message) { super(message); }
    }

    /** Acquires the lock or throws {@link LockedException} naming the owner. */
    public static SweepLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very JVM
        }
        if (l == null) {
            ch.close();
            String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
            throw new LockedException("sweep directory " + dir + " is in use by another resweep process ("
                    + (owner.isEmpty() ? "owner unknown" : owner) + "); wait for it to finish or stop it, or use another --out");
        }
        String me = ownerText();
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new SweepLock(ch, l);
    }

    /** {@code pid=P host=H since=T}. */
    static String ownerText() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return "pid=" + ProcessHandle.current().pid() + " host=" + host + " since=" + Instant.now()
                + " jvm=" + ManagementFactory.getRuntimeMXBean().getName();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
