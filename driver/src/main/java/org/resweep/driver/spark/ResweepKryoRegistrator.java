package org.resweep.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.core.train.SplitRun;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.store.TaskOutput;

/**
 * Registers every class a sweep ships between driver and executors, so Spark can run with
 * {@code spark.kryo.registrationRequired=true}: task inputs ({@link TaskGroup} of {@link RunConfig}) and outputs
 * ({@link TaskOutput}: staged file names and counts), the stages of split runs ({@link SplitStages}) and the Hadoop configuration they broadcast ({@link SerializableConf}). Records get a {@link RecordSerializer}.
 */
public final class ResweepKryoRegistrator implements KryoRegistrator {

    /** The records shipped, each serialised component-wise through its canonical constructor. */
    static final List<Class<? extends Record>> RECORDS = List.of(TaskGroup.class, RunConfig.class, NetworkSpec.class,
            HessianSchedule.class, org.resweep.core.train.StopRule.class, RunResult.class, Checkpoint.class, SpectrumStats.class, ExecutedRun.class, TaskOutput.class,
            SplitRun.Trained.class, SplitStages.TrainTask.class, SplitStages.TrainOutput.class, SplitStages.CheckpointTask.class,
            SplitStages.CheckpointGroup.class, SplitStages.CheckpointOutput.class, SplitStages.CheckpointBatch.class);

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void registerClasses(Kryo kryo) {
        for (Class<? extends Record> c : RECORDS) kryo.register(c, new RecordSerializer(c));
        kryo.register(Activation.class);
        kryo.register(Position.class);
        kryo.register(InitKind.class);
        kryo.register(double[].class);
        kryo.register(TaskGroup[].class);
        kryo.register(RunConfig[].class);
        kryo.register(ExecutedRun[].class);
        kryo.register(TaskOutput[].class);
        kryo.register(SplitStages.TrainTask[].class);
        kryo.register(SplitStages.CheckpointGroup[].class);
        kryo.register(String[].class);
        kryo.register(int[].class);
        // the Hadoop configuration split runs broadcast (its own Java serialisation: Configuration.write/readFields)
        kryo.register(SerializableConf.class, new com.esotericsoftware.kryo.serializers.JavaSerializer());
    }
}
