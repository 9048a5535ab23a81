package org.resweep.driver.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.function.Function;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.resweep.driver.results.Column;
import org.resweep.driver.results.ColumnType;
import org.resweep.driver.results.OlderLayouts;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;

/**
 * Writes one Parquet file of a result table through the Hadoop filesystem API (any filesystem: executors write their
 * tasks' rows with it, the store rewrites its own files with it), without a Spark job. The file uses only standard
 * Parquet types: strings as {@code binary (STRING)},
 * arrays as the 3-level {@code LIST} — the layout Spark writes itself — so Spark, DuckDB and pyarrow read it alike.
 */
public final class ParquetPartWriter {
    private ParquetPartWriter() {}

    /** The Parquet schema of a table. */
    public static MessageType messageType(TableSchema t) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : t.columns()) b.addField(field(c));
        return b.named("spark_schema");
    }

    private static Type field(Column c) {
        Type.Repetition rep = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        return switch (c.type()) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
            case DOUBLE_ARRAY -> Types.list(rep).requiredElement(PrimitiveTypeName.DOUBLE).named(c.name());
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name());
        };
    }

    /** Microseconds since the epoch (UTC); sub-microsecond digits are dropped. */
    static long micros(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /**
     * Writes {@code rows} (aligned with {@code table}'s columns) to a new file {@code file} (which must not exist).
     * Values go straight to Parquet's record consumer ({@link RowWriteSupport}): no intermediate object per value.
     *
     * @param rows Not modified.
     * @return the file's size in bytes
     */
    public static long write(Configuration conf, Path file, TableSchema table, List<Object[]> rows) throws IOException {
        try (ParquetWriter<Object[]> w = rowWriter(conf, file, table)) {
            for (Object[] row : rows) w.write(row);
        }
        return file.getFileSystem(conf).getFileStatus(file).getLen();
    }

    /** A writer of {@code Object[]} rows of {@code table} to the new file {@code file}. */
    private static ParquetWriter<Object[]> rowWriter(Configuration conf, Path file, TableSchema table) throws IOException {
        SweepPaths.fs(file, conf); // no .crc side file on the local filesystem
        RowWriterBuilder b = new RowWriterBuilder(HadoopOutputFile.fromPath(file, conf), table);
        for (Column c : table.columns()) {
            // curves and spectra: distinct doubles, whose dictionary Parquet would build and then drop (measured: more
            // than half of the writing time); written plain (then snappy) from the start
            if (c.type() == ColumnType.DOUBLE_ARRAY) b.withDictionaryEncoding(c.name() + ".list.element", false);
        }
        return b.withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.CREATE).build();
    }

    /** Builds writers of {@code Object[]} rows of one table. */
    private static final class RowWriterBuilder extends ParquetWriter.Builder<Object[], RowWriterBuilder> {
        private final TableSchema table;

        RowWriterBuilder(org.apache.parquet.io.OutputFile file, TableSchema table) {
            super(file);
            this.table = table;
        }

        @Override
        protected RowWriterBuilder self() { return this; }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) { return new RowWriteSupport(table); }
    }

    /**
     * Writes one row ({@code Object[]} aligned with the table's columns, the Java types of {@link Column}) as one
     * Parquet record of {@link #messageType}: null values are absent optional fields; arrays are 3-level lists.
     */
    static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final TableSchema table;
        private final ColumnType[] types;
        private final String[] names;
        private RecordConsumer out;

        RowWriteSupport(TableSchema table) {
            this.table = table;
            List<Column> cols = table.columns();
            this.types = new ColumnType[cols.size()];
            this.names = new String[cols.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = cols.get(i).type();
                names[i] = cols.get(i).name();
            }
        }

        @Override
        public WriteContext init(Configuration conf) { return new WriteContext(messageType(table), java.util.Map.of()); }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) { this.out = recordConsumer; }

        @Override
        public void write(Object[] row) {
            out.startMessage();
            for (int i = 0; i < types.length; i++) {
                Object v = row[i];
                if (v == null) continue;
                out.startField(names[i], i);
                switch (types[i]) {
                    case STRING -> out.addBinary(Binary.fromString((String) v));
                    case INT -> out.addInteger((Integer) v);
                    case LONG -> out.addLong((Long) v);
                    case DOUBLE -> out.addDouble((Double) v);
                    case BOOLEAN -> out.addBoolean((Boolean) v);
                    case TIMESTAMP -> out.addLong(micros((java.time.Instant) v));
                    case DOUBLE_ARRAY -> {
                        double[] a = (double[]) v;
                        out.startGroup();
                        if (a.length > 0) {
                            out.startField("list", 0);
                            for (double x : a) {
                                out.startGroup();
                                out.startField("element", 0);
                                out.addDouble(x);
                                out.endField("element", 0);
                                out.endGroup();
                            }
                            out.endField("list", 0);
                        }
                        out.endGroup();
                    }
                }
                out.endField(names[i], i);
            }
            out.endMessage();
        }
    }

    /** A reader of {@code file}'s rows as groups, with {@code conf} as it is (no new configuration per file). */
    private static ParquetReader<Group> groups(Configuration conf, Path file) throws IOException {
        SweepPaths.fs(file, conf); // no .crc verification on the local filesystem
        return new ParquetReader.Builder<Group>(HadoopInputFile.fromPath(file, conf)) {
            @Override
            protected org.apache.parquet.hadoop.api.ReadSupport<Group> getReadSupport() { return new GroupReadSupport(); }
        }.build();
    }

    /**
     * Copies the rows of {@code inputs} (files of {@code table} written by this class, in the current layout or in the
     * layout of an older schema version) whose {@code run_id} passes {@code keep} into a new file {@code out} of the
     * current layout, streaming row by row (memory: one row group). Used to compact part files and to drop superseded
     * rows. Each file's rows are projected onto {@code table} by column name, as the readers do
     * ({@link #project}): values are unchanged; a column the file lacks gets what readers give older layouts.
     *
     * @return rows written
     * @throws SweepDirectoryException if a file cannot be projected (a column of another type, a column the current
     *                                 schema does not have, a required column missing with no older value)
     */
    public static long copy(Configuration conf, List<Path> inputs, Path out, TableSchema table, Predicate<String> keep)
            throws IOException {
        long n = 0;
        try (ParquetWriter<Object[]> w = rowWriter(conf, out, table)) {
            for (Path in : inputs) {
                try (ParquetReader<Group> r = groups(conf, in)) {
                    Group g = r.read();
                    if (g == null) continue;
                    Function<Group, Object[]> row = project(in, g.getType(), table);
                    for (; g != null; g = r.read()) {
                        if (!keep.test(g.getString("run_id", 0))) continue;
                        w.write(row.apply(g));
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * The rows of {@code file} (a file of {@code table}, in the current layout or an older one), projected onto
     * {@code columns} of {@code table} as {@link #copy} projects them; only those columns' pages are read.
     *
     * @param limit the most rows wanted: past it, null is returned (the caller then reads another way)
     * @return rows aligned with {@code columns}, in file order, or null if the file has more than {@code limit}
     * @throws SweepDirectoryException if the file cannot be projected (as {@link #copy})
     */
    public static List<Object[]> readColumns(Configuration conf, Path file, TableSchema table, List<String> columns, long limit)
            throws IOException {
        List<Column> want = new ArrayList<>();
        for (String c : columns) want.add(table.columns().get(table.indexOf(c)));
        TableSchema slim = new TableSchema(table.name(), want);
        List<Object[]> out = new ArrayList<>();
        try (org.apache.parquet.hadoop.ParquetFileReader r = ParquetRunIds.open(conf, file)) {
            MessageType fileSchema = r.getFooter().getFileMetaData().getSchema();
            if (r.getRecordCount() > limit) return null;
            List<Type> present = new ArrayList<>();
            for (String c : columns) if (fileSchema.containsField(c)) present.add(fileSchema.getType(c));
            MessageType projection = new MessageType(fileSchema.getName(), present);
            r.setRequestedSchema(projection);
            Function<Group, Object[]> row = project(file, projection, slim);
            org.apache.parquet.io.MessageColumnIO io = new org.apache.parquet.io.ColumnIOFactory().getColumnIO(projection, fileSchema);
            for (org.apache.parquet.column.page.PageReadStore pages = r.readNextRowGroup(); pages != null; pages = r.readNextRowGroup()) {
                org.apache.parquet.io.RecordReader<Group> records = io.getRecordReader(pages,
                        new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(projection));
                for (long i = 0, n = pages.getRowCount(); i < n; i++) out.add(row.apply(records.read()));
            }
        }
        return out;
    }

    /**
     * How a record of {@code file} (Parquet schema {@code have}) becomes a row of {@code table}: by column name; a
     * column {@code have} lacks is {@link OlderLayouts#CONFIG_DEFAULTS}' value, else null (docs/results-schema.md,
     * "Older sweep directories"); version 1's ISO-8601 text {@code completed_at} is parsed as the instant it names.
     */
    static Function<Group, Object[]> project(Path file, GroupType have, TableSchema table) {
        for (Type t : have.getFields()) {
            if (!table.columns().stream().anyMatch(c -> c.name().equals(t.getName()))) {
                throw new SweepDirectoryException(file + ": column " + t.getName() + " is not in the results schema (version "
                        + ResultSchema.VERSION + "); resweep cannot rewrite this file");
            }
        }
        List<Column> cols = table.columns();
        List<Function<Group, Object>> get = new ArrayList<>();
        for (Column c : cols) {
            if (!have.containsField(c.name())) {
                Object d = OlderLayouts.CONFIG_DEFAULTS.get(c.name());
                if (d == null && !c.nullable()) {
                    throw new SweepDirectoryException(file + ": required column " + c.name() + " is missing and older layouts "
                            + "have no value for it; resweep cannot rewrite this file");
                }
                get.add(g -> d);
                continue;
            }
            int i = have.getFieldIndex(c.name());
            Function<Group, Object> value = reader(file, have.getType(i), c, i);
            get.add(g -> g.getFieldRepetitionCount(i) == 0 ? null : value.apply(g));
        }
        return g -> {
            Object[] row = new Object[cols.size()];
            for (int k = 0; k < row.length; k++) row[k] = get.get(k).apply(g);
            return row;
        };
    }

    /** The value of field {@code i} (present) of a record, as the Java type of {@code c} (see {@link Column}). */
    private static Function<Group, Object> reader(Path file, Type t, Column c, int i) {
        if (c.type() == ColumnType.DOUBLE_ARRAY && !t.isPrimitive()) {
            return g -> {
                Group list = g.getGroup(i, 0);
                if (list.getType().getFieldCount() != 1) throw mismatch(file, t, c);
                int n = list.getFieldRepetitionCount(0);
                double[] a = new double[n];
                for (int k = 0; k < n; k++) a[k] = list.getGroup(0, k).getDouble(0, 0);
                return a;
            };
        }
        if (!t.isPrimitive()) throw mismatch(file, t, c);
        PrimitiveTypeName p = t.asPrimitiveType().getPrimitiveTypeName();
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        return switch (c.type()) {
            case STRING -> p == PrimitiveTypeName.BINARY ? g -> g.getString(i, 0) : fail(file, t, c);
            case INT -> p == PrimitiveTypeName.INT32 ? g -> g.getInteger(i, 0) : fail(file, t, c);
            case LONG -> p == PrimitiveTypeName.INT64 ? g -> g.getLong(i, 0)
                    : p == PrimitiveTypeName.INT32 ? g -> (long) g.getInteger(i, 0) : fail(file, t, c);
            case DOUBLE -> p == PrimitiveTypeName.DOUBLE ? g -> g.getDouble(i, 0) : fail(file, t, c);
            case BOOLEAN -> p == PrimitiveTypeName.BOOLEAN ? g -> g.getBoolean(i, 0) : fail(file, t, c);
            case TIMESTAMP -> {
                if (p == PrimitiveTypeName.BINARY) yield g -> Instant.parse(g.getString(i, 0)); // version 1: ISO-8601 text
                if (p == PrimitiveTypeName.INT64 && a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                        && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS) {
                    yield g -> fromMicros(g.getLong(i, 0));
                }
                yield fail(file, t, c);
            }
            case DOUBLE_ARRAY -> fail(file, t, c);
        };
    }

    private static Function<Group, Object> fail(Path file, Type t, Column c) { throw mismatch(file, t, c); }

    private static SweepDirectoryException mismatch(Path file, Type t, Column c) {
        return new SweepDirectoryException(file + ": column " + c.name() + " is stored as " + t + ", not as the results "
                + "schema's " + c.type().sqlName() + "; resweep cannot rewrite this file");
    }

    /** The instant {@code m} microseconds after the epoch (inverse of {@link #micros}). */
    static Instant fromMicros(long m) {
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000);
    }
}
