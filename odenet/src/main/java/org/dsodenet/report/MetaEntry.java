package org.dsodenet.report;

/** One line of run metadata, such as {@code seed = 42}. */
public record MetaEntry(String key, String value) {
    public MetaEntry {
        Checks.nonBlank("metadata key", key);
        value = Checks.optional(value);
    }
}
