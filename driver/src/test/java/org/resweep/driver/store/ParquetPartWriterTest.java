package org.resweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.results.ColumnType;
import org.resweep.driver.results.TableSchema;

/**
 * {@link ParquetPartWriter} writes every column type as Parquet's own example reader reads it back (a reader that
 * shares no code with the writer): strings, ints, longs, doubles (NaN, ±Infinity, −0.0 bit for bit), booleans,
 * timestamps in microseconds, arrays (empty, long), nulls. {@link ParquetRunIds} reads a string column back in file
 * order across row groups, skipping nulls.
 */
class ParquetPartWriterTest {
    @TempDir
    Path tmp;

    private static final TableSchema ALL = new TableSchema.Builder("t")
            .req("run_id", ColumnType.STRING, "id")
            .opt("s", ColumnType.STRING, "string")
            .opt("i", ColumnType.INT, "int")
            .opt("l", ColumnType.LONG, "long")
            .opt("d", ColumnType.DOUBLE, "double")
            .opt("b", ColumnType.BOOLEAN, "boolean")
            .opt("a", ColumnType.DOUBLE_ARRAY, "array")
            .opt("t", ColumnType.TIMESTAMP, "instant")
            .build();

    private static double[] longArray(int n, int seed) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) a[k] = Math.sin(seed * 1000.0 + k) * Math.pow(10, k % 40 - 20);
        return a;
    }

    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"r0", "ünïcode ✓", 7, 1L << 40, Math.PI, true, new double[] {1.5, -0.0, Double.NaN}, Instant.parse("2026-01-02T03:04:05.678901Z")});
        rows.add(new Object[] {"r1", null, null, null, null, null, null, null});
        rows.add(new Object[] {"r2", "", Integer.MIN_VALUE, Long.MAX_VALUE, Double.NEGATIVE_INFINITY, false, new double[0], Instant.EPOCH});
        rows.add(new Object[] {"r3", "x", -1, -1L, -0.0, false, longArray(3001, 3), Instant.parse("1969-12-31T23:59:59.999999Z")});
        rows.add(new Object[] {"r4", "y", 0, 0L, Double.NaN, true, new double[] {Double.POSITIVE_INFINITY, Double.MIN_VALUE}, Instant.parse("2030-06-30T12:00:00Z")});
        return rows;
    }

    @Test
    void everyTypeReadsBackAsWritten() throws Exception {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("t.parquet").toUri());
        Configuration conf = new Configuration();
        List<Object[]> rows = rows();
        long bytes = ParquetPartWriter.write(conf, file, ALL, rows);
        assertEquals(Files.size(tmp.resolve("t.parquet")), bytes, "returned size");

        List<Group> got = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
            for (Group g = r.read(); g != null; g = r.read()) got.add(g);
        }
        assertEquals(rows.size(), got.size(), "rows");
        for (int k = 0; k < rows.size(); k++) {
            Object[] want = rows.get(k);
            Group g = got.get(k);
            assertEquals(want[0], g.getString("run_id", 0));
            check(want[1], g, "s", () -> g.getString("s", 0));
            check(want[2], g, "i", () -> g.getInteger("i", 0));
            check(want[3], g, "l", () -> g.getLong("l", 0));
            if (want[4] == null) assertEquals(0, g.getFieldRepetitionCount("d"));
            else assertEquals(Double.doubleToRawLongBits((Double) want[4]), Double.doubleToRawLongBits(g.getDouble("d", 0)), "row " + k + " d");
            check(want[5], g, "b", () -> g.getBoolean("b", 0));
            if (want[6] == null) {
                assertEquals(0, g.getFieldRepetitionCount("a"), "row " + k + " a is null");
            } else {
                double[] a = (double[]) want[6];
                Group list = g.getGroup("a", 0);
                assertEquals(a.length, list.getFieldRepetitionCount("list"), "row " + k + " array length");
                long[] wantBits = new long[a.length], gotBits = new long[a.length];
                for (int j = 0; j < a.length; j++) {
                    wantBits[j] = Double.doubleToRawLongBits(a[j]);
                    gotBits[j] = Double.doubleToRawLongBits(list.getGroup("list", j).getDouble("element", 0));
                }
                assertArrayEquals(wantBits, gotBits, "row " + k + " array values");
            }
            check(want[7] == null ? null : ParquetPartWriter.micros((Instant) want[7]), g, "t", () -> g.getLong("t", 0));
        }
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), ParquetRunIds.read(conf, file, "run_id"));
        assertEquals(List.of("ünïcode ✓", "", "x", "y"), ParquetRunIds.read(conf, file, "s"), "nulls skipped");
        assertThrows(ParquetRunIds.UnreadableException.class, () -> ParquetRunIds.read(conf, file, "no_such_column"));
    }

    private static void check(Object want, Group g, String field, java.util.function.Supplier<Object> got) {
        if (want == null) assertEquals(0, g.getFieldRepetitionCount(field), field + " is null");
        else assertEquals(want, got.get(), field);
    }

    @Test
    void runIdsAcrossRowGroupsInFileOrder() throws Exception {
        // written by Parquet's own example writer with tiny row groups and an optional id column
        MessageType schema = Types.buildMessage()
                .addField(Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType()).named("run_id"))
                .addField(Types.primitive(PrimitiveTypeName.DOUBLE, Type.Repetition.REQUIRED).named("x"))
                .named("m");
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("many.parquet").toUri());
        Configuration conf = new Configuration();
        List<String> want = new ArrayList<>();
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf)).withType(schema)
                .withConf(conf).withRowGroupSize(1024L).withPageRowCountLimit(50).build()) {
            for (int k = 0; k < 5000; k++) {
                Group g = f.newGroup().append("x", k * 1.0);
                if (k % 7 != 3) {
                    String id = String.format("%016x", k * 0x9E3779B97F4A7C15L);
                    g.append("run_id", id);
                    want.add(id);
                }
                w.write(g);
            }
        }
        try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            assertEquals(true, r.getRowGroups().size() > 1, "several row groups: " + r.getRowGroups().size());
        }
        assertEquals(want, ParquetRunIds.read(conf, file, "run_id"));
        assertEquals(want, ParquetRunIds.read(tmp.resolve("many.parquet"), "run_id"), "local variant");
    }

    @Test
    void notParquetIsUnreadable() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.parquet"), "PAR1 not really");
        ParquetRunIds.UnreadableException e = assertThrows(ParquetRunIds.UnreadableException.class,
                () -> ParquetRunIds.read(bad, "run_id"));
        assertEquals(true, e.getMessage().contains("bad.parquet"), e.getMessage());
    }

    /** A small Parquet file with string column run_id = ids, written by Parquet's own example writer; its bytes. */
    private byte[] idsFile(String name, List<String> ids) throws Exception {
        MessageType schema = Types.buildMessage()
                .addField(Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType()).named("run_id"))
                .named("m");
        Path f = tmp.resolve(name);
        Configuration conf = new Configuration();
        SimpleGroupFactory g = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
                new org.apache.hadoop.fs.Path(f.toUri()), conf)).withType(schema).withConf(conf).build()) {
            for (String id : ids) w.write(g.newGroup().append("run_id", id));
        }
        return Files.readAllBytes(f);
    }

    /**
     * A part file rewritten in place by another tool (DuckDB, pandas: valid Parquet, new bytes) beside the stale
     * {@code .crc} side file an older resweep wrote through Hadoop's checksummed local filesystem is read as it is,
     * as DuckDB reads it — not reported "not readable (Checksum error)"; and resweep's own writes leave no {@code .crc}.
     */
    @Test
    void staleCrcSideFileDoesNotMakeARewrittenFileUnreadable() throws Exception {
        Configuration conf = new Configuration();
        byte[] before = idsFile("before.parquet", List.of("a0", "a1", "a2"));
        byte[] after = idsFile("after.parquet", List.of("b0", "b1"));
        Path part = tmp.resolve("part-0.parquet");
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(part.toUri());
        // an old directory: the part written through a checksummed LocalFileSystem of its own (not the cached one)
        try (org.apache.hadoop.fs.LocalFileSystem old = new org.apache.hadoop.fs.LocalFileSystem()) {
            old.initialize(java.net.URI.create("file:///"), conf);
            try (var out = old.create(hp, false)) {
                out.write(before);
            }
        }
        Path crc = tmp.resolve(".part-0.parquet.crc");
        assertEquals(true, Files.exists(crc), "the old store's .crc side file");
        Path moved = tmp.resolve("rewritten.tmp");
        Files.write(moved, after);
        Files.move(moved, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // mv over it; the .crc stays
        assertEquals(List.of("b0", "b1"), ParquetRunIds.read(conf, hp, "run_id"));
        assertEquals(List.of("b0", "b1"), ParquetRunIds.read(part, "run_id"), "local variant");
        assertEquals(true, Files.exists(crc), "the .crc is kept");

        Path fresh = tmp.resolve("fresh.parquet");
        List<String> ids = List.of("c0");
        ParquetPartWriter.write(conf, new org.apache.hadoop.fs.Path(fresh.toUri()), ALL, List.<Object[]>of(new Object[] {"c0", null, null, null, null, null, null, null}));
        assertEquals(ids, ParquetRunIds.read(fresh, "run_id"));
        assertEquals(false, Files.exists(tmp.resolve(".fresh.parquet.crc")), "no .crc written");
    }
}
