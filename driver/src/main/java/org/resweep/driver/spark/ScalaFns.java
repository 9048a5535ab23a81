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

    static final class Nothing extends AbstractFunction0<Object> {
        @Override
        public Object apply() { return null; }
    }
}
