package org.resweep.driver.spark;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Grants the JVM the package opens that Spark's own module flags ask for ({@code --add-opens=M/P=ALL-UNNAMED} in
 * {@link JavaModuleOptions#defaultModuleOptionArray()}) when the JVM was started without them.
 *
 * <p>Why: Spark 4.2 adds its module flags to the {@code spark-submit} JVM (client deploy mode) and to executors
 * ({@code spark.executor.extraJavaOptions}), but not to the command a standalone worker uses to start the driver in
 * <em>cluster</em> deploy mode: that JVM gets only {@code spark.driver.extraJavaOptions}. Without
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} Spark's {@code KryoSerializer.newKryo} fails to build a field
 * serializer for {@code java.nio.HeapByteBuffer} (it registers that class itself, before any user registrator),
 * so the driver's first broadcast, and with it every job, fails. A user can pass the flags as
 * {@code spark.driver.extraJavaOptions}; this class makes that unnecessary.
 *
 * <p>How: the supported API ({@code Instrumentation.redefineModule}) needs an agent, so the opens are added by
 * calling {@code Module.implAddOpensToAllUnnamed} (what {@code --add-opens ...=ALL-UNNAMED} does at start-up), made
 * callable through {@code sun.misc.Unsafe}. Used only when an open is missing; verified after use. If the JDK refuses
 * (a future JDK), {@link #ensureSparkOpens()} throws an exception whose message names the setting to use instead.
 */
public final class JavaModuleAccess {
    private JavaModuleAccess() {}

    /** The field layout of {@link AccessibleObject}'s instance fields, to find the offset of its {@code override} flag. */
    @SuppressWarnings("unused")
    private static final class Mirror {
        boolean override;
        volatile Object accessCheckCache;
    }

    /** A package of a named module to open, from {@code --add-opens=MODULE/PACKAGE=ALL-UNNAMED}. */
    record Open(Module module, String pkg) {
        boolean missing() { return !module.isOpen(pkg, JavaModuleAccess.class.getModule()); }
    }

    /** The opens of Spark's module flags that this JVM lacks (modules absent from this JDK skipped). */
    public static List<String> missingOpens() {
        List<String> out = new ArrayList<>();
        for (Open o : sparkOpens()) if (o.missing()) out.add(o.module().getName() + "/" + o.pkg());
        return out;
    }

    static List<Open> sparkOpens() {
        List<Open> out = new ArrayList<>();
        for (String flag : JavaModuleOptions.defaultModuleOptionArray()) {
            if (!flag.startsWith("--add-opens=") || !flag.endsWith("=ALL-UNNAMED")) continue;
            String mp = flag.substring("--add-opens=".length(), flag.length() - "=ALL-UNNAMED".length());
            int slash = mp.indexOf('/');
            ModuleLayer.boot().findModule(mp.substring(0, slash)).ifPresent(m -> out.add(new Open(m, mp.substring(slash + 1))));
        }
        return out;
    }

    /** Opens every package of Spark's module flags this JVM lacks; a no-op when started with the flags. */
    public static synchronized void ensureSparkOpens() {
        List<Open> missing = sparkOpens().stream().filter(Open::missing).toList();
        if (missing.isEmpty()) return;
        try {
            Method open = Module.class.getDeclaredMethod("implAddOpensToAllUnnamed", String.class);
            forceAccessible(open);
            for (Open o : missing) open.invoke(o.module(), o.pkg());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(refusal(missing), e);
        }
        List<String> still = missingOpens();
        if (!still.isEmpty()) throw new IllegalStateException(refusal(missing));
    }

    private static String refusal(List<Open> missing) {
        return "this JVM lacks Spark's module flags (" + missing.size() + " packages, e.g. " + missing.get(0).module().getName()
                + "/" + missing.get(0).pkg() + ") and the JDK refused to add them; start it with Spark's flags, e.g. "
                + "--conf spark.driver.extraJavaOptions=\"" + String.join(" ", JavaModuleOptions.defaultModuleOptionArray()) + "\"";
    }

    private static void forceAccessible(AccessibleObject o) throws ReflectiveOperationException {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
        @SuppressWarnings("deprecation")
        long offset = u.objectFieldOffset(Mirror.class.getDeclaredField("override"));
        u.putBoolean(o, offset, true);
        @SuppressWarnings("deprecation")
        boolean ok = o.isAccessible();
        if (!ok) throw new IllegalStateException("could not make " + o + " accessible");
    }
}
