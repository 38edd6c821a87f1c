package org.dsodenet.report;

import org.dsodenet.fixedpoint.FixedStats;

/**
 * Quantization quality of one layer's output (or parameters): the error of the fixed-point values against the float
 * values, and how many conversions lost bits or overflowed.
 *
 * @param layer        layer name
 * @param type         fixed-point type string, e.g. {@code ap_fixed<16,6,AP_RND,AP_SAT>}
 * @param maxAbsError  largest |fixed - float|, NaN if not measured
 * @param meanAbsError mean |fixed - float|, NaN if not measured
 * @param saturated    conversions that were out of range and saturated
 * @param wrapped      conversions that were out of range and wrapped
 * @param quantized    conversions that dropped low bits
 * @param values       number of values (conversions) looked at
 */
public record QuantRow(String layer, String type, double maxAbsError, double meanAbsError, long saturated,
        long wrapped, long quantized, long values) {
    public QuantRow {
        Checks.nonBlank("quantization layer", layer);
        Checks.text("quantization type", type);
        Checks.magnitude("max abs error of " + layer, maxAbsError);
        Checks.magnitude("mean abs error of " + layer, meanAbsError);
        Checks.count("saturated count of " + layer, saturated);
        Checks.count("wrapped count of " + layer, wrapped);
        Checks.count("quantized count of " + layer, quantized);
        Checks.count("value count of " + layer, values);
    }

    /** A row from the conversion counters the fixed-point layers collect. */
    public static QuantRow of(String layer, String type, double maxAbsError, double meanAbsError, FixedStats stats) {
        return new QuantRow(layer, type, maxAbsError, meanAbsError, stats.saturated, stats.wrapped, stats.quantized,
                stats.conversions);
    }

    /** Out-of-range conversions, saturated or wrapped. */
    public long overflows() {
        return saturated + wrapped;
    }
}
