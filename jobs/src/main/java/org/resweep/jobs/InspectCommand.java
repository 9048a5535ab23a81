package org.resweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.eig.Spectrum;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.hessian.DataHessian;
import org.resweep.core.loss.DataPath;
import org.resweep.core.loss.LossModel;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.net.WeightNorms;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.Runner;
import org.resweep.core.train.Trainer;
import org.resweep.core.train.Trajectory;
import org.resweep.core.data.Whitening;
import org.resweep.core.util.BadInputException;
import org.resweep.core.util.Npy;
import org.resweep.driver.spec.SweepSpec;
import org.resweep.driver.spec.SweepSpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resweep inspect}: one configuration, no Spark (README.md, Commands). Builds or loads the weights, optionally trains,
 * and prints one JSON object with the loss, gradient norm and Hessian statistics; exports weights, Hessian,
 * spectrum and the preprocessed data as {@code .npy}.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One configuration, no Spark: loss, gradient norm and exact-Hessian statistics as JSON.",
                "Reports the state after training when --epochs is given, else at the initial (or loaded) weights."})
public final class InspectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--data", defaultValue = "mnist10k", paramLabel = "mnist10k|idx:PREFIX",
            description = "Data set (default: ${DEFAULT-VALUE}, the embedded 10,000 MNIST digits).")
    String data;

    @Option(names = "--depth", required = true, paramLabel = "L", description = "Number of weight matrices.")
    int depth;

    @Option(names = "--shortcut", required = true, paramLabel = "n", description = "Shortcut length (0 = plain network).")
    int shortcut;

    @Option(names = "--init", paramLabel = "zero|small|xavier|orthogonal", description = "Initialisation (required unless --weights).")
    String init;

    @Option(names = "--init-scale", paramLabel = "e", defaultValue = "0.01",
            description = "Multiplier of Xavier-normal for --init small (default: ${DEFAULT-VALUE}).")
    double initScale;

    @Option(names = "--activation", defaultValue = "linear", paramLabel = "NAME",
            description = "linear, relu, tanh or symmetric-sigmoid (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--positions", defaultValue = "mid", paramLabel = "pre,mid,post",
            description = "Where the activation is applied (default: ${DEFAULT-VALUE}; ignored for linear).")
    String positions;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "s", description = "Seed replicate number (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--weights", paramLabel = "W.npy", description = "Load weights of shape (L, d, d) instead of initialising.")
    Path weights;

    @Option(names = "--epochs", paramLabel = "E", description = "Train E full-batch gradient-descent epochs first (needs --lr).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "η", description = "Learning rate for --epochs.")
    Double lr;

    @Option(names = "--no-hessian", description = "Skip the Hessian and its spectrum.")
    boolean noHessian;

    @Option(names = "--path", defaultValue = "auto", paramLabel = "auto|moment|data",
            description = "Loss/Hessian path: moment (linear nets, cost independent of N) or data (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--eigen", defaultValue = "auto", paramLabel = "auto|ejml|lapack|lapack-2stage",
            description = "Eigen backend (default: ${DEFAULT-VALUE}: native LAPACK dsyevd_2stage when present, else "
                    + "dsyevd, else EJML; lapack: dsyevd).")
    String eigen;

    @Option(names = "--export-weights", paramLabel = "W.npy", description = "Write the initial (or loaded) weights, shape (L, d, d).")
    Path exportWeights;

    @Option(names = "--export-final-weights", paramLabel = "W.npy",
            description = "Write the weights the statistics are reported at (after --epochs of training), shape (L, d, d).")
    Path exportFinalWeights;

    @Option(names = "--export-gradient", paramLabel = "G.npy",
            description = "Write the gradient at those weights, shape (L, d, d) (same layout as the weights).")
    Path exportGradient;

    @Option(names = "--export-hessian", paramLabel = "H.npy", description = "Write the Hessian, shape (P, P), parameter order of docs/model.md §2.")
    Path exportHessian;

    @Option(names = "--export-spectrum", paramLabel = "S.npy", description = "Write the sorted eigenvalues, shape (P,).")
    Path exportSpectrum;

    @Option(names = "--export-data", paramLabel = "DIR", description = "Write the preprocessed X.npy and Y.npy, shape (N, d), into DIR (created if missing; its parent must exist).")
    Path exportData;

    @Override
    public Integer call() {
        // Every flag is checked before the data is loaded or LAPACK starts: a mistake is one line, at once.
        checkFlags();
        String pathMode = path.trim().toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("auto", "moment", "data").contains(pathMode)) {
            throw new ExitCodes.UserError("--path: unknown value '" + BadInputException.echo(path) + "'; allowed: auto, moment, data");
        }
        Activation act = userInput("--activation", () -> Activation.parse(activation));
        Set<Position> pos = userInput("--positions", () -> Position.parseList(positions));
        InitKind initKind = init == null ? InitKind.ZERO : userInput("--init", () -> InitKind.parse(init));
        checkExportTargets();
        EigenBackend backend = noHessian ? null : userInput("--eigen", () -> EigenBackends.byName(eigen));

        Dataset ds;
        try {
            ds = Datasets.load(data);
        } catch (BadInputException e) {
            throw new ExitCodes.UserError("--data: " + e.getMessage());
        }
        NetworkSpec net = userInput(() -> new NetworkSpec(depth, shortcut, ds.d(), act, pos));
        if (!noHessian && net.numParams() > org.resweep.driver.spec.SweepSpec.MAX_HESSIAN_PARAMS) {
            throw new ExitCodes.UserError("--depth: " + depth + " gives P = " + net.numParams() + " parameters; allowed: "
                    + "depth ≤ " + org.resweep.driver.spec.SweepSpec.MAX_HESSIAN_PARAMS / (net.width() * net.width())
                    + " with the Hessian (its P × P matrix takes 8·P² bytes), or --no-hessian");
        }
        if (pathMode.equals("moment") && !net.isLinear()) {
            throw new ExitCodes.UserError("--path: 'moment' needs a linear network; activation " + act.id()
                    + " at " + Position.format(pos) + " is not; use 'data' or 'auto'");
        }
        RunConfig cfg = userInput(() -> new RunConfig(data, net, initKind, initScale, lr == null ? 1.0 : lr,
                epochs == null ? 0 : epochs, seed, noHessian ? HessianSchedule.NONE : HessianSchedule.INIT_AND_END, false));

        double[] w0 = weights != null ? readWeights(weights, net) : Initializer.init(net, initKind, cfg.initScale(), cfg.seed());
        if (exportData != null) writeData(ds, exportData);
        if (exportWeights != null) writeNpy("--export-weights", exportWeights, toNpyLayout(w0, net), net.depth(), net.width(), net.width());

        // auto and moment: the run's own choice (moment path for linear nets); data: forced, e.g. to cross-check.
        Runner.Paths paths = pathMode.equals("data")
                ? new Runner.Paths(Runner.DATA, new DataPath(net, ds), noHessian ? null : new DataHessian(net, ds))
                : Runner.paths(net, ds, !noHessian);
        LossModel model = paths.loss();
        Map<String, Object> out = new LinkedHashMap<>();
        double[] w = w0;
        Trajectory tr = null;
        if (epochs != null) {
            tr = new Trainer(model, null, null).train(w0, cfg.learningRate(), epochs, HessianSchedule.NONE, false);
            w = tr.finalWeights();
            putTraining(out, tr);
            out.put("escape_epoch", tr.escapeEpoch() < 0 ? null : tr.escapeEpoch());
        }
        double[] grad = new double[net.numParams()];
        double loss = model.lossAndGradient(w, grad);
        double gradNorm = norm(grad);
        out.put("loss", loss);
        out.put("grad_norm", gradNorm);
        out.put("num_params", net.numParams());
        out.put("weight_norm_mean", WeightNorms.mean(net, w));
        out.put("weight_norm_max", WeightNorms.max(net, w));
        out.put("unit_product_norm_mean", WeightNorms.unitProductMean(net, w));
        if (exportFinalWeights != null) writeNpy("--export-final-weights", exportFinalWeights, toNpyLayout(w, net), net.depth(), net.width(), net.width());
        if (exportGradient != null) writeNpy("--export-gradient", exportGradient, toNpyLayout(grad, net), net.depth(), net.width(), net.width());
        String notFinite = nonFiniteState(w, loss, gradNorm, tr);
        if (!noHessian && notFinite != null) {
            out.put("hessian_skipped", notFinite);
        } else if (!noHessian) {
            long t0 = System.nanoTime();
            DMatrixRMaj h = paths.hessian().hessian(w, null);
            double hessianSeconds = (System.nanoTime() - t0) / 1e9;
            if (exportHessian != null) writeNpy("--export-hessian", exportHessian, h.data, h.numRows, h.numCols);
            t0 = System.nanoTime();
            double[] eigs = backend.eigenvalues(h);
            double eigSeconds = (System.nanoTime() - t0) / 1e9;
            if (exportSpectrum != null) writeNpy("--export-spectrum", exportSpectrum, eigs, eigs.length);
            SpectrumStats s = Spectrum.stats(eigs, net.width() * net.width());
            out.put("max_abs_eig", s.maxAbsEig());
            out.put("p10_abs_eig", s.p10AbsEig());
            out.put("min_abs_eig", s.minAbsEig());
            out.put("cond", s.cond());
            out.put("index", s.index());
            out.put("trace", s.trace());
            out.put("min_eig", s.minEig());
            out.put("max_eig", s.maxEig());
            out.put("index_raw", s.indexRaw());
            out.put("index_1e6", s.index1e6());
            out.put("index_1e3", s.index1e3());
            out.put("neg_mass", s.negMass());
            out.put("top_r", s.topR());
            out.put("index_top", s.indexTop());
            out.put("cond_top", s.condTop());
            out.put("n_flat", s.nFlat());
            out.put("eigen_backend", backend.name()); // the runs table's column name
            out.put("hessian_seconds", hessianSeconds);
            out.put("eigen_seconds", eigSeconds);
        }
        out.put("loss_path", paths.name());
        out.put("depth", net.depth());
        out.put("shortcut", net.shortcut());
        out.put("width", net.width());
        out.put("activation", net.activation().id());
        out.put("positions", Position.format(net.positions()));
        out.put("init", weights != null ? "file:" + weights : initKind.id());
        out.put("init_scale", cfg.initScale());
        out.put("seed", cfg.seed());
        if (epochs != null) {
            out.put("epochs", epochs);
            out.put("learning_rate", cfg.learningRate());
            out.put("run_id", cfg.runId());
        }
        out.put("data", data);
        out.put("n_samples", ds.n());
        out.put("data_hash", ds.rawHash());
        out.put("l_star", ds.moments().lStar());
        spec.commandLine().getOut().println(Json.write(out));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /**
     * Checks the numeric and combination flags against the limits a sweep spec has (depth 1…{@value
     * SweepSpec#MAX_DEPTH}, shortcut 0…{@value SweepSpec#MAX_SHORTCUT} dividing the depth, P = depth·d² ≤ {@value
     * SweepSpec#MAX_HESSIAN_PARAMS} with a Hessian, d = {@value Whitening#K} for every data set), before any
     * allocation.
     */
    void checkFlags() {
        if (depth < 1 || depth > SweepSpec.MAX_DEPTH) {
            throw new ExitCodes.UserError("--depth: " + depth + " is not allowed; allowed: 1 to " + SweepSpec.MAX_DEPTH);
        }
        if (shortcut < 0 || shortcut > SweepSpec.MAX_SHORTCUT) {
            throw new ExitCodes.UserError("--shortcut: " + shortcut + " is not allowed; allowed: 0 (plain) to "
                    + SweepSpec.MAX_SHORTCUT);
        }
        if (shortcut > 0 && depth % shortcut != 0) {
            throw new ExitCodes.UserError("--shortcut: " + shortcut + " does not divide --depth " + depth
                    + "; allowed: 0 (plain) or a divisor of the depth");
        }
        long p = (long) depth * Whitening.K * Whitening.K;
        if (!noHessian && p > SweepSpec.MAX_HESSIAN_PARAMS) {
            throw new ExitCodes.UserError("--depth: " + depth + " gives P = " + p + " parameters; allowed: depth ≤ "
                    + SweepSpec.MAX_HESSIAN_PARAMS / (Whitening.K * Whitening.K) + " with the Hessian (its P × P matrix "
                    + "takes 8·P² bytes), or --no-hessian");
        }
        if (seed < 0) throw new ExitCodes.UserError("--seed: " + seed + " is not allowed; allowed: integers ≥ 0");
        if (!(initScale > 0) || !Double.isFinite(initScale)) {
            throw new ExitCodes.UserError("--init-scale: " + initScale + " is not allowed; allowed: finite numbers > 0");
        }
        if (epochs != null && (epochs < 0 || epochs > SweepSpecParser.MAX_EPOCHS)) {
            throw new ExitCodes.UserError("--epochs: " + epochs + " is not allowed; allowed: 0 to " + SweepSpecParser.MAX_EPOCHS);
        }
        if (lr != null && (!(lr > 0) || !Double.isFinite(lr))) {
            throw new ExitCodes.UserError("--lr: " + lr + " is not allowed; allowed: finite numbers > 0");
        }
        if (epochs != null && epochs > 0 && lr == null) throw new ExitCodes.UserError("--epochs: needs --lr (the learning rate)");
        if (lr != null && epochs == null) throw new ExitCodes.UserError("--lr: given without --epochs");
        if (weights == null && init == null) {
            throw new ExitCodes.UserError("--init: missing; give one of zero, small, xavier, orthogonal (or --weights W.npy)");
        }
        if (noHessian && (exportHessian != null || exportSpectrum != null)) {
            throw new ExitCodes.UserError("--no-hessian: cannot be combined with --export-hessian or --export-spectrum");
        }
    }

    /**
     * Checks every export target before anything is computed: a file target must not be a directory, must not exist
     * (resweep never rewrites a file it did not write) and must not be another export's target, and its directory must
     * exist and accept a new file; the {@code --export-data} target must be a directory (created if missing, in an
     * existing parent).
     * Each is probed by creating (and removing) a temporary file of our own next to it; nothing else is touched.
     */
    void checkExportTargets() {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("--export-weights", exportWeights);
        files.put("--export-final-weights", exportFinalWeights);
        files.put("--export-gradient", exportGradient);
        files.put("--export-hessian", exportHessian);
        files.put("--export-spectrum", exportSpectrum);
        Map<Path, String> claimed = new java.util.HashMap<>(); // target → the option that names it
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path f = e.getValue();
            if (f == null) continue;
            if (Files.isDirectory(f)) {
                throw new ExitCodes.UserError(e.getKey() + ": '" + BadInputException.echo(f) + "' is a directory; allowed: "
                        + "a file path (the .npy is written there)");
            }
            claim(claimed, e.getKey(), f, f);
        }
        if (exportData != null) {
            if (Files.exists(exportData) && !Files.isDirectory(exportData)) {
                throw new ExitCodes.UserError("--export-data: '" + BadInputException.echo(exportData) + "' is a file; "
                        + "allowed: a directory (created if missing, in an existing directory) to write X.npy and Y.npy into");
            }
            for (String n : List.of("X.npy", "Y.npy")) claim(claimed, "--export-data", exportData, exportData.resolve(n));
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            if (e.getValue() != null) probeDirectory(e.getKey(), e.getValue(), e.getValue().toAbsolutePath().getParent());
        }
        if (exportData != null) probeDirectory("--export-data", exportData, exportData.toAbsolutePath());
    }

    /**
     * Records that {@code option} (given {@code given}) writes {@code target}: refuses a target another option writes
     * too, and one that exists — resweep never rewrites a file it did not write.
     */
    private static void claim(Map<Path, String> claimed, String option, Path given, Path target) {
        Path key = target.toAbsolutePath().normalize();
        String other = claimed.putIfAbsent(key, option);
        if (other != null) {
            throw new ExitCodes.UserError(other + ", " + option + ": both write '" + BadInputException.echo(key)
                    + "'; allowed: a different file for each export");
        }
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw exists(option, given, target);
        }
    }

    private static ExitCodes.UserError exists(String option, Path given, Path target) {
        String what = given.equals(target) ? "'" + BadInputException.echo(target) + "' exists"
                : "'" + BadInputException.echo(given) + "' holds " + target.getFileName() + " already";
        return new ExitCodes.UserError(option + ": " + what + " (resweep does not overwrite files); allowed: a path where no "
                + "file is yet — move or remove the old one first");
    }

    /**
     * Creates a temporary file in {@code dir}, then removes it. A missing {@code dir} is refused (as {@code cp} or
     * {@code numpy.save} would: a typo in a directory name must not create a tree); only {@code --export-data}'s own
     * directory is created, and only when its parent exists (as {@code mkdir} without {@code -p} would).
     */
    private static void probeDirectory(String flag, Path target, Path dir) {
        boolean create = flag.equals("--export-data");
        Path missing = create ? dir.getParent() : dir;
        if (missing != null && !Files.isDirectory(missing)) {
            String why = Files.exists(missing) ? "'" + BadInputException.echo(missing) + "' is not a directory"
                    : "directory '" + BadInputException.echo(missing) + "' does not exist";
            throw new ExitCodes.UserError(flag + ": cannot write '" + BadInputException.echo(target) + "': " + why
                    + "; allowed: a path in an existing directory (create it first)"
                    + (create ? "; --export-data creates only its own last directory" : ""));
        }
        try {
            if (create && !Files.isDirectory(dir)) Files.createDirectory(dir);
            Path probe = Files.createTempFile(dir, ".resweep-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new ExitCodes.UserError(flag + ": cannot write '" + BadInputException.echo(target) + "' (" + reason(e)
                    + " in '" + BadInputException.echo(dir) + "')");
        }
    }

    /** Why a file operation failed, without temporary file names ({@link OutDir#reason}). */
    static String reason(Exception e) { return OutDir.reason(e); }

    /**
     * The training part of the report: status, epochs run, the epoch of divergence (−1 if none), the initial loss,
     * and the last epoch whose loss was finite with that loss — the finite values a diverged run still has. A loss
     * that is not finite stays a non-finite double in the result (written per the JSON writer's policy).
     */
    static void putTraining(Map<String, Object> out, Trajectory tr) {
        out.put("status", tr.status());
        out.put("epochs_run", tr.epochsRun());
        out.put("diverged_epoch", tr.divergedEpoch());
        out.put("initial_loss", tr.initialLoss());
        double[] curve = tr.lossCurve();
        int last = curve.length - 1;
        while (last >= 0 && !Double.isFinite(curve[last])) last--;
        out.put("last_finite_epoch", last);
        out.put("last_finite_loss", last >= 0 ? curve[last] : null);
    }

    /**
     * Why the Hessian cannot be computed at {@code w} — weights, loss or gradient not finite (training diverged, or
     * an initialisation too large) — or null if it can. The Hessian there would hold infinities, which no eigen
     * solver accepts; the report then omits the Hessian statistics and says why.
     */
    static String nonFiniteState(double[] w, double loss, double gradNorm, Trajectory tr) {
        boolean finiteW = true;
        for (double v : w) finiteW &= Double.isFinite(v);
        if (finiteW && Double.isFinite(loss) && Double.isFinite(gradNorm)) return null;
        String what = !finiteW ? "the weights are" : !Double.isFinite(loss) ? "the loss is" : "the gradient is";
        String when = tr != null && tr.divergedEpoch() >= 0 ? " (training diverged at epoch " + tr.divergedEpoch() + ")" : "";
        return "Hessian not computed: " + what + " not finite" + when;
    }

    /**
     * {@link #userInput(java.util.function.Supplier)} for the parse of one flag's value: the parser names the field as
     * a spec does ({@code positions:}, {@code eigen_backend:}); the message names the flag instead ({@code --positions:}).
     */
    static <T> T userInput(String flag, java.util.function.Supplier<T> build) {
        try {
            return userInput(build);
        } catch (ExitCodes.UserError e) {
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(": ");
            if (colon > 0 && m.substring(0, colon).matches("[a-z_]+")) throw new ExitCodes.UserError(flag + m.substring(colon));
            throw e;
        }
    }

    /** Runs a parse or constructor on user-given flags: its IllegalArgumentException is the user's mistake. */
    static <T> T userInput(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (org.resweep.core.util.BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserError(e.getMessage());
        }
    }

    /** Reads an (L, d, d) .npy (C order: element [l][i][j] = W[l](i, j)) into the flat column-major layout. */
    static double[] readWeights(Path file, NetworkSpec net) {
        int l = net.depth(), d = net.width();
        Npy.Array a;
        try {
            // one stream (a pipe works): the shape first, never read data of the wrong shape
            a = Npy.read(file, h -> {
                int[] s = h.shape();
                if (s.length != 3 || s[0] != l || s[1] != d || s[2] != d) {
                    throw new ExitCodes.UserError("--weights: '" + BadInputException.echo(file) + "' has shape "
                            + BadInputException.echo(java.util.Arrays.toString(s)) + "; this network needs (" + l + ", "
                            + d + ", " + d + ") (depth, width, width)");
                }
            });
        } catch (ExitCodes.UserError e) {
            throw e;
        } catch (BadInputException e) {
            throw new ExitCodes.UserError("--weights: " + e.getMessage());
        }
        double[] w = new double[l * d * d];
        for (int k = 0; k < l; k++)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    double v = a.data()[(k * d + i) * d + j];
                    if (!Double.isFinite(v)) {
                        throw new ExitCodes.UserError("--weights: '" + file + "' holds a non-finite value at [" + k + ", " + i + ", " + j + "]");
                    }
                    w[k * d * d + j * d + i] = v;
                }
        return w;
    }

    /** Flat column-major parameters to (L, d, d) C order. */
    static double[] toNpyLayout(double[] w, NetworkSpec net) {
        int l = net.depth(), d = net.width();
        double[] out = new double[w.length];
        for (int k = 0; k < l; k++)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) out[(k * d + i) * d + j] = w[k * d * d + j * d + i];
        return out;
    }

    private static void writeData(Dataset ds, Path dir) {
        int n = ds.n(), d = ds.d();
        double[] x = new double[n * d], y = new double[n * d];
        for (int q = 0; q < d; q++)
            for (int i = 0; i < n; i++) {
                x[i * d + q] = ds.x()[q * n + i];
                y[i * d + q] = ds.y()[q * n + i];
            }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ExitCodes.UserError("--export-data: cannot create directory '" + BadInputException.echo(dir) + "' ("
                    + reason(e) + ")");
        }
        writeNpy("--export-data", dir.resolve("X.npy"), x, n, d);
        writeNpy("--export-data", dir.resolve("Y.npy"), y, n, d);
    }

    /**
     * Writes {@code file} whole or not at all: into a temporary file of ours next to it (created with the umask's
     * permissions, as any new file), then published under its name only if no file has that name (a hard link, which
     * fails on an existing name; a plain move where the filesystem has no hard links).
     *
     * @throws ExitCodes.UserError naming {@code flag} if the file cannot be written or has appeared meanwhile
     */
    private static void writeNpy(String flag, Path file, double[] data, int... shape) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = parent.resolve("." + file.getFileName() + "." + java.util.UUID.randomUUID().toString().substring(0, 8) + ".tmp");
            try {
                try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE), 1 << 16)) {
                    Npy.write(out, data, shape);
                }
                try {
                    Files.createLink(file, tmp);
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof java.nio.file.FileAlreadyExistsException f) throw f;
                    Files.move(tmp, file); // no hard links here: a move that refuses an existing target
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw exists(flag, file, file);
        } catch (IOException | UncheckedIOException e) {
            throw new ExitCodes.UserError(flag + ": cannot write '" + BadInputException.echo(file) + "' (" + reason(e) + ")");
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }
}
