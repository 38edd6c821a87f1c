package org.dsodenet.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks: a range [lo, hi] that covers the data, with tick values and their labels. Linear ticks step by 1, 2 or
 * 5 times a power of ten and sit on whole multiples of the step; log ticks are powers of ten. Tick values are worked
 * out in decimal so labels read "0.3", never "0.30000000000000004".
 *
 * @param lo     first tick, at or below the data minimum
 * @param hi     last tick, at or above the data maximum
 * @param values tick values from lo to hi
 * @param labels one label per tick
 * @param log    whether the axis is logarithmic
 */
public record Ticks(double lo, double hi, List<Double> values, List<String> labels, boolean log) {
    /** Largest magnitude accepted, so that ranges and padding never overflow to infinity. */
    public static final double LIMIT = 1e300;
    /** Smallest value a log axis shows, so that decade arithmetic stays in the normal double range. */
    public static final double LOG_FLOOR = 1e-300;

    private static final int MIN_DECADE = -307;
    private static final int MAX_DECADE = 307;
    private static final int[] MANTISSAS = {1, 2, 5};

    public Ticks {
        if (values.size() != labels.size() || values.size() < 2) {
            throw new IllegalArgumentException("need one label per tick and at least 2 ticks, got " + values.size()
                    + " values and " + labels.size() + " labels");
        }
        values = List.copyOf(values);
        labels = List.copyOf(labels);
    }

    /**
     * Linear ticks covering [min, max] with at most {@code target + 1} ticks.
     *
     * @param integers whether the step must be a whole number (x axes counting epochs or steps)
     */
    public static Ticks linear(double min, double max, int target, boolean integers) {
        checkRange(min, max);
        if (target < 2) {
            throw new IllegalArgumentException("need a target of at least 2 ticks, got " + target);
        }
        double mag = Math.max(Math.abs(min), Math.abs(max));
        double span = max - min;
        if (span <= mag * 1e-9 || span < 1e-200) {
            // A constant series: give it room around its value instead of a zero-width axis.
            double pad = mag < 1e-200 ? 1 : mag * 0.1;
            if (integers) {
                pad = Math.max(pad, 1);
            }
            min -= pad;
            max += pad;
            span = max - min;
        }
        int e = (int) Math.floor(Math.log10(span / (target - 1))) - 1;
        if (integers) {
            e = Math.max(e, 0);
        }
        // Try 1, 2, 5 x 10^e in ascending order; the first that needs few enough ticks wins. Terminates because a
        // step >= span needs at most 3 ticks.
        for (;; e++) {
            for (int m : MANTISSAS) {
                double step = m * Math.pow(10, e);
                long kLo = (long) Math.floor(min / step);
                long kHi = (long) Math.ceil(max / step);
                while (value(kLo, m, e) > min) {
                    kLo--;
                }
                while (value(kLo + 1, m, e) <= min) {
                    kLo++;
                }
                while (value(kHi, m, e) < max) {
                    kHi++;
                }
                while (value(kHi - 1, m, e) >= max) {
                    kHi--;
                }
                if (kHi - kLo + 1 <= target + 1) {
                    return build(kLo, kHi, m, e);
                }
            }
        }
    }

    /**
     * Powers of ten covering [min, max], both in [{@link #LOG_FLOOR}, {@link #LIMIT}]. With more decades than {@code target} only every
     * second, third, ... decade gets a tick.
     */
    public static Ticks log(double min, double max, int target) {
        checkRange(min, max);
        if (!(min >= LOG_FLOOR)) {
            throw new IllegalArgumentException("log axis needs values >= 1e-300, got minimum " + min);
        }
        if (target < 2 || target > 20) {
            throw new IllegalArgumentException("need a target of 2 to 20 ticks on a log axis, got " + target);
        }
        int eLo = (int) Math.floor(Math.log10(min));
        int eHi = (int) Math.ceil(Math.log10(max));
        while (pow10(eLo) > min) {
            eLo--;
        }
        while (pow10(eHi) < max) {
            eHi++;
        }
        if (eHi == eLo) {
            eHi++;
        }
        int range = eHi - eLo;
        int stride = Math.max(1, (range + target - 1) / target);
        int alignedLo = Math.floorDiv(eLo, stride) * stride;
        int alignedHi = -Math.floorDiv(-eHi, stride) * stride;
        // Ticks on multiples of the stride read best (1e-8, 1e-4, 1, 1e4), but near the ends of the double range the
        // aligned decades would leave the normal doubles; then the ticks are placed to fit, growing the stride until
        // the extra decades fit in the room left at both ends.
        if (alignedLo >= MIN_DECADE && alignedHi <= MAX_DECADE) {
            eLo = alignedLo;
            eHi = alignedHi;
        } else {
            int room = (MAX_DECADE - eHi) + (eLo - MIN_DECADE);
            int over;
            while ((over = -Math.floorDiv(-range, stride) * stride - range) > room) {
                stride++;
            }
            int up = Math.min(over, MAX_DECADE - eHi);
            eHi += up;
            eLo -= over - up;
        }
        List<Double> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int k = eLo; k <= eHi; k += stride) {
            values.add(pow10(k));
            labels.add(k >= -3 && k <= 5 ? BigDecimal.ONE.scaleByPowerOfTen(k).toPlainString() : "1e" + k);
        }
        return new Ticks(pow10(eLo), pow10(eHi), values, labels, true);
    }

    /** Where {@code v} falls on the axis: 0 at lo, 1 at hi. */
    public double fraction(double v) {
        if (log) {
            return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        }
        return (v - lo) / (hi - lo);
    }

    private static void checkRange(double min, double max) {
        if (!(Math.abs(min) <= LIMIT && Math.abs(max) <= LIMIT)) {
            throw new IllegalArgumentException("axis range must be finite with magnitude <= 1e300, got [" + min + ", "
                    + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("axis minimum " + min + " is above maximum " + max);
        }
    }

    private static double pow10(int k) {
        return BigDecimal.ONE.scaleByPowerOfTen(k).doubleValue();
    }

    private static BigDecimal decimal(long k, int m, int e) {
        return BigDecimal.valueOf(k * m).scaleByPowerOfTen(e);
    }

    private static double value(long k, int m, int e) {
        return decimal(k, m, e).doubleValue();
    }

    private static Ticks build(long kLo, long kHi, int m, int e) {
        List<Double> values = new ArrayList<>();
        List<BigDecimal> exact = new ArrayList<>();
        for (long k = kLo; k <= kHi; k++) {
            BigDecimal d = decimal(k, m, e);
            exact.add(d);
            values.add(d.doubleValue());
        }
        // One style per axis: plain decimals with as many places as the step needs, or all scientific when the step
        // is very large or small or plain labels would get long.
        List<String> plain = new ArrayList<>();
        for (BigDecimal d : exact) {
            plain.add(d.setScale(Math.max(0, -e)).toPlainString());
        }
        List<String> sci = exact.stream().map(Fmt::scientific).toList();
        int plainLen = plain.stream().mapToInt(String::length).max().orElse(0);
        int sciLen = sci.stream().mapToInt(String::length).max().orElse(0);
        boolean scientific = e < -4 || e >= 6 || (plainLen > 10 && sciLen < plainLen);
        List<String> labels = scientific ? sci : plain;
        return new Ticks(values.get(0), values.get(values.size() - 1), values, labels, false);
    }
}
