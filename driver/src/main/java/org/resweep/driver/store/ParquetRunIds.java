package org.resweep.driver.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one string column of a Parquet file (e.g. the committed {@code run_id}s) without Spark, from any Hadoop
 * filesystem. The column may be required or optional (files rewritten by DuckDB, pandas or Spark mark columns
 * nullable): nulls are skipped.
 */
public final class ParquetRunIds {
    private ParquetRunIds() {}

    /** A file that is not a readable Parquet file of the expected layout (truncated, damaged, wrong schema). */
    public static final class UnreadableException extends IOException {
        private static final long serialVersionUID = 1L;

        public UnreadableException(String message, Throwable cause) { super(message, cause); }
    }

    /** All non-null values of string column {@code column} of {@code file}, in file order. */
    public static List<String> read(Configuration base, Path file, String column) throws IOException {
        MessageType fileSchema = schema(base, file);
        if (!fileSchema.containsField(column)) {
            throw new UnreadableException(file + " has no column " + column, null);
        }
        Type t = fileSchema.getType(column);
        Configuration conf = new Configuration(base);
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType("m", t).toString());
        List<String> out = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                if (g.getFieldRepetitionCount(column) > 0) out.add(g.getString(column, 0));
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableException(file + " is not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** {@link #read(Configuration, Path, String)} of a local file. */
    public static List<String> read(java.nio.file.Path file, String column) throws IOException {
        return read(new Configuration(), new Path(file.toAbsolutePath().toUri()), column);
    }

    /** The file's schema, read from its footer; {@link UnreadableException} if the footer cannot be read. */
    public static MessageType schema(Configuration conf, Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            return r.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new UnreadableException(file + " is not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }
}
