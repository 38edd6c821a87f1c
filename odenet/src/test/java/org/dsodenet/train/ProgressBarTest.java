package org.dsodenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainModePrintsOneLinePerTenthAndASummary() {
        ProgressBar bar = new ProgressBar(out, "epoch 1/5", 100, false, () -> now);
        for (int i = 1; i <= 100; i++) {
            now += 10_000_000L; // 10 ms per batch
            bar.update(i, 0.5, 0.875);
        }
        bar.finish();
        String[] lines = text().split("\n");
        assertFalse(text().contains("\r"));
        assertEquals(11, lines.length, text());
        assertEquals("epoch 1/5  10% 10/100 loss 0.5000 acc 87.50% 100.0 it/s ETA 0:01", lines[0]);
        assertEquals("epoch 1/5  50% 50/100 loss 0.5000 acc 87.50% 100.0 it/s ETA 0:01", lines[4]);
        assertEquals("epoch 1/5 100% 100/100 loss 0.5000 acc 87.50% 100.0 it/s ETA 0:00", lines[9]);
        assertEquals("epoch 1/5 done 100/100 in 0:01 loss 0.5000 acc 87.50%", lines[10]);
    }

    @Test
    void plainModeAlsoPrintsAfterALongSilence() {
        ProgressBar bar = new ProgressBar(out, "eval", 1000, false, () -> now);
        now = 5_000_000_000L;
        bar.update(1, Double.NaN, Double.NaN);
        assertEquals("", text());
        now = 31_000_000_000L;
        bar.update(2, 1.25, Double.NaN);
        // 2 done in 31 s: 998 left at 15.5 s each
        assertEquals("eval   0% 2/1000 loss 1.2500 0.1 it/s ETA 4:17:49\n", text());
    }

    @Test
    void interactiveModeRedrawsInPlaceAtMostEvery100ms() {
        ProgressBar bar = new ProgressBar(out, "train", 1000, true, () -> now);
        for (int i = 1; i <= 1000; i++) {
            now += 1_000_000L; // 1 ms per batch: 1 s in all
            bar.update(i, 0.1, 0.5);
        }
        bar.finish();
        String t = text();
        long redraws = t.chars().filter(c -> c == '\r').count();
        // one per 100 ms (10), the completed bar, and the summary
        assertEquals(11, redraws, t);
        String[] draws = t.split("\r");
        String last = draws[draws.length - 1];
        assertEquals("train done 1000/1000 in 0:01 loss 0.1000 acc 50.00%\n", last.stripTrailing() + "\n");
        assertTrue(last.endsWith("\n"));
        assertTrue(last.length() - 1 >= draws[draws.length - 2].length(), "summary must cover the previous bar");
        assertTrue(t.contains("\rtrain [============            ]  50% 500/1000 loss 0.1000 acc 50.00%"), t);
        assertEquals(1, t.chars().filter(c -> c == '\n').count());
    }

    @Test
    void durationsAndMisuse() {
        assertEquals("0:00", ProgressBar.duration(0));
        assertEquals("1:05", ProgressBar.duration(65_000_000_000L));
        assertEquals("1:01:01", ProgressBar.duration(3_661_000_000_000L));
        assertThrows(IllegalArgumentException.class, () -> new ProgressBar(out, "x", 0, false, () -> 0));
        ProgressBar bar = new ProgressBar(out, "x", 3, false, () -> now);
        bar.finish();
        assertThrows(IllegalStateException.class, () -> bar.update(1, 0, 0));
    }
}
