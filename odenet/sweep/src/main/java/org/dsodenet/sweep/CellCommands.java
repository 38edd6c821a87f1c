package org.dsodenet.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CLI commands one cell runs, in order, as argument lists for the CLI's entry point. They are the whole
 * pipeline (no second implementation): train (whose model cells may share, see {@link SharedModel}), adapt unless the method is "none", quantize, params, four evals
 * (float and bit-exact fixed point on source and target) and export-hls, whose estimate the row reports.
 *
 * @param steps the commands by their role, in run order
 */
public record CellCommands(List<Step> steps) {
    /** One command and the role its output plays in the row. */
    public record Step(Role role, List<String> args) {
        public Step {
            args = List.copyOf(args);
        }
    }

    public enum Role { TRAIN, ADAPT, QUANTIZE, PARAMS, EVAL_FLOAT_SOURCE, EVAL_FLOAT_TARGET, EVAL_FIXED_SOURCE,
        EVAL_FIXED_TARGET, EXPORT }

    public CellCommands {
        steps = List.copyOf(steps);
    }

    /** Where a cell keeps the files its commands write (the float model it starts from is shared, elsewhere). */
    public record Files(Path adapted, Path quantized, Path hls) {
        static Files in(Path dir) {
            return new Files(dir.resolve("adapt.dsod"), dir.resolve("quant.dsod"), dir.resolve("hls"));
        }

        /** The estimate export-hls writes into the project. */
        public Path estimate() {
            return hls.resolve("estimate.txt");
        }
    }

    /** The cell's commands in its work directory of {@code store}, starting from its shared float model there. */
    public static CellCommands of(CellSpec c, ResultStore store) {
        return of(c, store.work(c.id()), store.model(SharedModel.of(c).id()));
    }

    /** The commands with the cell's files in {@code dir} and its float model at {@code trained}. */
    public static CellCommands of(CellSpec c, Path dir, Path trained) {
        Files f = Files.in(dir);
        String source = c.getOr(GridKeys.SOURCE, "mnist");
        String target = c.getOr(GridKeys.TARGET, "uci-digits");
        String seed = c.getOr(GridKeys.SEED, "1");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Role.TRAIN, SharedModel.of(c).args(trained)));

        Path model = trained;
        String method = c.getOr(GridKeys.METHOD, CellValues.NO_ADAPT);
        if (!method.equals(CellValues.NO_ADAPT)) {
            List<String> adapt = new ArrayList<>(List.of("adapt", "--model", trained.toString(), "--source", source,
                    "--target", target, "--method", method));
            if (method.equals("distill")) {
                adapt.addAll(List.of("--teacher", trained.toString())); // self-distillation from the source model
            }
            add(adapt, c, Map.of(GridKeys.KD_WEIGHT, "--kd-weight", GridKeys.ALIGN_WEIGHT, "--align-weight",
                    GridKeys.IM_WEIGHT, "--im-weight", GridKeys.PSEUDO_WEIGHT, "--pseudo-weight",
                    GridKeys.ADAPT_EPOCHS, "--epochs", GridKeys.MAX_IMAGES, "--max-images", GridKeys.LR, "--lr"));
            adapt.addAll(List.of("--seed", seed, "--out", f.adapted().toString()));
            steps.add(new Step(Role.ADAPT, adapt));
            model = f.adapted();
        }

        List<String> quantize = new ArrayList<>(List.of("quantize", "--model", model.toString(), "--precision",
                c.getOr(GridKeys.PRECISION, "fx16")));
        for (String rule : c.layerPrecision()) {
            quantize.addAll(List.of("--layer-precision", rule));
        }
        quantize.addAll(List.of("--calib", source));
        add(quantize, c, Map.of(GridKeys.CALIB_IMAGES, "--calib-images", GridKeys.QAT_EPOCHS, "--qat-epochs"));
        quantize.addAll(List.of("--seed", seed, "--out", f.quantized().toString()));
        steps.add(new Step(Role.QUANTIZE, quantize));

        String q = f.quantized().toString();
        steps.add(new Step(Role.PARAMS, List.of("params", q)));
        steps.add(new Step(Role.EVAL_FLOAT_SOURCE, eval(c, q, source, false)));
        steps.add(new Step(Role.EVAL_FLOAT_TARGET, eval(c, q, target, false)));
        steps.add(new Step(Role.EVAL_FIXED_SOURCE, eval(c, q, source, true)));
        steps.add(new Step(Role.EVAL_FIXED_TARGET, eval(c, q, target, true)));

        List<String> export = new ArrayList<>(List.of("export-hls", "--model", q, "--out", f.hls().toString(), "--data",
                source, "--tb-images", "1", "--force"));
        add(export, c, Map.of(GridKeys.PART, "--part", GridKeys.CLOCK, "--clock"));
        steps.add(new Step(Role.EXPORT, export));
        return new CellCommands(steps);
    }

    private static List<String> eval(CellSpec c, String model, String data, boolean fixed) {
        List<String> a = new ArrayList<>(List.of("eval", "--model", model, "--data", data));
        if (fixed) {
            a.add("--fixed");
        }
        add(a, c, Map.of(GridKeys.EVAL_IMAGES, "--max-images"));
        a.add("--json");
        return a;
    }

    /** Appends the flag of every key the cell sets, in the fixed order of {@link GridKeys#ALL}. */
    static void add(List<String> args, CellSpec c, Map<String, String> flags) {
        for (String key : GridKeys.ALL) {
            String flag = flags.get(key);
            if (flag != null && c.get(key) != null) {
                args.addAll(List.of(flag, c.get(key)));
            }
        }
    }

    /** One command as a shell line. */
    public String shellLineOf(Step s) {
        return InProcessCli.shellLine(s.args());
    }

    /** The commands as one shell line ({@code ./dsodenet A && ./dsodenet B ...}) that reproduces the cell. */
    public String shellLine() {
        List<String> lines = new ArrayList<>();
        for (Step s : steps) {
            lines.add(shellLineOf(s));
        }
        return String.join(" && ", lines);
    }
}
