package org.resweep.driver.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.resweep.driver.results.Column;
import org.resweep.driver.results.ColumnType;
import org.resweep.driver.results.TableSchema;

/** {@link TableSchema} → Spark {@link StructType}. */
public final class SparkSchemas {
    private SparkSchemas() {}

    public static DataType dataType(ColumnType t) {
        return switch (t) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, false);
            case TIMESTAMP -> DataTypes.TimestampType;
        };
    }

    public static StructType struct(TableSchema t) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : t.columns()) fields.add(DataTypes.createStructField(c.name(), dataType(c.type()), c.nullable()));
        return DataTypes.createStructType(fields);
    }
}
