package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;

/**
 * The plan of {@code acc = acc + term}: the sum is exact in ap_fixed's full-precision type, then converted to the
 * accumulator type. Both operands are aligned to the sum's LSB by left shifts; the term's shift is folded into
 * constants (weights) where there are any.
 *
 * <p>Fast path: when the sum type passes {@link FastTypes#ok}, the aligned operands and their sum fit a signed long
 * (each operand lies within W_sum - 1 bits, the sum within W_sum ≤ 64 bits). Two common conversions are done inline
 * and only out-of-range sums go to the caster: an accumulator that keeps every bit of the sum (its LSB is the sum's
 * LSB, {@code accShift} = 0), and an AP_TRN accumulator that drops {@code accShift} bits, where the result is
 * {@code s >> accShift} and the dropped bits {@code s & mask} tell whether it was quantized. {@code lo..hi} is the
 * window of results that need no overflow handling; it is empty when the conversion must always use the caster.
 */
final class AccStep {
    final FixedType acc;
    final FixedType term;
    final FixedType sum;
    final int accShift;
    final int termShift;
    final boolean fast;
    final long lo;
    final long hi;
    /** The bits an AP_TRN accumulator drops from the sum. */
    final long mask;
    final Caster caster;

    AccStep(FixedType acc, FixedType term) {
        this.acc = acc;
        this.term = term;
        this.sum = Fx.addType(acc, term);
        this.accShift = sum.fracBits() - acc.fracBits();
        this.termShift = sum.fracBits() - term.fracBits();
        this.fast = FastTypes.ok(acc, term, sum);
        this.caster = fast ? Caster.of(sum, acc) : null;
        boolean inline = fast && (accShift == 0 || acc.quant() == QuantMode.AP_TRN);
        if (inline) {
            // A minimum that AP_SAT_SYM maps to -max must go through the caster.
            this.lo = acc.minRawKept(sum.signed());
            this.hi = acc.maxRaw();
        } else {
            this.lo = Long.MAX_VALUE;
            this.hi = Long.MIN_VALUE;
        }
        this.mask = accShift == 0 ? 0 : (1L << accShift) - 1;
    }

    /** A constant term raw aligned to the sum's LSB, for folding into the multiplication (exact modulo 2^64). */
    long alignTerm(long raw) {
        return raw << termShift;
    }

    BigInteger alignTerm(BigInteger raw) {
        return raw.shiftLeft(termShift);
    }

    /** The wide step: exact sum of the accumulator and an already aligned term, converted to the accumulator. */
    BigInteger wide(BigInteger a, BigInteger alignedTerm, FixedStats stats) {
        return WideFx.cast(a.shiftLeft(accShift).add(alignedTerm), sum, acc, stats);
    }
}
