package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.store.TaskOutput;
import org.resweep.driver.testing.FakeRuns;
import scala.reflect.ClassTag$;

/** Round trips through Spark's Kryo serializer configured as a sweep configures it (registrationRequired). */
class KryoRegistrationTest {
    private final SerializerInstance kryo = new KryoSerializer(SparkSessions.conf("test")).newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        ByteBuffer b = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
        return (T) kryo.deserialize(b, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void taskInputsAndOutputsSurvive() {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2, 4}, new double[] {0.5, 2.0}, 2, 6);
        TaskGroup g = roundTrip(new TaskGroup(grid, new int[grid.size()]));
        assertEquals(grid, g.configs());
        for (RunConfig c : grid) {
            RunResult r = new FakeRuns().run(c);
            ExecutedRun[] back = roundTrip(new ExecutedRun[] {new ExecutedRun(r, "h", "17", "e", "os")});
            RunResult q = back[0].result();
            assertEquals(r.config(), q.config());
            assertEquals(r.config().runId(), q.config().runId());
            assertEquals(r.status(), q.status());
            assertArrayEquals(r.lossCurve(), q.lossCurve());
            assertEquals(r.checkpoints().size(), q.checkpoints().size());
            assertEquals(r.checkpoints().get(0).stats(), q.checkpoints().get(0).stats());
            if (r.checkpoints().get(0).spectrum() == null) assertNull(q.checkpoints().get(0).spectrum());
            else assertArrayEquals(r.checkpoints().get(0).spectrum(), q.checkpoints().get(0).spectrum());
            assertEquals("h", back[0].host());
        }
        TaskOutput o = roundTrip(new TaskOutput(3, "hdfs://h/x/runs-p1.parquet", null, new String[] {"a", "b"}, 1, 1, 0, 99));
        assertEquals(3, o.partition());
        assertNull(o.checkpointsFile());
        assertArrayEquals(new String[] {"a", "b"}, o.runIds());
    }

    @Test
    void weightsAndCurvatureStatisticsSurvive() {
        RunConfig c0 = FakeRuns.grid(new int[] {4}, new double[] {0.5}, 1, 6).get(0);
        RunConfig c = new RunConfig(c0.dataset(), c0.net(), c0.init(), c0.initScale(), c0.learningRate(), c0.epochs(),
                c0.replicate(), c0.hessian(), c0.storeSpectrum(), true);
        assertEquals(c, roundTrip(c));
        RunResult f = new FakeRuns().run(c);
        RunResult r = new RunResult(c, f.status(), f.message(), f.initialLoss(), f.finalLoss(), f.minLoss(),
                f.finalGradNorm(), f.epochsRun(), f.divergedEpoch(), f.lossCurve(), f.gradNormCurve(), f.checkpoints(),
                f.lossPath(), f.eigenBackend(), f.dataHash(), f.wallSeconds(), new double[] {1.5, 2.5}, 0.25, 0.75);
        RunResult q = roundTrip(new ExecutedRun[] {new ExecutedRun(r, "h", "17", "e", "os")})[0].result();
        assertArrayEquals(r.weightNormCurve(), q.weightNormCurve());
        assertEquals(0.25, q.testLoss());
        assertEquals(0.75, q.testAccuracy());
        for (int i = 0; i < r.checkpoints().size(); i++) {
            var a = r.checkpoints().get(i);
            var b = q.checkpoints().get(i);
            assertEquals(a.stats(), b.stats());
            assertEquals(a.weightNormMean(), b.weightNormMean());
            assertEquals(a.unitProductNormMean(), b.unitProductNormMean());
            assertArrayEquals(a.weights(), b.weights());
        }
    }

    @Test
    void theBroadcastHadoopConfigurationSurvives() {
        org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration(false);
        c.set("fs.defaultFS", "hdfs://nn.example:8020");
        c.set("resweep.test.key", "a value");
        SerializableConf back = roundTrip(new SerializableConf(c));
        assertEquals("hdfs://nn.example:8020", back.get().get("fs.defaultFS"));
        assertEquals("a value", back.get().get("resweep.test.key"));
        assertEquals(c.size(), back.get().size());
    }

    @Test
    void unregisteredClassesAreRefused() {
        assertThrows(Exception.class, () -> roundTrip(new java.util.Date()));
    }
}
