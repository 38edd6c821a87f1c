package org.dsodenet.report;

import java.util.List;
import org.dsodenet.codegen.estimate.LayerEstimate;
import org.dsodenet.codegen.estimate.ResourceEstimate;

/**
 * A resource and latency estimate: a one-line summary (part, clock, latency), per-layer rows, warnings, and the
 * estimator's own plain-text table. Any part may be empty.
 *
 * @param summary  one line such as "ZCU104 (xczu7ev), 5.00 ns clock, 812.3 us per inference"
 * @param rows     per-layer rows (copied)
 * @param warnings warnings, each shown highlighted (copied)
 * @param text     preformatted text shown as is in a monospace block
 */
public record ResourceBlock(String summary, List<ResourceRow> rows, List<String> warnings, String text) {
    public ResourceBlock {
        summary = Checks.optional(summary);
        rows = Checks.list("resource rows", rows);
        warnings = Checks.list("resource warnings", warnings);
        text = Checks.optional(text);
    }

    /** The block for an estimate from the code generator: its rows, totals, warnings and text table. */
    public static ResourceBlock of(ResourceEstimate e) {
        String summary = String.format(java.util.Locale.ROOT,
                "%s (%s), %.2f ns clock: %.1f us per inference; %d BRAM18, %d URAM, %d DSP available",
                e.part().board(), e.part().device(), e.clockNs(), e.latencyMicros(), e.part().bram18(),
                e.part().uram(), e.part().dsp());
        List<ResourceRow> rows = e.layers().stream()
                .map((LayerEstimate l) -> new ResourceRow(l.name(), l.bram18(), l.uram(), l.dsp(), l.cycles()))
                .toList();
        return new ResourceBlock(summary, rows, e.warnings(), e.table());
    }

    public int bram18() {
        return rows.stream().mapToInt(ResourceRow::bram18).sum();
    }

    public int uram() {
        return rows.stream().mapToInt(ResourceRow::uram).sum();
    }

    public int dsp() {
        return rows.stream().mapToInt(ResourceRow::dsp).sum();
    }

    public long cycles() {
        return rows.stream().mapToLong(ResourceRow::cycles).sum();
    }
}
