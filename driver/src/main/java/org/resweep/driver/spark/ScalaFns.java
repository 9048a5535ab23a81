package org.resweep.driver.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.results.ExecutedRun;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/** The Scala function objects {@code SparkContext.submitJob} takes, written as small Java classes. */
final class ScalaFns {
    private ScalaFns() {}

    /** Executor side: runs every configuration of the partition's task groups (Java-serialised with the task). */
    static final class RunPartition extends AbstractFunction1<Iterator<TaskGroup>, ExecutedRun[]> implements Serializable {
        private final TaskFunction fn;

        RunPartition(TaskFunction fn) { this.fn = fn; }

        @Override
        public ExecutedRun[] apply(Iterator<TaskGroup> it) {
            List<ExecutedRun> out = new ArrayList<>();
            while (it.hasNext()) {
                for (RunConfig c : it.next().configs()) out.add(ExecutedRun.here(runSafely(fn, c)));
            }
            return out.toArray(new ExecutedRun[0]);
        }
    }

    /**
     * Runs one configuration; anything it throws becomes a {@code failed} result carrying the message, so one bad
     * run never stops the sweep. (Errors of the JVM itself — out of memory — still fail the task.)
     */
    static RunResult runSafely(TaskFunction fn, RunConfig c) {
        long t0 = System.nanoTime();
        try {
            RunResult r = fn.run(c);
            if (r == null) throw new IllegalStateException("the task function returned no result");
            return r;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            return failed(c, e.toString(), (System.nanoTime() - t0) / 1e9);
        }
    }

    static RunResult failed(RunConfig c, String message, double seconds) {
        return new RunResult(c, RunResult.FAILED, message, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, -1,
                new double[0], new double[0], List.of(), "", "", "", seconds);
    }

    /** Driver side: hands each finished partition's results to the committing thread. */
    static final class Enqueue extends AbstractFunction2<Object, ExecutedRun[], BoxedUnit> {
        private final BlockingQueue<ExecutedRun[]> queue;

        Enqueue(BlockingQueue<ExecutedRun[]> queue) { this.queue = queue; }

        @Override
        public BoxedUnit apply(Object partition, ExecutedRun[] results) {
            queue.add(results);
            return BoxedUnit.UNIT;
        }
    }

    static final class Nothing extends AbstractFunction0<Object> {
        @Override
        public Object apply() { return null; }
    }
}
