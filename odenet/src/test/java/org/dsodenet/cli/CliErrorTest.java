package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Errors (not exceptions) thrown by a command end as one line and exit 2, like bad input does. */
class CliErrorTest {

    @Command(name = "throws")
    static final class Throws implements Callable<Integer> {
        private final Error error;

        Throws(Error error) {
            this.error = error;
        }

        @Override
        public Integer call() {
            throw error;
        }
    }

    private static String[] run(Error error) {
        CommandLine cl = Cli.commandLine(new Throws(error));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int exit = Cli.execute(cl);
        return new String[] {String.valueOf(exit), err.toString()};
    }

    @Test
    void outOfMemoryIsOneLine() {
        String[] r = run(new OutOfMemoryError("Java heap space"));
        assertEquals("2", r[0]);
        assertEquals(1, r[1].lines().count(), r[1]);
        assertTrue(r[1].startsWith("dsodenet: error: out of memory (Java heap space)"), r[1]);
    }

    @Test
    void stackOverflowIsOneLine() {
        String[] r = run(new StackOverflowError());
        assertEquals("2", r[0]);
        assertEquals("dsodenet: error: stack overflow: the input is nested too deeply", r[1].strip());
    }

    @Test
    void anyOtherErrorIsOneLineNamingIt() {
        String[] r = run(new LinkageError("first\nsecond"));
        assertEquals("2", r[0]);
        assertEquals("dsodenet: error: internal error LinkageError: first", r[1].strip());
    }
}
