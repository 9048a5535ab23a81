package org.resweep.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A Kryo serializer for Java records (Kryo 4 predates records and cannot set their final fields). Writes the
 * components in declaration order and rebuilds the record through its canonical constructor, so validation and
 * canonicalisation run again on the receiving side.
 *
 * <p>Component types handled: primitives, {@code String}, enums (ordinal), {@code double[]}, {@code Set<E extends
 * Enum>} (bit mask, read back as an unmodifiable {@code EnumSet}), {@code List<R>} of a registered record type (read
 * back unmodifiable), a nested registered record, and anything else Kryo can write with its class registered.
 */
final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final RecordComponent[] components;
    private final Constructor<T> constructor;

    RecordSerializer(Class<T> type) {
        super(false, true);
        this.components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor for " + type, e);
        }
    }

    @Override
    public void write(Kryo kryo, Output out, T record) {
        for (RecordComponent c : components) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new KryoException("cannot read " + c.getName(), e);
            }
            writeValue(kryo, out, c.getType(), c.getGenericType(), v);
        }
    }

    @Override
    public T read(Kryo kryo, Input in, Class<T> type) {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = readValue(kryo, in, components[i].getType(), components[i].getGenericType());
        }
        try {
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot rebuild " + type.getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void writeValue(Kryo kryo, Output out, Class<?> t, Type generic, Object v) {
        if (t == int.class) out.writeInt((Integer) v);
        else if (t == long.class) out.writeLong((Long) v);
        else if (t == double.class) out.writeDouble((Double) v);
        else if (t == boolean.class) out.writeBoolean((Boolean) v);
        else if (t == String.class) out.writeString((String) v);
        else if (t.isEnum()) out.writeVarInt(v == null ? 0 : ((Enum<?>) v).ordinal() + 1, true);
        else if (t == double[].class) {
            double[] a = (double[]) v;
            out.writeVarInt(a == null ? 0 : a.length + 1, true);
            if (a != null) out.writeDoubles(a);
        } else if (t == Set.class && elementType(generic).isEnum()) {
            if (v == null) {
                out.writeLong(-1L);
            } else {
                long mask = 0;
                for (Object e : (Set<?>) v) mask |= 1L << ((Enum<?>) e).ordinal();
                out.writeLong(mask);
            }
        } else if (t == List.class && elementType(generic).isRecord()) {
            List<?> l = (List<?>) v;
            out.writeVarInt(l == null ? 0 : l.size() + 1, true);
            if (l != null) {
                Class el = elementType(generic);
                for (Object e : l) kryo.writeObjectOrNull(out, e, el);
            }
        } else if (t.isRecord()) kryo.writeObjectOrNull(out, v, t);
        else kryo.writeClassAndObject(out, v);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readValue(Kryo kryo, Input in, Class<?> t, Type generic) {
        if (t == int.class) return in.readInt();
        if (t == long.class) return in.readLong();
        if (t == double.class) return in.readDouble();
        if (t == boolean.class) return in.readBoolean();
        if (t == String.class) return in.readString();
        if (t.isEnum()) {
            int o = in.readVarInt(true);
            return o == 0 ? null : t.getEnumConstants()[o - 1];
        }
        if (t == double[].class) {
            int n = in.readVarInt(true);
            return n == 0 ? null : in.readDoubles(n - 1);
        }
        if (t == Set.class && elementType(generic).isEnum()) {
            long mask = in.readLong();
            if (mask == -1L) return null;
            Class el = elementType(generic);
            EnumSet set = EnumSet.noneOf(el);
            Object[] all = el.getEnumConstants();
            for (int i = 0; i < all.length; i++) {
                if ((mask & (1L << i)) != 0) set.add(all[i]);
            }
            return Collections.unmodifiableSet(set);
        }
        if (t == List.class && elementType(generic).isRecord()) {
            int n = in.readVarInt(true);
            if (n == 0) return null;
            Class el = elementType(generic);
            List<Object> l = new ArrayList<>(n - 1);
            for (int i = 0; i < n - 1; i++) l.add(kryo.readObjectOrNull(in, el));
            return Collections.unmodifiableList(l);
        }
        if (t.isRecord()) return kryo.readObjectOrNull(in, t);
        return kryo.readClassAndObject(in);
    }

    private static Class<?> elementType(Type generic) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) return c;
        return Object.class;
    }
}
