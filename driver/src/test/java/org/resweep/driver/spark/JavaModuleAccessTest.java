package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;

/**
 * The root cause of the cluster-deploy-mode failure, reproduced in a JVM started without Spark's module flags (as a
 * standalone worker starts a cluster-mode driver): Spark's Kryo cannot be created there until
 * {@link JavaModuleAccess#ensureSparkOpens()} has run, and can afterwards.
 */
class JavaModuleAccessTest {
    /** Runs in the child JVM: prints what fails before and what works after. */
    public static void main(String[] args) {
        System.out.println("missing " + JavaModuleAccess.missingOpens().size());
        System.out.println("kryo before: " + kryoWorks());
        JavaModuleAccess.ensureSparkOpens();
        System.out.println("missing after " + JavaModuleAccess.missingOpens().size());
        System.out.println("kryo after: " + kryoWorks());
    }

    private static String kryoWorks() {
        try {
            var ser = new KryoSerializer(new SparkConf(false).set("spark.kryo.registrationRequired", "true")).newInstance();
            ByteBuffer b = ser.serialize(new double[] {1, 2}, scala.reflect.ClassTag$.MODULE$.apply(double[].class));
            double[] back = ser.deserialize(b, scala.reflect.ClassTag$.MODULE$.apply(double[].class));
            return back[1] == 2 ? "ok" : "wrong";
        } catch (RuntimeException e) {
            Throwable c = e;
            while (c.getCause() != null) c = c.getCause();
            return "fails: " + c.getClass().getSimpleName();
        }
    }

    @Test
    void opensSparkNeedsAreAddedToAJvmStartedWithoutFlags() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), JavaModuleAccessTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.startsWith("missing") || l.startsWith("kryo")).toList();
        assertTrue(lines.get(0).matches("missing [1-9]\\d*"), out);
        assertTrue(lines.get(1).startsWith("kryo before: fails: InaccessibleObjectException"), out);
        assertEquals(List.of("missing after 0", "kryo after: ok"), lines.subList(2, 4), out);
    }

    @Test
    void aJvmWithSparkFlagsNeedsNothing() {
        assertEquals(List.of(), JavaModuleAccess.missingOpens()); // surefire runs with Spark's module flags
        JavaModuleAccess.ensureSparkOpens();
    }
}
