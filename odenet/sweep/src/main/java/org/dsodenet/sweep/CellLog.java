package org.dsodenet.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends what a cell's commands print to {@code System.out} (training progress) to that cell's log instead of the
 * sweep's console, where the tasks running side by side would interleave it with the progress lines. Standard
 * output is per JVM, so it is routed by thread: a task runs on one thread.
 */
final class CellLog {
    private static final ThreadLocal<OutputStream> SINK = new ThreadLocal<>();
    private static volatile PrintStream console = System.out;
    private static PrintStream router;

    private CellLog() {}

    /**
     * Routes standard output by thread (again, if someone replaced it since) and returns the console: what standard
     * output was before, where threads without a cell still print.
     */
    static synchronized PrintStream install() {
        if (router == null || System.out != router) {
            console = System.out;
            router = new PrintStream(new Routing(), true, StandardCharsets.UTF_8);
            System.setOut(router);
        }
        return console;
    }

    /** Until {@link #detach}, this thread's standard output goes to {@code out}. */
    static void attach(OutputStream out) {
        install();
        SINK.set(out);
    }

    static void detach() {
        SINK.remove();
    }

    private static final class Routing extends OutputStream {
        private static OutputStream target() {
            OutputStream s = SINK.get();
            return s != null ? s : console;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
