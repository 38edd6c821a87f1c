package org.dsodenet.report;

import java.util.OptionalDouble;

/**
 * The domain gap of one target: from the source-only model's target accuracy to the target oracle's (the same
 * student trained on target labels, the ceiling), and what share of it an adapted model closes,
 * {@code (adapted - sourceOnly) / (oracle - sourceOnly)}.
 *
 * @param sourceOnly target accuracy of the source-only model, a fraction in [0, 1] or NaN if not measured
 * @param oracle     target accuracy of the target oracle, a fraction in [0, 1] or NaN if not measured
 */
public record GapClosure(double sourceOnly, double oracle) {
    /**
     * Smallest gap a share is computed for: half a percentage point. Below it the ratio divides by (nearly) nothing
     * and a single test image swings it by hundreds of percent, so it says nothing; an oracle at or below the
     * source-only model means there is no gap to close at all.
     */
    public static final double MIN_GAP = 0.005;

    /** What the report shows when there is no share to show. */
    public static final String NOT_APPLICABLE = "n/a";

    public GapClosure {
        fraction("source-only accuracy", sourceOnly);
        fraction("oracle accuracy", oracle);
    }

    /** Whether the oracle is at least {@link #MIN_GAP} above the source-only model. */
    public boolean measurable() {
        return oracle - sourceOnly >= MIN_GAP; // false for NaN too
    }

    /**
     * The share of the gap that a model with target accuracy {@code adapted} closes: 0 at source-only, 1 at the
     * oracle, negative when adaptation made things worse, above 1 past the oracle; empty when the gap is not
     * {@link #measurable} or {@code adapted} was not measured.
     */
    public OptionalDouble closed(double adapted) {
        fraction("adapted accuracy", adapted);
        if (!measurable() || Double.isNaN(adapted)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((adapted - sourceOnly) / (oracle - sourceOnly));
    }

    /** {@link #closed} as a percentage with one decimal, e.g. "93.4%", or {@link #NOT_APPLICABLE}. */
    public String label(double adapted) {
        OptionalDouble c = closed(adapted);
        return c.isPresent() ? Fmt.percent(c.getAsDouble(), 1) : NOT_APPLICABLE;
    }

    private static void fraction(String field, double v) {
        if (!Double.isNaN(v) && !(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(field + " must be a fraction in [0, 1] (or NaN), got " + v);
        }
    }
}
