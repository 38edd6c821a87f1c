package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * A {@link Caster} with the common case done inline: a destination that keeps, drops (in any quantization mode) or
 * adds fractional bits, and a result inside the range. Everything else, including every overflow, goes to the caster,
 * which then counts the conversion itself.
 *
 * <p>Dropping {@code d > 0} bits, the result is {@code floor(v / 2^d) + inc} with {@code inc} the mode's rounding
 * increment, computed branch-free from the first dropped bit {@code qb}, whether any lower dropped bit is set
 * ({@code r}), the sign of {@code v} and the parity of the floor (the same decision as the caster's):
 * <pre>
 *   inc = qb &amp; (all | (r &amp; onR) | (odd &amp; onOdd) | (neg &amp; onNeg) | (!neg &amp; onPos))  |  (trnZero &amp; neg &amp; (qb | r))
 * </pre>
 * AP_RND: all; AP_RND_ZERO: onR, onNeg; AP_RND_MIN_INF: onR; AP_RND_INF: onR, onPos; AP_RND_CONV: onR, onOdd;
 * AP_TRN_ZERO: trnZero; AP_TRN: none. Each is 0 when no dropped bit is set. Adding {@code u} bits, the result is
 * {@code v << u}, in range only when the shift lost no bits ({@code (q >> u) == v}) and it lies in the range.
 */
final class Conversion {
    private final Caster caster;
    private final boolean inline;
    private final int d;
    private final int up;
    private final int qbShift;
    private final long rMask;
    private final long all;
    private final long onR;
    private final long onOdd;
    private final long onNeg;
    private final long onPos;
    private final long trnZero;
    private final long mask;
    private final long lo;
    private final long hi;

    Conversion(FixedType from, FixedType to) {
        this.caster = Caster.of(from, to);
        int drop = from.fracBits() - to.fracBits();
        this.inline = FastTypes.ok(from, to) && drop > -63 && drop < 63;
        this.d = inline ? Math.max(0, drop) : 0;
        this.up = inline ? Math.max(0, -drop) : 0;
        this.qbShift = Math.max(0, d - 1);
        this.rMask = d <= 1 ? 0 : (1L << (d - 1)) - 1;
        this.mask = d == 0 ? 0 : (1L << d) - 1;
        QuantMode q = d == 0 ? QuantMode.AP_TRN : to.quant();
        this.all = q == QuantMode.AP_RND ? 1 : 0;
        this.onR = q == QuantMode.AP_RND_ZERO || q == QuantMode.AP_RND_MIN_INF || q == QuantMode.AP_RND_INF
                || q == QuantMode.AP_RND_CONV ? 1 : 0;
        this.onOdd = q == QuantMode.AP_RND_CONV ? 1 : 0;
        this.onNeg = q == QuantMode.AP_RND_ZERO ? 1 : 0;
        this.onPos = q == QuantMode.AP_RND_INF ? 1 : 0;
        this.trnZero = q == QuantMode.AP_TRN_ZERO ? 1 : 0;
        // A minimum that AP_SAT_SYM treats as an underflow is left to the caster.
        this.lo = inline ? to.minRawKept(from.signed()) : 0;
        this.hi = inline ? to.maxRaw() : 0;
    }

    /** The rounded value of v in the destination's LSBs, before any range check (inline conversions only). */
    long round(long v) {
        long f = v >> d;
        long qb = (v >>> qbShift) & 1 & (mask >>> qbShift); // 0 when nothing is dropped
        long r = ((v & rMask) + rMask) >>> qbShift; // 1 when a bit below qb is set
        long neg = v >>> 63;
        long inc = (qb & (all | (r & onR) | (f & 1 & onOdd) | (neg & onNeg) | ((neg ^ 1) & onPos)))
                | (trnZero & neg & (qb | r));
        return (f + inc) << up;
    }

    long apply(long v, FixedStats stats) {
        if (inline) {
            long q = round(v);
            if (q >= lo && q <= hi && (up == 0 || (q >> up) == v)) {
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
            long lost = 0;
            for (int i = 0; i < n; i++) {
                long v = acc[i];
                long q = round(v);
                y[y0 + i] = q;
                lost |= up == 0 ? 0 : (q >> up) ^ v;
                qMin = Math.min(qMin, q);
                qMax = Math.max(qMax, q);
                quantized += (v & mask) != 0 ? 1 : 0;
            }
            if (qMin >= lo && qMax <= hi && lost == 0) {
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
