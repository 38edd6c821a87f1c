package org.dsodenet.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.fixedpoint.oracle.CastVectorCheck;
import org.dsodenet.fixedpoint.oracle.CastVectorReader;
import org.dsodenet.fixedpoint.oracle.RawHex;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dsodenet fx}: the fixed-point core from the command line. */
@Command(name = "fx", mixinStandardHelpOptions = true,
        description = "Fixed-point conversions with exact Vitis HLS ap_fixed semantics.",
        subcommands = {FxCommand.Check.class, FxCommand.Cast.class})
final class FxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check conversion vectors in the golden-file format (plain or .gz) against the Java "
                    + "semantics. Last line: 'N cases, M mismatches'; exit code 1 when M > 0.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "vectors: cast,... and dbl,... lines")
        Path file;

        @Option(names = "--show", defaultValue = "10", description = "mismatches printed in full (default ${DEFAULT-VALUE})")
        int show;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long[] counts = new long[2];
            CastVectorReader.forEach(file, v -> {
                counts[0]++;
                String m = CastVectorCheck.mismatch(v);
                if (m != null) {
                    if (counts[1]++ < show) {
                        out.println("MISMATCH " + m);
                    }
                }
            });
            if (counts[0] == 0) {
                // "0 cases, 0 mismatches" with exit 0 would pass a check that checked nothing.
                throw new IllegalArgumentException(file + ": no vectors (only blank or comment lines)");
            }
            out.println(counts[0] + " cases, " + counts[1] + " mismatches");
            out.flush();
            return counts[1] > 0 ? 1 : 0;
        }
    }

    @Command(name = "cast", mixinStandardHelpOptions = true,
            description = "Convert one value: a raw pattern of --from, or a decimal --value, into --to.")
    static final class Cast implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "TYPE", description = "destination, e.g. 'ap_fixed<16,6,AP_RND_CONV,AP_SAT>'")
        String to;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @ArgGroup(exclusive = false)
            RawSource raw;

            @Option(names = "--value", paramLabel = "DOUBLE", description = "a decimal or hex-float double")
            String value;
        }

        static final class RawSource {
            @Option(names = "--from", required = true, paramLabel = "TYPE", description = "source type")
            String from;

            @Option(names = "--raw", required = true, paramLabel = "HEX", description = "source raw bit pattern in hex")
            String raw;
        }

        @Override
        public Integer call() {
            FixedType dst = FixedType.parse(to);
            FixedStats stats = new FixedStats();
            BigInteger result;
            if (source.raw != null) {
                FixedType src = FixedType.parse(source.raw.from);
                String hex = source.raw.raw.toLowerCase().replaceFirst("^0x", "");
                result = WideFx.cast(RawHex.parse(hex, src), src, dst, stats);
            } else {
                result = WideFx.fromDouble(parseDouble(source.value), dst, stats);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(dst + " raw 0x" + RawHex.format(result, dst) + " = " + FixedDecimal.of(result, dst)
                    + flags(stats));
            out.flush();
            return 0;
        }

        private static double parseDouble(String s) {
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("'" + s + "' is not finite: fixed-point types hold no NaN or infinity");
            }
            return d;
        }

        private static String flags(FixedStats s) {
            String f = (s.quantized > 0 ? " quantized" : "") + (s.saturated > 0 ? " saturated" : "")
                    + (s.wrapped > 0 ? " wrapped" : "");
            return f.isEmpty() ? "" : " (" + f.strip() + ")";
        }
    }
}
