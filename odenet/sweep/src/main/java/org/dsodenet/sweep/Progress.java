package org.dsodenet.sweep;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reports a running sweep from the driver: cells done of all, each failure with its one-line error as it happens, and
 * an ETA from the mean time of the cells finished so far. It watches the result files, which every executor writes
 * into the shared sweep directory, so it needs nothing from Spark.
 */
final class Progress implements AutoCloseable {
    private final ResultStore store;
    private final List<String> ids;
    private final int earlier;
    private final int total;
    private final PrintStream console;
    private final Set<String> reportedFailures = new HashSet<>();
    private final long t0 = System.nanoTime();
    /** Failure files older than this are from an earlier run of the sweep (with a second of clock slack). */
    private final long startMillis = System.currentTimeMillis() - 1000;
    private final Thread thread;
    private volatile boolean stop;
    private int lastDone = -1;
    private int lastFailed = -1;

    Progress(ResultStore store, List<String> ids, int earlier, int total, PrintStream console) {
        this.store = store;
        this.ids = List.copyOf(ids);
        this.earlier = earlier;
        this.total = total;
        this.console = console;
        this.thread = new Thread(this::loop, "sweep-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            poll();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void poll() {
        int done = 0;
        int failed = 0;
        for (String id : ids) {
            if (store.finished(id)) {
                done++;
            } else {
                var f = store.failureOf(id);
                if (f.isPresent() && store.failure(id).toFile().lastModified() >= startMillis) {
                    failed++;
                    if (reportedFailures.add(id)) {
                        console.println("sweep: cell " + id + " failed: " + f.get());
                    }
                }
            }
        }
        // A line per change, not per poll: the ETA alone moving is not news.
        if (done != lastDone || failed != lastFailed) {
            console.println(String.format(Locale.ROOT, "sweep: %d/%d cells done, %d failed%s", earlier + done, total,
                    failed, eta(done + failed)));
            lastDone = done;
            lastFailed = failed;
        }
    }

    private String eta(int finished) {
        int left = ids.size() - finished;
        if (finished == 0 || left == 0) {
            return "";
        }
        long s = Math.round((System.nanoTime() - t0) / 1e9 / finished * left);
        return String.format(Locale.ROOT, ", ETA %d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll();
    }
}
