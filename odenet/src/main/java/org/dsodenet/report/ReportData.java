package org.dsodenet.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run report shows. Lists are copied and unmodifiable; a null list stands for an empty one, a null
 * block ({@code params}, {@code resources}, {@code bitExact}) for a section that is left out.
 *
 * @param title        page title
 * @param metadata     run metadata in display order: command, seed, date, machine, ...
 * @param charts       line charts (training curves)
 * @param barCharts    extra bar charts; the quantization section draws its own from {@code quantization}
 * @param accuracy     accuracy table rows
 * @param gaps         share of the source-only to target-oracle gap each adapted model closes
 * @param confusions   confusion matrices, shown after the accuracy table
 * @param quantization per-layer quantization rows
 * @param params       parameter table, or null
 * @param resources    resource estimate, or null
 * @param bitExact     bit-exactness result, or null
 * @param notes        free-form paragraphs (line breaks kept)
 */
public record ReportData(String title, List<MetaEntry> metadata, List<Chart> charts, List<BarChart> barCharts,
        List<AccuracyRow> accuracy, List<GapRow> gaps, List<ConfusionMatrix> confusions, List<QuantRow> quantization,
        ParamTable params, ResourceBlock resources, BitExactResult bitExact, List<String> notes) {
    public ReportData {
        Checks.nonBlank("report title", title);
        metadata = Checks.list("metadata", metadata);
        charts = Checks.list("charts", charts);
        barCharts = Checks.list("bar charts", barCharts);
        accuracy = Checks.list("accuracy rows", accuracy);
        gaps = Checks.list("gap rows", gaps);
        confusions = Checks.list("confusion matrices", confusions);
        quantization = Checks.list("quantization rows", quantization);
        notes = Checks.list("notes", notes);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Collects a report piece by piece, in the order the caller learns things during a run. */
    public static final class Builder {
        private final String title;
        private final List<MetaEntry> metadata = new ArrayList<>();
        private final List<Chart> charts = new ArrayList<>();
        private final List<BarChart> barCharts = new ArrayList<>();
        private final List<AccuracyRow> accuracy = new ArrayList<>();
        private final List<GapRow> gaps = new ArrayList<>();
        private final List<ConfusionMatrix> confusions = new ArrayList<>();
        private final List<QuantRow> quantization = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private ParamTable params;
        private ResourceBlock resources;
        private BitExactResult bitExact;

        private Builder(String title) {
            this.title = title;
        }

        public Builder meta(String key, Object value) {
            metadata.add(new MetaEntry(key, String.valueOf(value)));
            return this;
        }

        public Builder chart(Chart c) {
            charts.add(c);
            return this;
        }

        public Builder barChart(BarChart c) {
            barCharts.add(c);
            return this;
        }

        public Builder accuracy(AccuracyRow r) {
            accuracy.add(r);
            return this;
        }

        public Builder gap(GapRow r) {
            gaps.add(r);
            return this;
        }

        public Builder confusion(ConfusionMatrix m) {
            confusions.add(m);
            return this;
        }

        public Builder quant(QuantRow r) {
            quantization.add(r);
            return this;
        }

        public Builder params(ParamTable p) {
            params = p;
            return this;
        }

        public Builder resources(ResourceBlock r) {
            resources = r;
            return this;
        }

        public Builder bitExact(BitExactResult b) {
            bitExact = b;
            return this;
        }

        public Builder note(String text) {
            notes.add(text);
            return this;
        }

        public ReportData build() {
            return new ReportData(title, metadata, charts, barCharts, accuracy, gaps, confusions, quantization,
                    params, resources, bitExact, notes);
        }
    }
}
