package org.resweep.driver.store;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.resweep.core.util.BadInputException;

/**
 * One writer per sweep directory, on any Hadoop filesystem: {@code DIR/resweep.lock}, created exclusively
 * (create-without-overwrite: atomic on HDFS, the local filesystem and object stores with conditional create), whose
 * content records the owner ({@code pid}, {@code host}, process start time and a random token). The owner refreshes
 * the file's modification time every {@value #HEARTBEAT_SECONDS} s and deletes it on close, so a finished sweep
 * does not look locked.
 *
 * <p>A lock file left by an owner that is gone ({@code kill -9}, a lost machine) is stale and is taken over with a
 * message: on the same host when no process with the recorded pid and start time is running; from another host
 * when its heartbeat is older than {@value #STALE_SECONDS} s.
 */
public final class SweepLock implements AutoCloseable {
    public static final String FILE = "resweep.lock";
    static final int HEARTBEAT_SECONDS = 15;
    static final int STALE_SECONDS = 120;

    private final SweepFs fs;
    private final Path file;
    private final String token;
    private final ScheduledExecutorService heartbeat;

    private SweepLock(SweepFs fs, Path file, String token) {
        this.fs = fs;
        this.file = file;
        this.token = token;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::touch, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Thrown when another live process owns the directory (exit code 2: wait, stop it, or use another directory). */
    public static final class LockedException extends SweepDirectoryException {
        private static final long serialVersionUID = 1L;

        public LockedException(String message) { super(message); }
    }

    /**
     * Acquires the lock of {@code dir} or throws {@link LockedException} naming the owner.
     *
     * @param notices receives the one-line message when a stale lock is taken over
     */
    public static SweepLock acquire(SweepFs fs, Path dir, Consumer<String> notices) throws IOException {
        Path file = new Path(dir, FILE);
        String token = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                fs.createNew(file, ownerText(token) + "\n");
                return new SweepLock(fs, file, token);
            } catch (FileAlreadyExistsException e) {
                // held, or stale: look at the owner
            } catch (IOException e) {
                if (!fs.exists(file)) throw e;
            }
            String owner;
            FileStatus st;
            try {
                owner = fs.read(file).trim();
                st = fs.fs().getFileStatus(file);
            } catch (java.io.FileNotFoundException gone) {
                continue; // released meanwhile
            }
            if (!owner.isEmpty() && !resweepWrote(owner)) {
                // not resweep's: never taken over (that would delete a file resweep did not write)
                throw new LockedException("sweep directory " + SweepPaths.display(dir) + ": its lock file " + SweepPaths.display(file)
                        + " is not one resweep wrote (it holds \"" + BadInputException.echo(owner) + "\"); remove it if no resweep is "
                        + "running on this directory");
            }
            if (alive(owner, st.getModificationTime())) {
                throw new LockedException("sweep directory " + SweepPaths.display(dir) + " is in use by another resweep process ("
                        + BadInputException.echo(owner) + "); wait for it to finish or stop it, or use another --out");
            }
            // stale: move it out of the way atomically (one taker wins), then retry the exclusive create
            Path aside = new Path(dir, "." + FILE + ".stale-" + token);
            if (fs.fs().rename(file, aside)) {
                fs.delete(aside, false);
                notices.accept("resweep: taking over the lock of " + SweepPaths.display(dir) + " left by a process that is gone (" + owner + ")");
            }
        }
        throw new LockedException("sweep directory " + SweepPaths.display(dir) + ": cannot take its lock " + file + " (contended); retry");
    }

    /** {@link #acquire(SweepFs, Path, Consumer)} of a local directory (tools and tests); notices go to stderr. */
    public static SweepLock acquire(java.nio.file.Path dir) throws IOException {
        Path p = new Path(dir.toAbsolutePath().toUri());
        return acquire(new SweepFs(p, new org.apache.hadoop.conf.Configuration()), p, System.err::println);
    }

    /** Whether the owner recorded in a lock file is (or may be) still running. */
    static boolean alive(String owner, long modifiedMillis) {
        Map<String, String> f = fields(owner);
        String host = f.get("host");
        if (host != null && host.equals(HOST)) {
            long pid;
            try {
                pid = Long.parseLong(f.getOrDefault("pid", "-1"));
            } catch (NumberFormatException e) {
                return true; // unreadable owner: do not guess
            }
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) return false;
            String start = f.get("started");
            Optional<Instant> actual = h.get().info().startInstant();
            if (start == null || actual.isEmpty()) return true;
            try {
                return Math.abs(Instant.parse(start).toEpochMilli() - actual.get().toEpochMilli()) < 2000; // pid reused?
            } catch (RuntimeException e) {
                return true;
            }
        }
        return System.currentTimeMillis() - modifiedMillis < STALE_SECONDS * 1000L;
    }

    /** Whether a lock file's content has the fields resweep writes ({@link #ownerText}). */
    static boolean resweepWrote(String owner) {
        Map<String, String> f = fields(owner);
        return f.containsKey("pid") && f.containsKey("host") && f.containsKey("token");
    }

    private static Map<String, String> fields(String owner) {
        Map<String, String> out = new HashMap<>();
        for (String kv : owner.split("\\s+")) {
            int i = kv.indexOf('=');
            if (i > 0) out.put(kv.substring(0, i), kv.substring(i + 1));
        }
        return out;
    }

    static final String HOST = hostName();

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code pid=P host=H started=T since=T token=X}. */
    static String ownerText(String token) {
        ProcessHandle me = ProcessHandle.current();
        return "pid=" + me.pid() + " host=" + HOST + " started=" + me.info().startInstant().map(Instant::toString).orElse("?")
                + " since=" + Instant.now() + " token=" + token;
    }

    private void touch() {
        try {
            fs.fs().setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            // a missed heartbeat only matters after STALE_SECONDS; the next one retries
        }
    }

    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        try {
            if (fs.read(file).contains("token=" + token)) fs.delete(file, false);
        } catch (java.io.FileNotFoundException e) {
            // already gone
        }
    }
}
