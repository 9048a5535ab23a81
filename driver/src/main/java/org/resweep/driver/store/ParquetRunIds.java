package org.resweep.driver.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

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

    /**
     * All non-null values of string column {@code column} of {@code file}, in file order. One open of the file (footer
     * and the column's pages only) with {@code conf} as it is: no configuration is created or copied per file (a fresh
     * Hadoop {@code Configuration} parses its XML defaults, ~10–80 ms, which made listing a sweep's run ids scale with
     * its file count).
     */
    public static List<String> read(Configuration conf, Path file, String column) throws IOException {
        List<String> out = new ArrayList<>();
        try (ParquetFileReader r = open(conf, file)) {
            MessageType fileSchema = r.getFooter().getFileMetaData().getSchema();
            if (!fileSchema.containsField(column)) {
                throw new UnreadableException(file + " has no column " + column, null);
            }
            MessageType projection = new MessageType("m", fileSchema.getType(column));
            r.setRequestedSchema(projection);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, fileSchema);
            for (PageReadStore pages = r.readNextRowGroup(); pages != null; pages = r.readNextRowGroup()) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(projection));
                for (long i = 0, n = pages.getRowCount(); i < n; i++) {
                    Group g = records.read();
                    if (g.getFieldRepetitionCount(column) > 0) out.add(g.getString(column, 0));
                }
            }
        } catch (UnreadableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableException(file + " is not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** {@link #read(Configuration, Path, String)} of a local file. */
    public static List<String> read(java.nio.file.Path file, String column) throws IOException {
        return read(LocalConf.CONF, new Path(file.toAbsolutePath().toUri()), column);
    }

    /** One Hadoop configuration with the defaults for local files, loaded once (not per file). */
    private static final class LocalConf {
        static final Configuration CONF = loaded();

        private static Configuration loaded() {
            Configuration c = new Configuration();
            c.get("fs.defaultFS"); // parse the defaults now, once
            return c;
        }
    }

    /** The file's schema, read from its footer; {@link UnreadableException} if the footer cannot be read. */
    public static MessageType schema(Configuration conf, Path file) throws IOException {
        try (ParquetFileReader r = open(conf, file)) {
            return r.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new UnreadableException(file + " is not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens {@code file} for reading its footer and pages with the read options of {@code conf}. (Parquet's
     * {@code ParquetFileReader.open(InputFile)} builds its options from a new {@code Configuration} on every call.)
     */
    public static ParquetFileReader open(Configuration conf, Path file) throws IOException {
        SweepPaths.fs(file, conf); // no .crc verification on the local filesystem (as DuckDB and others read it)
        return ParquetFileReader.open(HadoopInputFile.fromPath(file, conf), HadoopReadOptions.builder(conf, file).build());
    }
}
