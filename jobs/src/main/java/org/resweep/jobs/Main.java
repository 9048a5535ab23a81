package org.resweep.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code resweep} entry point. One class per subcommand; exit codes are mapped in {@link ExitCodes};
 * {@code System.exit} is called only here.
 */
@Command(name = "resweep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Exact-Hessian hyperparameter sweeps for residual networks (Demystifying ResNet).",
        subcommands = {CommandLine.HelpCommand.class, InspectCommand.class, PlanCommand.class, RunCommand.class, AggregateCommand.class,
                SqlCommand.class, PlotCommand.class, ReproduceCommand.class, CompactCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read by {@link ErrorMapping} from the parse result (any position: {@code resweep --debug run …} or after). */
    @CommandLine.Option(names = ErrorMapping.DEBUG, scope = CommandLine.ScopeType.INHERIT,
            description = "on an internal error, also print the stack trace (it always goes to a log file)")
    boolean debug;

    /** No command given: a mistake of the command line, so the usage goes to stderr and the exit code is 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /** Builds the command line (used by {@link #main} and by in-process tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(ExitCodes::onParameterException);
        cl.setExecutionExceptionHandler(Interrupts.wrap(ExitCodes::onExecutionException));
        cl.setExecutionStrategy(ErrorMapping::execute);
        return cl;
    }

    public static void main(String[] args) {
        Interrupts.enable();
        int code = Interrupts.exitCode(commandLine().execute(args), System.err);
        StderrFilter.drainBeforeExit();
        System.exit(code);
    }
}
