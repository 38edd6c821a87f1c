package org.dsodenet.fixedpoint;

/**
 * Counters of conversion events, so a user can see which assignment dropped bits or overflowed. Mutable and not
 * thread-safe: give each thread its own and {@link #add} them in a fixed order.
 */
public final class FixedStats {
    /** Conversions that dropped nonzero fractional bits (the result differs from the exact value by quantization). */
    public long quantized;
    /** Conversions whose quantized value was out of range and was saturated (AP_SAT, AP_SAT_ZERO, AP_SAT_SYM). */
    public long saturated;
    /** Conversions whose quantized value was out of range and was wrapped (AP_WRAP, AP_WRAP_SM). */
    public long wrapped;
    /** Conversions counted. */
    public long conversions;

    /** Out-of-range conversions, saturated or wrapped. */
    public long overflowed() {
        return saturated + wrapped;
    }

    /** Counts one conversion: whether it dropped nonzero bits, and whether it overflowed under mode {@code o}. */
    void count(boolean quantizedBits, boolean overflow, OverflowMode o) {
        conversions++;
        if (quantizedBits) {
            quantized++;
        }
        if (overflow) {
            if (o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM) {
                wrapped++;
            } else {
                saturated++;
            }
        }
    }

    public void reset() {
        quantized = 0;
        saturated = 0;
        wrapped = 0;
        conversions = 0;
    }

    /** Adds another counter's events to this one. */
    public FixedStats add(FixedStats other) {
        quantized += other.quantized;
        saturated += other.saturated;
        wrapped += other.wrapped;
        conversions += other.conversions;
        return this;
    }

    /** A copy of the current counts. */
    public FixedStats copy() {
        return new FixedStats().add(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedStats s && s.quantized == quantized && s.saturated == saturated
                && s.wrapped == wrapped && s.conversions == conversions;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(quantized * 31 + saturated * 17 + wrapped * 7 + conversions);
    }

    @Override
    public String toString() {
        return conversions + " conversions: " + quantized + " quantized, " + saturated + " saturated, " + wrapped + " wrapped";
    }
}
