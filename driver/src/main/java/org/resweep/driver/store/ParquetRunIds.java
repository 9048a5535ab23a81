package org.resweep.driver.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/** Reads one string column of a Parquet file (e.g. the committed {@code run_id}s) without Spark. */
public final class ParquetRunIds {
    private ParquetRunIds() {}

    /** All values of required string column {@code column} of {@code file}, in file order. */
    public static List<String> read(Path file, String column) throws IOException {
        Configuration conf = new Configuration();
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, "message m { required binary " + column + " (STRING); }");
        List<String> out = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri())).withConf(conf).build()) {
            for (Group g = r.read(); g != null; g = r.read()) out.add(g.getString(column, 0));
        }
        return out;
    }
}
