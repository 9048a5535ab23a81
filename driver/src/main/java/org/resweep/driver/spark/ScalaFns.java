package org.resweep.driver.spark;

import java.io.Serializable;
import java.util.concurrent.BlockingQueue;
import org.resweep.driver.store.TaskOutput;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/** The Scala function objects {@code SparkContext.submitJob} takes, written as small Java classes. */
final class ScalaFns {
    private ScalaFns() {}

    /** Executor side: runs the partition's task groups and stages their rows (Java-serialised with the task). */
    static final class RunPartition extends AbstractFunction1<Iterator<TaskGroup>, TaskOutput> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final StagingTask task;

        RunPartition(StagingTask task) { this.task = task; }

        @Override
        public TaskOutput apply(Iterator<TaskGroup> it) { return task.run(it); }
    }

    /** Driver side: hands each finished partition's summary, with its arrival time, to the committing loop. */
    static final class Enqueue extends AbstractFunction2<Object, TaskOutput, BoxedUnit> {
        private final BlockingQueue<SweepEngine.Arrival> queue;

        Enqueue(BlockingQueue<SweepEngine.Arrival> queue) { this.queue = queue; }

        @Override
        public BoxedUnit apply(Object partition, TaskOutput result) {
            queue.add(new SweepEngine.Arrival(result, System.nanoTime()));
            return BoxedUnit.UNIT;
        }
    }

    /**
     * Runs {@code r} when {@code job} completes (succeeded, failed or cancelled), on the thread that completes it
     * (Spark's scheduler): {@code r} must be quick and must not block.
     */
    static <T> void onComplete(org.apache.spark.SimpleFutureAction<T> job, Runnable r) {
        job.onComplete(new AbstractFunction1<scala.util.Try<T>, BoxedUnit>() {
            @Override
            public BoxedUnit apply(scala.util.Try<T> outcome) {
                r.run();
                return BoxedUnit.UNIT;
            }
        }, scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(Runnable::run));
    }

    static final class Nothing extends AbstractFunction0<Object> {
        @Override
        public Object apply() { return null; }
    }
}
