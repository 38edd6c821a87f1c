package org.dsodenet.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs one cell: its commands in-process through the CLI's entry point, in its own work directory, from its shared
 * float model (see {@link SharedModel}), then reads the row back from what they printed and wrote. A failing command ends the cell with that command's one-line error;
 * the runner never throws, so one bad cell does not stop the sweep (nor make Spark retry it).
 */
public final class CellRunner {
    private CellRunner() {}

    /** The outcome of a cell: its row, or its one-line error. */
    public record Outcome(String id, CellRow row, String error) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    public static Outcome run(CellSpec spec, ResultStore store) {
        String id = spec.id();
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(store.work(id));
            CellCommands cmds = CellCommands.of(spec, store);
            Map<CellCommands.Role, String> out = new EnumMap<>(CellCommands.Role.class);
            try (OutputStream log = Files.newOutputStream(store.work(id).resolve("log.txt"), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CellLog.attach(log);
                try {
                    for (CellCommands.Step s : cmds.steps()) {
                        if (s.role() == CellCommands.Role.TRAIN) {
                            String err = trained(SharedModel.of(spec), store, log);
                            if (err != null) {
                                return failed(store, id, "train: " + err);
                            }
                            continue;
                        }
                        InProcessCli.Result r = InProcessCli.run(s.args(), log);
                        if (r.exit() != 0) {
                            return failed(store, id, s.args().get(0) + ": " + r.error());
                        }
                        out.put(s.role(), r.out());
                    }
                } finally {
                    log.flush();
                    CellLog.detach();
                }
            }
            CellRow row = row(spec, cmds, out, Files.readString(CellCommands.Files.in(store.work(id)).estimate()),
                    (System.nanoTime() - t0) / 1e9);
            store.finish(row);
            return new Outcome(id, row, null);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(store, id, m.lines().findFirst().orElse(m));
        }
    }

    /**
     * The cell's float model: shared with the cells that train the same, so normally trained before the cells run
     * (a sweep's first stage); a cell run on its own trains it here. Returns null, or train's one-line error.
     */
    private static String trained(SharedModel m, ResultStore store, OutputStream log) throws IOException {
        boolean before = Files.isRegularFile(store.model(m.id()));
        InProcessCli.note(log, "$ " + InProcessCli.shellLine(m.args(store.model(m.id()))));
        InProcessCli.note(log, "# the shared float model, " + (before ? "trained before this cell" : "trained now")
                + "; its log: " + store.modelLog(m.id()));
        return before ? null : ModelTrainer.train(m, store);
    }

    private static Outcome failed(ResultStore store, String id, String error) {
        store.fail(id, error);
        return new Outcome(id, null, error);
    }

    static CellRow row(CellSpec c, CellCommands cmds, Map<CellCommands.Role, String> out, String estimate,
            double seconds) {
        CellOutputs.Eval fs = CellOutputs.Eval.parse(out.get(CellCommands.Role.EVAL_FLOAT_SOURCE));
        CellOutputs.Eval ft = CellOutputs.Eval.parse(out.get(CellCommands.Role.EVAL_FLOAT_TARGET));
        CellOutputs.Eval xs = CellOutputs.Eval.parse(out.get(CellCommands.Role.EVAL_FIXED_SOURCE));
        CellOutputs.Eval xt = CellOutputs.Eval.parse(out.get(CellCommands.Role.EVAL_FIXED_TARGET));
        CellOutputs.Estimate est = CellOutputs.Estimate.parse(estimate);
        return new CellRow(c.id(), c.getOr(GridKeys.ARCH, "dsodenet"), c.getOr(GridKeys.CHANNELS, ""),
                c.getOr(GridKeys.STEPS, ""), c.getOr(GridKeys.DOWNSAMPLE, ""), c.getOr(GridKeys.PRECISION, "fx16"),
                String.join("; ", c.layerPrecision()), c.getOr(GridKeys.METHOD, CellValues.NO_ADAPT),
                Long.parseLong(c.getOr(GridKeys.SEED, "1")), c.getOr(GridKeys.SOURCE, "mnist"),
                c.getOr(GridKeys.TARGET, "uci-digits"), fs.accuracy(), ft.accuracy(), xs.accuracy(), xt.accuracy(),
                CellOutputs.params(out.get(CellCommands.Role.PARAMS)), est.part(), est.dsp(), est.bram18(), est.uram(),
                est.cycles(), est.latencyUs(), xs.saturated() + xt.saturated(), xs.wrapped() + xt.wrapped(),
                xs.conversions() + xt.conversions(), seconds, cmds.shellLine());
    }
}
