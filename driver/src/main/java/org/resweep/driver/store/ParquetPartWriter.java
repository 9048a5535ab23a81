package org.resweep.driver.store;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
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
     *
     * @param rows Not modified.
     * @return the file's size in bytes
     */
    public static long write(Configuration conf, Path file, TableSchema table, List<Object[]> rows) throws IOException {
        MessageType schema = messageType(table);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        List<Column> cols = table.columns();
        try (ParquetWriter<Group> w = writer(conf, file, schema)) {
            for (Object[] row : rows) {
                Group g = groups.newGroup();
                for (int i = 0; i < cols.size(); i++) {
                    Object v = row[i];
                    if (v == null) continue;
                    String n = cols.get(i).name();
                    switch (cols.get(i).type()) {
                        case STRING -> g.append(n, (String) v);
                        case INT -> g.append(n, (Integer) v);
                        case LONG -> g.append(n, (Long) v);
                        case DOUBLE -> g.append(n, (Double) v);
                        case BOOLEAN -> g.append(n, (Boolean) v);
                        case TIMESTAMP -> g.append(n, micros((java.time.Instant) v));
                        case DOUBLE_ARRAY -> {
                            Group list = g.addGroup(n);
                            for (double x : (double[]) v) list.addGroup("list").append("element", x);
                        }
                    }
                }
                w.write(g);
            }
        }
        return file.getFileSystem(conf).getFileStatus(file).getLen();
    }

    private static ParquetWriter<Group> writer(Configuration conf, Path file, MessageType schema) throws IOException {
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
                try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), in).withConf(conf).build()) {
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
