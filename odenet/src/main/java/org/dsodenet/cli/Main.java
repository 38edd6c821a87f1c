package org.dsodenet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dsodenet} command line. */
@Command(name = "dsodenet", mixinStandardHelpOptions = true, version = "dsodenet 0.1.0",
        description = "Train dsODENet, quantize it bit-exactly, and export it to Vitis HLS.",
        subcommands = {CommandLine.HelpCommand.class, FxCommand.class, ParamsCommand.class,
                TrainCommand.class, AdaptCommand.class, EvalCommand.class, QuantizeCommand.class, ExportHlsCommand.class,
                VerifyHlsCommand.class, DemoCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Explicit writers, flushed before exit: picocli's default writer only flushes on println.
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI and returns the exit code, so tests can call it without exiting the JVM. */
    public static int run(String... args) {
        return Cli.execute(Cli.commandLine(new Main()), args);
    }

    /** Runs the CLI with the given output and error streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = Cli.commandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        try {
            return Cli.execute(cl, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
