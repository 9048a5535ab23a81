package org.resweep.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * A Spark listener for tests ({@code --conf spark.extraListeners=}this class): appends to the file named by
 * {@code spark.resweep.test.record} the session's settings ({@code conf KEY=VALUE}, one line each, at start) and one
 * line per job ({@code job ID description=TEXT}), so a test in another JVM can check what was in effect.
 */
public final class RecordingListener extends SparkListener {
    private final Path file;

    public RecordingListener(SparkConf conf) {
        this.file = Path.of(conf.get("spark.resweep.test.record"));
        StringBuilder b = new StringBuilder();
        for (scala.Tuple2<String, String> kv : conf.getAll()) b.append("conf ").append(kv._1()).append('=').append(kv._2()).append('\n');
        append(b.toString());
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        String d = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
        append("job " + job.jobId() + " description=" + d + "\n");
    }

    private synchronized void append(String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
