package org.dsodenet.odenet.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsodenet.ops.layer.Param;

/**
 * Parameter counts per top-level layer and group, and the reduction against the ODENet of the same shape. As in the
 * dsODENet paper, the comparison leaves out the pre- and post-processing layers (pre conv, post batch norm and
 * classifier); the downsampling layers count.
 */
public record ParamReport(ModelConfig config, List<Row> rows, Map<Group, Long> byGroup) {
    public record Row(String layer, Group group, long params) {}

    public static ParamReport of(OdeNetModel model) {
        List<Row> rows = new ArrayList<>();
        Map<Group, Long> groups = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            groups.put(g, 0L);
        }
        for (OdeNetModel.Part p : model.parts()) {
            long n = p.layer().params().stream().mapToLong(Param::size).sum();
            rows.add(new Row(p.name(), p.group(), n));
            groups.merge(p.group(), n, Long::sum);
        }
        return new ParamReport(model.config(), List.copyOf(rows), Map.copyOf(groups));
    }

    public static ParamReport of(ModelConfig cfg) {
        return of(OdeNetModel.create(cfg, 0));
    }

    public long total() {
        return byGroup.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Parameters without the pre- and post-processing layers (the paper's basis of comparison). */
    public long withoutPrePost() {
        return byGroup.get(Group.ODE) + byGroup.get(Group.DOWN);
    }

    /** 1 - this / ODENet of the same shape, both without pre- and post-processing. */
    public double reductionVsOdenet() {
        ParamReport ode = of(config.withArch(Arch.ODENET));
        return 1.0 - (double) withoutPrePost() / ode.withoutPrePost();
    }

    public String table() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s%n%-22s %-5s %10s%n", config, "layer", "group", "params"));
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%-22s %-5s %10d%n", r.layer, r.group.name().toLowerCase(Locale.ROOT), r.params));
        }
        ParamReport ode = of(config.withArch(Arch.ODENET));
        s.append(String.format(Locale.ROOT, "%-28s %10d%n", "total", total()));
        s.append(String.format(Locale.ROOT, "%-28s %10d%n", "without pre/post", withoutPrePost()));
        s.append(String.format(Locale.ROOT, "%-28s %10d%n", "ODENet same shape w/o pre/post", ode.withoutPrePost()));
        s.append(String.format(Locale.ROOT, "reduction vs ODENet (w/o pre/post): %.1f%%%n", 100 * reductionVsOdenet()));
        return s.toString();
    }
}
