package org.resweep.driver.results;

import java.util.List;
import java.util.function.Function;
import org.resweep.core.net.Position;
import org.resweep.core.train.RunConfig;

/**
 * The columns that hold a {@link RunConfig}: every record component (and every component of its
 * {@code NetworkSpec}) is its own column, plus the derived seed. A unit test walks the record components by
 * reflection and fails when a new field has no column here, so the tables cannot silently drop a knob.
 */
public final class ConfigColumns {
    private ConfigColumns() {}

    /**
     * One configuration column.
     *
     * @param column    the column
     * @param component the RunConfig component it stores ({@code net.depth} for a NetworkSpec component;
     *                  {@code seed()} for the derived seed)
     * @param get       extracts the value
     */
    public record Field(Column column, String component, Function<RunConfig, Object> get) {}

    private static Field f(String name, ColumnType t, String component, String doc, Function<RunConfig, Object> get) {
        return new Field(new Column(name, t, false, doc), component, get);
    }

    /** In table order. {@code learning_rate} and {@code replicate}/{@code seed} vary inside a best_lr group. */
    public static final List<Field> FIELDS = List.of(
            f("dataset", ColumnType.STRING, "dataset", "data set name (mnist10k, idx:PREFIX)", RunConfig::dataset),
            f("depth", ColumnType.INT, "net.depth", "number of weight matrices L", c -> c.net().depth()),
            f("shortcut", ColumnType.INT, "net.shortcut", "shortcut length n (0 = plain network)", c -> c.net().shortcut()),
            f("width", ColumnType.INT, "net.width", "width d of every layer", c -> c.net().width()),
            f("activation", ColumnType.STRING, "net.activation", "linear, relu, tanh or symmetric-sigmoid",
                    c -> c.net().activation().id()),
            f("positions", ColumnType.STRING, "net.positions", "activation positions, comma-separated in the order pre,mid,post ('' = none)",
                    c -> Position.format(c.net().positions())),
            f("init", ColumnType.STRING, "init", "zero, small, xavier or orthogonal", c -> c.init().id()),
            f("init_scale", ColumnType.DOUBLE, "initScale", "multiplier of small init (1 for the others)", RunConfig::initScale),
            f("learning_rate", ColumnType.DOUBLE, "learningRate", "gradient-descent step size", RunConfig::learningRate),
            f("epochs", ColumnType.INT, "epochs", "gradient steps requested", RunConfig::epochs),
            f("replicate", ColumnType.INT, "replicate", "seed replicate number", RunConfig::replicate),
            f("hessian", ColumnType.STRING, "hessian", "Hessian checkpoint schedule (HessianSchedule.canonical())",
                    c -> c.hessian().canonical()),
            f("store_spectrum", ColumnType.BOOLEAN, "storeSpectrum", "whether checkpoints keep the full spectrum",
                    RunConfig::storeSpectrum),
            f("store_weights", ColumnType.BOOLEAN, "storeWeights", "whether checkpoints keep the weights",
                    RunConfig::storeWeights),
            f("test_data", ColumnType.STRING, "testData", "held-out data set evaluated at the end ('' = none; whitened with the training set's fit)",
                    RunConfig::testData),
            f("stop", ColumnType.STRING, "stop", "convergence rule W:rel_tol of sweep key stop ('' = none): an ok run with epochs_run < epochs stopped by it",
                    c -> c.stop().canonical()),
            f("seed", ColumnType.LONG, "seed()", "the derived seed of every random draw (RunConfig.seed())", RunConfig::seed));

    /** Columns that identify a configuration without learning rate and seed: the best_lr grouping key. */
    public static final List<String> GROUP_KEY = FIELDS.stream().map(fl -> fl.column().name())
            .filter(n -> !n.equals("learning_rate") && !n.equals("replicate") && !n.equals("seed")).toList();

    public static List<Column> columns() { return FIELDS.stream().map(Field::column).toList(); }
}
