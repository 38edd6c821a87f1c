package org.dsodenet.report;

/**
 * Outcome of comparing the Java fixed-point results with the generated C++ (or another implementation) value by value.
 *
 * @param compared   values compared
 * @param mismatches values that differed
 * @param command    the command that ran the comparison, so a reader can repeat it
 * @param detail     free text, e.g. the first mismatch; may be empty
 */
public record BitExactResult(long compared, long mismatches, String command, String detail) {
    public BitExactResult {
        Checks.count("values compared", compared);
        Checks.count("mismatches", mismatches);
        if (mismatches > compared) {
            throw new IllegalArgumentException("mismatches (" + mismatches + ") exceed values compared (" + compared + ")");
        }
        command = Checks.optional(command);
        detail = Checks.optional(detail);
    }

    public BitExactResult(long compared, long mismatches, String command) {
        this(compared, mismatches, command, "");
    }

    /** True only if something was compared and nothing differed: comparing zero values proves nothing. */
    public boolean passed() {
        return compared > 0 && mismatches == 0;
    }
}
