package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Precision per layer: a default and overrides for layers whose names match a glob ({@code *} any run of
 * characters, dots included; {@code ?} one character). The last matching override wins, as in hls4ml's per-layer
 * configuration. The name {@code input} selects the network input's type (its activation bits). For an ODE block
 * the override of the block's own name sets the state bits; the layers of its function match on their own names
 * (for example {@code stage1.f.pw1}).
 *
 * <p>Written on the command line as {@code --precision fx8 --layer-precision 'pre.*=16,16,16'
 * --layer-precision fc=fx16}.
 *
 * @param base      precision of every layer no override matches
 * @param overrides in the order given
 */
public record LayerPrecisions(Precision base, List<Override> overrides) {
    /** One override: layers matching {@code glob} take {@code precision}. */
    public record Override(String glob, Precision precision) {
        private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.*?\\-]{1,100}");

        public Override {
            if (!GLOB.matcher(glob).matches()) {
                throw new IllegalArgumentException("layer pattern must be 1..100 of letters, digits, '_', '-', '.', "
                        + "'*', '?', got '" + glob + "'");
            }
        }

        /** {@code GLOB=PRECISION}, for example {@code stage*.f.pw?=8,12,16}. */
        public static Override parse(String s) {
            int eq = s.indexOf('=');
            if (eq < 1 || eq == s.length() - 1) {
                throw new IllegalArgumentException("layer precision must be PATTERN=PRECISION (e.g. 'pre.*=16,16,16'), got '"
                        + s + "'");
            }
            return new Override(s.substring(0, eq).strip(), Precision.parse(s.substring(eq + 1)));
        }

        /** Glob match over the whole name: {@code ?} one character, {@code *} any run, backtracking to the last star. */
        boolean matches(String layer) {
            int g = 0;
            int n = 0;
            int star = -1;
            int afterStar = 0;
            while (n < layer.length()) {
                if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == layer.charAt(n))) {
                    g++;
                    n++;
                } else if (g < glob.length() && glob.charAt(g) == '*') {
                    star = g++;
                    afterStar = n;
                } else if (star >= 0) {
                    g = star + 1;
                    n = ++afterStar;
                } else {
                    return false;
                }
            }
            while (g < glob.length() && glob.charAt(g) == '*') {
                g++;
            }
            return g == glob.length();
        }

        @java.lang.Override
        public String toString() {
            return glob + "=" + precision.name();
        }
    }

    public LayerPrecisions {
        overrides = List.copyOf(overrides);
    }

    /** Every layer at {@code p}. */
    public static LayerPrecisions uniform(Precision p) {
        return new LayerPrecisions(p, List.of());
    }

    /** A default precision string and override strings, as given on the command line. */
    public static LayerPrecisions parse(String base, List<String> overrides) {
        List<Override> o = new ArrayList<>();
        for (String s : overrides) {
            o.add(Override.parse(s));
        }
        return new LayerPrecisions(Precision.parse(base), o);
    }

    /** The precision of layer {@code name}: the last override that matches it, else the default. */
    public Precision of(String name) {
        Precision p = base;
        for (Override o : overrides) {
            if (o.matches(name)) {
                p = o.precision();
            }
        }
        return p;
    }

    /** The overrides that match none of {@code names}: almost always a typo, so quantizing refuses them. */
    public List<Override> unused(List<String> names) {
        List<Override> out = new ArrayList<>();
        for (Override o : overrides) {
            if (names.stream().noneMatch(o::matches)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Short label for file and network names: the default's name, marked when overrides exist. */
    public String name() {
        return overrides.isEmpty() ? base.name() : base.name() + "_perlayer";
    }

    /** Full description for metadata and reports, e.g. {@code fx8; pre.*=w16a16s16; fc=fx16}. */
    public String describe() {
        StringBuilder b = new StringBuilder(base.name());
        for (Override o : overrides) {
            b.append("; ").append(o);
        }
        return b.toString();
    }
}
