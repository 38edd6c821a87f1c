package org.dsodenet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dsodenet} command line. */
@Command(name = "dsodenet", mixinStandardHelpOptions = true, version = "dsodenet 0.1.0",
        description = "Train dsODENet, quantize it bit-exactly, and export it to Vitis HLS.",
        subcommands = {CommandLine.HelpCommand.class, FxCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code, so tests can call it without exiting the JVM. */
    public static int run(String... args) {
        return Cli.commandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
