package org.resweep.driver.store;

import java.io.IOException;
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
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.resweep.driver.results.Column;
import org.resweep.driver.results.ColumnType;
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
        SweepPaths.fs(file, conf); // no .crc side file on the local filesystem
        RowWriterBuilder b = new RowWriterBuilder(HadoopOutputFile.fromPath(file, conf), table);
        for (Column c : table.columns()) {
            // curves and spectra: distinct doubles, whose dictionary Parquet would build and then drop (measured: more
            // than half of the writing time); written plain (then snappy) from the start
            if (c.type() == ColumnType.DOUBLE_ARRAY) b.withDictionaryEncoding(c.name() + ".list.element", false);
        }
        try (ParquetWriter<Object[]> w = b.withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
            for (Object[] row : rows) w.write(row);
        }
        return file.getFileSystem(conf).getFileStatus(file).getLen();
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

    private static ParquetWriter<Group> writer(Configuration conf, Path file, MessageType schema) throws IOException {
        SweepPaths.fs(file, conf); // no .crc side file on the local filesystem
        return ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
                .withType(schema).withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE).build();
    }

    /**
     * Copies the rows of {@code inputs} (files of {@code table} written by this class) whose {@code run_id} passes
     * {@code keep} into a new file {@code out}, streaming row by row (memory: one row group). Used to compact part
     * files and to drop superseded rows.
     *
     * @return rows written
     */
    public static long copy(Configuration conf, List<Path> inputs, Path out, TableSchema table, Predicate<String> keep)
            throws IOException {
        MessageType schema = messageType(table);
        long n = 0;
        try (ParquetWriter<Group> w = writer(conf, out, schema)) {
            for (Path in : inputs) {
                try (ParquetReader<Group> r = groups(conf, in)) {
                    for (Group g = r.read(); g != null; g = r.read()) {
                        if (!keep.test(g.getString("run_id", 0))) continue;
                        w.write(g);
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
