package org.dsodenet.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dsodenet.cli.Main;

/** One CLI command run in this JVM through the CLI's entry point, its command line and output appended to a log. */
final class InProcessCli {
    private static final String ERROR = "dsodenet: error: ";

    private InProcessCli() {}

    /** What the command printed, and its exit code. */
    record Result(int exit, String out, String err) {
        /** The command's one-line error without its prefix, for a command that failed. */
        String error() {
            return err.lines().filter(l -> l.startsWith(ERROR)).findFirst().map(l -> l.substring(ERROR.length()))
                    .orElse("exit code " + exit);
        }
    }

    static Result run(List<String> args, OutputStream log) throws IOException {
        note(log, "$ " + shellLine(args));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int exit = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
        log.write((o + e.toString()).getBytes(StandardCharsets.UTF_8));
        return new Result(exit, o.toString(), e.toString());
    }

    static void note(OutputStream log, String line) throws IOException {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String shellLine(List<String> args) {
        return "./dsodenet " + String.join(" ", args.stream().map(ShellQuote::quote).toList());
    }
}
