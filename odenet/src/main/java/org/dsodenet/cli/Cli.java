package org.dsodenet.cli;

import picocli.CommandLine;

/**
 * Shared picocli setup. Bad input must end in one clear line and a non-zero exit, never a stack trace,
 * so every exception a command throws is reduced to its message here. Public so that commands outside this package
 * (the sweep) answer bad input in the very same words.
 */
public final class Cli {
    private Cli() {}

    /** Reads a small text file given on the command line, with a one-line error when it cannot. */
    static String readText(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(p + ": no such file");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(p + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * Runs {@code cl}. picocli hands only exceptions to the execution handler; an {@link Error} such as running out of
     * heap on a huge input would otherwise escape as a stack trace, so it is reduced to one line here too.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            cl.getErr().println("dsodenet: error: out of memory (" + e.getMessage() + "): the input needs more heap "
                    + "than this JVM has; use a smaller input or raise -Xmx in DSODENET_JAVA_OPTS");
        } catch (StackOverflowError e) {
            cl.getErr().println("dsodenet: error: stack overflow: the input is nested too deeply");
        } catch (Error e) {
            String msg = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            cl.getErr().println("dsodenet: error: internal error " + e.getClass().getSimpleName() + msg);
        }
        return 2;
    }

    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            commandLine.getErr().println("dsodenet: error: " + msg.lines().findFirst().orElse(msg));
            return 2;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("dsodenet: error: " + ex.getMessage());
            return 2;
        });
        return cl;
    }
}
