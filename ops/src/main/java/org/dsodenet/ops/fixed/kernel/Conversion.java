package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * A {@link Caster} with the common case done inline: a destination that keeps or drops fractional bits with AP_TRN
 * (floor) or AP_RND (floor of value plus half an LSB), and a result inside the range. Everything else, including
 * every overflow, goes to the caster, which then counts the conversion itself.
 */
final class Conversion {
    private final Caster caster;
    private final boolean inline;
    private final int d;
    private final int roundBit;
    private final long round;
    private final long mask;
    private final long lo;
    private final long hi;

    Conversion(FixedType from, FixedType to) {
        this.caster = Caster.of(from, to);
        int drop = from.fracBits() - to.fracBits();
        boolean modes = to.quant() == QuantMode.AP_TRN || to.quant() == QuantMode.AP_RND;
        this.inline = FastTypes.ok(from, to) && drop >= 0 && drop < 63 && (modes || drop == 0);
        this.d = inline ? drop : 0;
        this.round = inline && drop > 0 && to.quant() == QuantMode.AP_RND ? 1 : 0;
        this.roundBit = Math.max(0, d - 1);
        this.mask = d == 0 ? 0 : (1L << d) - 1;
        // A minimum that AP_SAT_SYM treats as an underflow is left to the caster.
        this.lo = inline ? to.minRawKept(from.signed()) : 0;
        this.hi = inline ? to.maxRaw() : 0;
    }

    long apply(long v, FixedStats stats) {
        if (inline) {
            long q = (v >> d) + ((v >> roundBit) & round);
            if (q >= lo && q <= hi) {
                stats.conversions++;
                if ((v & mask) != 0) {
                    stats.quantized++;
                }
                return q;
            }
        }
        return caster.apply(v, stats);
    }

    /**
     * {@code y[y0 + i] = apply(acc[i])} for i < n: one branch-free pass (which C2 can vectorize) when every result
     * lands in range, the usual case; otherwise the element-wise conversion redoes the plane, so the counts are the
     * same as n calls of {@link #apply}.
     */
    void applyAll(long[] acc, int n, long[] y, int y0, FixedStats stats) {
        if (inline) {
            long qMin = Long.MAX_VALUE;
            long qMax = Long.MIN_VALUE;
            int quantized = 0;
            for (int i = 0; i < n; i++) {
                long v = acc[i];
                long q = (v >> d) + ((v >> roundBit) & round);
                y[y0 + i] = q;
                qMin = Math.min(qMin, q);
                qMax = Math.max(qMax, q);
                quantized += (v & mask) != 0 ? 1 : 0;
            }
            if (qMin >= lo && qMax <= hi) {
                stats.conversions += n;
                stats.quantized += quantized;
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            y[y0 + i] = apply(acc[i], stats);
        }
    }
}
