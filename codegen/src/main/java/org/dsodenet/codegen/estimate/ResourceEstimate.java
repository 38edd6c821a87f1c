package org.dsodenet.codegen.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-layer and total resource and latency estimate for one part and clock, with warnings. */
public record ResourceEstimate(Part part, double clockNs, List<LayerEstimate> layers, long loadCycles) {
    public ResourceEstimate {
        layers = List.copyOf(layers);
    }

    public int bram18() {
        return layers.stream().mapToInt(LayerEstimate::bram18).sum();
    }

    public int uram() {
        return layers.stream().mapToInt(LayerEstimate::uram).sum();
    }

    public int dsp() {
        return layers.stream().mapToInt(LayerEstimate::dsp).sum();
    }

    public long cycles() {
        return layers.stream().mapToLong(LayerEstimate::cycles).sum();
    }

    public int odeBram18() {
        return layers.stream().filter(LayerEstimate::ode).mapToInt(LayerEstimate::bram18).sum();
    }

    public int odeUram() {
        return layers.stream().filter(LayerEstimate::ode).mapToInt(LayerEstimate::uram).sum();
    }

    /** Latency of one inference in microseconds at the clock period. */
    public double latencyMicros() {
        return cycles() * clockNs / 1000.0;
    }

    /** Whether every weight and feature map of the ODE part fits in the part's block RAM and UltraRAM. */
    public boolean odePartFits() {
        return odeBram18() <= part.bram18() && odeUram() <= part.uram();
    }

    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (layers.stream().anyMatch(LayerEstimate::ode) && !odePartFits()) {
            w.add(String.format(Locale.ROOT, "WARNING: the ODE part needs %d BRAM18 and %d URAM, %s has %d and %d: "
                    + "its weights and feature maps do not fit on chip", odeBram18(), odeUram(), part.board(),
                    part.bram18(), part.uram()));
        }
        if (bram18() > part.bram18() || uram() > part.uram()) {
            w.add(String.format(Locale.ROOT, "WARNING: the design needs %d BRAM18 and %d URAM, %s has %d and %d",
                    bram18(), uram(), part.board(), part.bram18(), part.uram()));
        }
        if (dsp() > part.dsp()) {
            w.add(String.format(Locale.ROOT, "WARNING: the design needs %d DSPs, %s has %d; lower the parallelism",
                    dsp(), part.board(), part.dsp()));
        }
        return w;
    }

    /** A plain-text table, one row per layer, totals and warnings. */
    public String table() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Estimate for %s (%s), clock %.2f ns%n%-24s %-10s %5s %10s %7s %5s %5s %12s%n", part.name(), part.board(),
                clockNs, "layer", "kind", "ode", "kbit", "BRAM18", "URAM", "DSP", "cycles"));
        for (LayerEstimate l : layers) {
            s.append(String.format(Locale.ROOT, "%-24s %-10s %5s %10.1f %7d %5d %5d %12d%n", l.name(), l.kind(),
                    l.ode() ? "yes" : "", l.bits() / 1024.0, l.bram18(), l.uram(), l.dsp(), l.cycles()));
        }
        s.append(String.format(Locale.ROOT, "%-24s %-10s %5s %10.1f %7d %5d %5d %12d%n", "total", "", "",
                layers.stream().mapToLong(LayerEstimate::bits).sum() / 1024.0, bram18(), uram(), dsp(), cycles()));
        s.append(String.format(Locale.ROOT, "available on %s: %d BRAM18, %d URAM, %d DSP%n", part.board(), part.bram18(),
                part.uram(), part.dsp()));
        s.append(String.format(Locale.ROOT, "latency %.1f us per inference (%d cycles; parameter load %d cycles once)%n",
                latencyMicros(), cycles(), loadCycles));
        warnings().forEach(w -> s.append(w).append(System.lineSeparator()));
        return s.toString();
    }
}
