package org.resweep.core.loss;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual timing printout (not a test): the same data-path work on two builds of worker-core in ONE JVM, by CPU time of
 * this thread (ThreadMXBean), alternating old and new so that machine load hits both alike. Each build is loaded by
 * its own class loader from {@code <classes>:<test-classes>} (EJML etc. from this JVM's class path).
 * Work: {@code gd ACT EPOCHS [WEIGHT_SCALE]} (full-batch GD on mnist10k, depth 10, 2-shortcut, ACT at mid, weights
 * {@code DataPathFixtures.weights} at scale 0.05 unless given) or {@code hessian DEPTH [ACT]} (exact data-path Hessian,
 * ACT (default ReLU) at mid, 2-shortcut, P = DEPTH·d², weights at scale 0.3).
 * Prints best-of-{@code reps} seconds per build and the result's bits (equal when the builds agree bit for bit).
 * Run: {@code java --add-modules jdk.incubator.vector -cp $CP org.resweep.core.loss.OldNewTiming OLD_ROOT NEW_ROOT
 * reps gd relu 300} with ROOT a directory holding {@code worker-core/target/{classes,test-classes}}.
 */
public final class OldNewTiming {
    private OldNewTiming() { }

    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[2]);
        String work = args[3];
        List<Object[]> builds = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            Path root = Path.of(args[b]).resolve("worker-core/target");
            ClassLoader l = new URLClassLoader(new URL[] {root.resolve("classes").toUri().toURL(),
                root.resolve("test-classes").toUri().toURL()}, OldNewTiming.class.getClassLoader().getParent()) {
                @Override protected Class<?> loadClass(String n, boolean r) throws ClassNotFoundException {
                    if (n.startsWith("org.resweep.")) {
                        synchronized (getClassLoadingLock(n)) {
                            Class<?> c = findLoadedClass(n);
                            if (c == null) c = findClass(n);
                            return c;
                        }
                    }
                    try { return getParent().loadClass(n); } catch (ClassNotFoundException e) {
                        return OldNewTiming.class.getClassLoader().loadClass(n);
                    }
                }
            };
            builds.add(new Object[] {args[b], setup(l, work, args)});
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        String[] bits = new String[2];
        for (int r = 0; r < reps; r++) {
            for (int b = 0; b < 2; b++) {
                Runnable task = (Runnable) builds.get(b)[1];
                long t0 = mx.getCurrentThreadCpuTime();
                task.run();
                double s = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
                best[b] = Math.min(best[b], s);
                bits[b] = task.toString();
            }
        }
        for (int b = 0; b < 2; b++) {
            System.out.printf("%s %s: best of %d = %.3f s CPU; %s%n", b == 0 ? "old" : "new", builds.get(b)[0], reps, best[b], bits[b]);
        }
        System.out.printf("new/old = %.3f; load %.2f%n", best[1] / best[0], ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static Runnable setup(ClassLoader l, String work, String[] args) throws Exception {
        Class<?> fx = l.loadClass("org.resweep.core.DataPathFixtures"), act = l.loadClass("org.resweep.core.net.Activation");
        Class<?> pos = l.loadClass("org.resweep.core.net.Position"), spec = l.loadClass("org.resweep.core.net.NetworkSpec");
        Class<?> dsC = l.loadClass("org.resweep.core.data.Dataset");
        Object ds = l.loadClass("org.resweep.core.data.Datasets").getMethod("load", String.class).invoke(null, "mnist10k");
        int d = (int) dsC.getMethod("d").invoke(ds);
        Object mid = Array.newInstance(pos, 1);
        Array.set(mid, 0, pos.getField("MID").get(null));
        boolean gd = work.equals("gd");
        int depth = gd ? 10 : Integer.parseInt(args[4]);
        Object a = act.getField(gd ? args[4].toUpperCase() : args.length > 5 ? args[5].toUpperCase() : "RELU").get(null);
        Object sp = fx.getMethod("spec", int.class, int.class, int.class, act, mid.getClass()).invoke(null, depth, 2, d, a, mid);
        double scale = gd && args.length > 6 ? Double.parseDouble(args[6]) : gd ? 0.05 : 0.3;
        double[] w0 = (double[]) fx.getMethod("weights", spec, double.class, long.class).invoke(null, sp, scale, 7L);
        int p = (int) spec.getMethod("numParams").invoke(sp);
        if (gd) {
            int epochs = Integer.parseInt(args[5]);
            Object dp = l.loadClass("org.resweep.core.loss.DataPath").getConstructor(spec, dsC).newInstance(sp, ds);
            Method lg = dp.getClass().getMethod("lossAndGradient", double[].class, double[].class);
            return new Runnable() {
                double loss;
                @Override public void run() {
                    try {
                        double[] w = w0.clone(), g = new double[p];
                        for (int e = 0; e < epochs; e++) {
                            loss = (double) lg.invoke(dp, w, g);
                            for (int j = 0; j < p; j++) w[j] -= 0.05 * g[j];
                        }
                    } catch (ReflectiveOperationException e) { throw new IllegalStateException(e); }
                }
                @Override public String toString() { return "P=" + p + " last loss bits " + Long.toHexString(Double.doubleToRawLongBits(loss)); }
            };
        }
        Object h = l.loadClass("org.resweep.core.hessian.DataHessian").getConstructor(spec, dsC).newInstance(sp, ds);
        Class<?> mat = Class.forName("org.ejml.data.DMatrixRMaj");
        Method hm = h.getClass().getMethod("hessian", double[].class, mat);
        return new Runnable() {
            long hash;
            @Override public void run() {
                try {
                    Object out = hm.invoke(h, w0, null);
                    double[] v = (double[]) mat.getField("data").get(out);
                    long x = 0;
                    for (double e : v) x = x * 31 + Double.doubleToRawLongBits(e);
                    hash = x;
                } catch (ReflectiveOperationException e) { throw new IllegalStateException(e); }
            }
            @Override public String toString() { return "P=" + p + " Hessian hash " + Long.toHexString(hash); }
        };
    }
}
