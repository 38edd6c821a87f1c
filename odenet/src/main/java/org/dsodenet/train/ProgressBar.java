package org.dsodenet.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Text progress of a loop of known length with rate, ETA, loss and accuracy.
 *
 * <p>Two styles: on a terminal ({@code System.console() != null}) one line is redrawn in place with {@code '\r'}
 * at most every 100 ms; otherwise (CI logs, files, pipes) a plain line is printed each time another tenth of the
 * work is done, or after 30 s without a line, so logs stay short and readable. {@link #finish()} ends with a
 * summary line in both styles.
 */
public final class ProgressBar {
    static final long REDRAW_NANOS = 100_000_000L;
    static final long PLAIN_NANOS = 30_000_000_000L;
    static final int PLAIN_STEPS = 10;
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private long lastStepPrinted;
    private int lastLength;
    private long done;
    private double loss = Double.NaN;
    private double accuracy = Double.NaN;
    private boolean finished;

    /**
     * @param out         where to write
     * @param label       prefix of every line, e.g. {@code "epoch 3/90"}
     * @param total       number of units of work (at least 1)
     * @param interactive redraw one line with {@code '\r'} (terminal) rather than printing plain lines
     * @param nanoClock   time source in nanoseconds ({@code System::nanoTime})
     */
    public ProgressBar(PrintStream out, String label, long total, boolean interactive, LongSupplier nanoClock) {
        if (total < 1) {
            throw new IllegalArgumentException("progress total must be at least 1, got " + total);
        }
        this.out = out;
        this.label = label;
        this.total = total;
        this.interactive = interactive;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
    }

    /** A bar on {@code out} in the style suited to where the process output goes. */
    public static ProgressBar create(PrintStream out, String label, long total) {
        return new ProgressBar(out, label, total, System.console() != null, System::nanoTime);
    }

    /**
     * Reports {@code done} units finished, with the running loss and accuracy (a fraction in [0, 1]; NaN leaves
     * either out of the line). Draws only when the rate limit allows.
     */
    public void update(long done, double loss, double accuracy) {
        if (finished) {
            throw new IllegalStateException("progress bar '" + label + "' is already finished");
        }
        this.done = Math.max(0, Math.min(done, total));
        this.loss = loss;
        this.accuracy = accuracy;
        long now = clock.getAsLong();
        if (interactive) {
            if (now - lastDraw >= REDRAW_NANOS || this.done == total) {
                redraw(now);
            }
        } else {
            long stepNow = this.done * PLAIN_STEPS / total;
            if (stepNow > lastStepPrinted || now - lastDraw >= PLAIN_NANOS) {
                lastStepPrinted = stepNow;
                lastDraw = now;
                out.println(line(now, false));
                out.flush();
            }
        }
    }

    /** Prints the summary line (elapsed time instead of ETA) and ends the bar. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long now = clock.getAsLong();
        String text = label + " done " + done + "/" + total + " in " + duration(now - start) + metrics();
        if (interactive) {
            out.print("\r" + pad(text) + "\n");
        } else {
            out.println(text);
        }
        out.flush();
    }

    private void redraw(long now) {
        lastDraw = now;
        out.print("\r" + pad(line(now, true)));
        out.flush();
    }

    /** Pads with spaces over the rest of the previous, longer line. */
    private String pad(String text) {
        int extra = lastLength - text.length();
        lastLength = text.length();
        return extra > 0 ? text + " ".repeat(extra) : text;
    }

    String line(long now, boolean bar) {
        StringBuilder sb = new StringBuilder(label);
        int pct = (int) (done * 100 / total);
        if (bar) {
            int filled = (int) (done * BAR_WIDTH / total);
            sb.append(" [").append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append(']');
        }
        sb.append(String.format(Locale.ROOT, " %3d%% %d/%d", pct, done, total));
        sb.append(metrics());
        double elapsed = (now - start) / 1e9;
        if (done > 0 && elapsed > 0) {
            sb.append(String.format(Locale.ROOT, " %.1f it/s ETA %s", done / elapsed,
                    duration((long) ((now - start) * (double) (total - done) / done))));
        } else {
            sb.append(" ETA ?");
        }
        return sb.toString();
    }

    private String metrics() {
        StringBuilder sb = new StringBuilder();
        if (!Double.isNaN(loss)) {
            sb.append(String.format(Locale.ROOT, " loss %.4f", loss));
        }
        if (!Double.isNaN(accuracy)) {
            sb.append(String.format(Locale.ROOT, " acc %.2f%%", accuracy * 100));
        }
        return sb.toString();
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    static String duration(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        long h = s / 3600;
        long m = s / 60 % 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
