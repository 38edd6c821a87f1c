package org.dsodenet.hls;

import static org.dsodenet.hls.ResultTokens.raw;
import static org.dsodenet.hls.ResultTokens.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the integer side of the API and of the conversions into it, against expectations computed
 * here with BigInteger arithmetic: ap_int/ap_uint + - * / % & | ^ ~ and unary minus (Vitis's result widths), shifts,
 * comparisons, construction from double and from ap_fixed (truncation toward zero, then modulo 2^W, with Vitis's
 * rules for small negative values), {@code to_int()}, and reading and writing a bit range.
 */
class IntegerApiDifferentialTest {
    static final long SEED = 0x1A7E_6E25L;
    static final int PAIRS = 24;
    static final int SAMPLES = 120;

    record Pair(int id, FixedType x, FixedType y, FixedType f) {
        static String cpp(FixedType t) {
            return (t.signed() ? "ap_int<" : "ap_uint<") + t.width() + ">";
        }

        boolean divides() {
            return x.signed() == y.signed() && x.width() <= 64 && y.width() <= 64;
        }
    }

    record Sample(Pair pair, BigInteger rx, BigInteger ry, BigInteger rf, double d, int shift, int hi, int lo) {}

    @Test
    void integerApiAgreesWithBigIntegerArithmetic() {
        RandomRaw rnd = new RandomRaw(SEED);
        List<Pair> pairs = new ArrayList<>();
        for (int k = 0; k < PAIRS; k++) {
            int max = k < 18 ? 64 : 130;
            int wx = rnd.width(1, max);
            int wy = rnd.width(1, max);
            FixedType f = rnd.type(1, k < 18 ? 64 : 100);
            if (k % 6 == 0) {
                f = FixedType.of(f.signed(), f.width(), 0); // Vitis's I = 0 rule
            }
            pairs.add(new Pair(k, FixedType.of(rnd.rnd.nextBoolean(), wx, wx), FixedType.of(rnd.rnd.nextBoolean(), wy, wy),
                    f.plain()));
        }
        List<Sample> samples = new ArrayList<>();
        for (Pair p : pairs) {
            for (int s = 0; s < SAMPLES; s++) {
                int w = p.x().width();
                int lo = rnd.rnd.nextInt(w);
                int hi = lo + rnd.rnd.nextInt(w - lo);
                double d = switch (rnd.rnd.nextInt(4)) {
                    case 0 -> (rnd.rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.rnd.nextInt(2 * w + 4));
                    case 1 -> rnd.rnd.nextInt(2001) - 1000 + rnd.rnd.nextInt(4) * 0.25;
                    case 2 -> (rnd.rnd.nextDouble() - 0.5) * 1e30;
                    default -> rnd.rnd.nextLong() * 1.0;
                };
                samples.add(new Sample(p, rnd.raw(p.x()), rnd.raw(p.y()), rnd.raw(p.f()), d,
                        rnd.rnd.nextInt(2 * w + 7) - w - 3, hi, lo));
            }
        }
        Path src = Gpp.writeSource("int_main.cpp", program(pairs));
        Path exe = Gpp.compileDifferential("int_main", src);
        StringBuilder input = new StringBuilder();
        for (Sample s : samples) {
            Pair p = s.pair();
            input.append(p.id()).append(' ').append(RandomRaw.hex(s.rx(), p.x())).append(' ')
                    .append(RandomRaw.hex(s.ry(), p.y())).append(' ').append(RandomRaw.hex(s.rf(), p.f())).append(' ')
                    .append(Long.toHexString(Double.doubleToRawLongBits(s.d()))).append(' ').append(s.shift())
                    .append(' ').append(s.hi()).append(' ').append(s.lo()).append('\n');
        }
        Gpp.writeSource("int_input.txt", input.toString()); // kept for rerunning the program by hand
        Gpp.Result r = Gpp.run(List.of(exe.toString()), in -> in.write(input.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, r.exitCode(), () -> "program failed:\n" + HostModelGoldenTest.head(r.all()));
        String[] lines = r.output().split("\n");
        assertEquals(samples.size(), lines.length, "one line per sample");
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < samples.size(); i++) {
            checked += check(samples.get(i), lines[i], mismatches);
        }
        System.out.printf("integer API differential: %d pairs, %d samples, %d results compared%n", PAIRS, samples.size(),
                checked);
        Gpp.writeSource("int_mismatches.txt", String.join("\n", mismatches) + "\n");
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " mismatches, first:\n"
                + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
        assertTrue(checked >= samples.size() * 15, "every sample was compared");
    }

    private static String program(List<Pair> pairs) {
        StringBuilder sb = new StringBuilder("// Generated by IntegerApiDifferentialTest.\n#include <cstdio>\n#include <cstring>\n"
                + "#include \"ap_io.h\"\n\nusing ap_io::put;\n\n");
        for (Pair p : pairs) {
            sb.append("namespace p").append(p.id()).append(" {\n")
                    .append("typedef ").append(Pair.cpp(p.x())).append(" X;\n")
                    .append("typedef ").append(Pair.cpp(p.y())).append(" Y;\n")
                    .append("typedef ").append(p.f()).append(" F;\n")
                    .append("void sample(const char* hx, const char* hy, const char* hf, double d, int n, int hi, int lo) {\n")
                    .append("    X x;\n    Y y;\n    F f;\n    ap_io::load(x, hx);\n    ap_io::load(y, hy);\n    ap_io::load(f, hf);\n")
                    .append("    put(x + y);\n    put(x - y);\n    put(x * y);\n    put(x & y);\n    put(x | y);\n    put(x ^ y);\n")
                    .append("    put(-x);\n    put(~x);\n    put(x << n);\n    put(x >> n);\n")
                    .append("    std::printf(\" %d%d%d%d%d%d\", x < y, x <= y, x > y, x >= y, x == y, x != y);\n")
                    .append("    X fromDouble = d;\n    put(fromDouble);\n")
                    .append("    X fromFixed = f;\n    put(fromFixed);\n")
                    .append("    std::printf(\" %x\", static_cast<unsigned>(f.to_int()));\n")
                    .append("    ap_uint<X::width> part = x.range(hi, lo);\n    put(part);\n")
                    .append("    X z = x;\n    z.range(hi, lo) = y;\n    put(z);\n");
            if (p.divides()) {
                sb.append("    if (y != 0) {\n        put(x / y);\n        put(x % y);\n    } else {\n")
                        .append("        std::printf(\" - -\");\n    }\n");
            } else {
                sb.append("    std::printf(\" - -\");\n");
            }
            sb.append("    std::printf(\"\\n\");\n}\n}  // namespace p").append(p.id()).append("\n\n");
        }
        sb.append("int main() {\n    char line[1024], hx[300], hy[300], hf[300];\n    unsigned long long db;\n")
                .append("    int k, n, hi, lo;\n    while (std::fgets(line, sizeof line, stdin)) {\n")
                .append("        if (std::sscanf(line, \"%d %299s %299s %299s %llx %d %d %d\", &k, hx, hy, hf, &db, &n, &hi, &lo) != 8) return 2;\n")
                .append("        double d;\n        std::memcpy(&d, &db, sizeof d);\n        switch (k) {\n");
        for (Pair p : pairs) {
            sb.append("            case ").append(p.id()).append(": p").append(p.id())
                    .append("::sample(hx, hy, hf, d, n, hi, lo); break;\n");
        }
        sb.append("            default: return 3;\n        }\n    }\n    return 0;\n}\n");
        return sb.toString();
    }

    private static int check(Sample s, String line, List<String> mismatches) {
        Pair p = s.pair();
        FixedType x = p.x();
        FixedType y = p.y();
        BigInteger rx = s.rx();
        BigInteger ry = s.ry();
        String[] tok = line.strip().split(" ");
        String what = "pair " + p.id() + " x=" + Pair.cpp(x) + " " + rx + " y=" + Pair.cpp(y) + " " + ry + " f=" + p.f()
                + " " + s.rf() + " d=" + s.d() + " n=" + s.shift() + " range(" + s.hi() + "," + s.lo() + ")";
        if (tok.length != 18) {
            mismatches.add(what + ": expected 18 results, got '" + line + "'");
            return 0;
        }
        boolean sx = x.signed();
        boolean sy = y.signed();
        int logicW = Math.max(x.width() + (sy && !sx ? 1 : 0), y.width() + (sx && !sy ? 1 : 0));
        FixedType logic = FixedType.of(sx || sy, logicW, logicW);
        int negW = Math.max(x.width(), 1 + (sx ? 1 : 0)) + 1;
        int c = VitisCompare.order(rx, x, ry, y);
        boolean eq = VitisCompare.equal(rx, x, ry, y);
        int checked = 0;
        checked += raw(mismatches, what, "x + y", tok[0], WideFx.add(rx, x, ry, y), Fx.addType(x, y));
        checked += raw(mismatches, what, "x - y", tok[1], WideFx.sub(rx, x, ry, y), Fx.subType(x, y));
        checked += raw(mismatches, what, "x * y", tok[2], WideFx.mul(rx, x, ry, y), Fx.mulType(x, y));
        checked += raw(mismatches, what, "x & y", tok[3], rx.and(ry), logic);
        checked += raw(mismatches, what, "x | y", tok[4], rx.or(ry), logic);
        checked += raw(mismatches, what, "x ^ y", tok[5], rx.xor(ry), logic);
        checked += raw(mismatches, what, "-x", tok[6], rx.negate(), FixedType.of(true, negW, negW));
        checked += raw(mismatches, what, "~x", tok[7], rx.not(), x);
        checked += raw(mismatches, what, "x << n", tok[8], WideFx.shiftLeft(rx, x, s.shift()), x);
        checked += raw(mismatches, what, "x >> n", tok[9], WideFx.shiftRight(rx, x, s.shift()), x);
        String flags = "" + bit(c < 0) + bit(c <= 0) + bit(c > 0) + bit(c >= 0) + bit(eq) + bit(!eq);
        checked += text(mismatches, what, "x <,<=,>,>=,==,!= y", tok[10], flags);
        // Truncation toward zero, then modulo 2^W (Vitis: a double in (-0.5, 0) gives 1).
        BigInteger fromDouble = s.d() < 0 && s.d() > -0.5 ? BigInteger.ONE : new BigDecimal(s.d()).toBigInteger();
        checked += raw(mismatches, what, "X(double)", tok[11], fromDouble, x);
        if (!(Gpp.externalApHeaders() && p.f().intBits() < 0 && s.rf().signum() < 0)) {
            // (Vitis reads an uninitialised bit for negative values of types with I < 0.)
            BigInteger fromFixed = truncateTowardZero(s.rf(), p.f());
            checked += raw(mismatches, what, "X(fixed)", tok[12], fromFixed, x);
            checked += raw(mismatches, what, "f.to_int()", tok[13], fromFixed, FixedType.of(false, 32, 32));
        }
        BigInteger pattern = RandomRaw.pattern(rx, x);
        int len = s.hi() - s.lo() + 1;
        BigInteger mask = BigInteger.ONE.shiftLeft(len).subtract(BigInteger.ONE);
        checked += raw(mismatches, what, "x.range(hi, lo)", tok[14], pattern.shiftRight(s.lo()).and(mask),
                FixedType.of(false, x.width(), x.width()));
        BigInteger z = pattern.andNot(mask.shiftLeft(s.lo())).or(ry.and(mask).shiftLeft(s.lo()));
        checked += raw(mismatches, what, "z.range(hi, lo) = y", tok[15], z, x);
        if (p.divides() && ry.signum() != 0) {
            int divW = x.width() + (sy ? 1 : 0);
            int modW = Math.min(x.width(), y.width() + (!sy && sx ? 1 : 0));
            checked += raw(mismatches, what, "x / y", tok[16], rx.divide(ry), FixedType.of(sx || sy, divW, divW));
            checked += raw(mismatches, what, "x % y", tok[17], rx.remainder(ry), FixedType.of(sx, modW, modW));
        } else {
            checked += text(mismatches, what, "no division", tok[16] + tok[17], "--");
        }
        return checked;
    }

    /**
     * Fixed point to integer as Vitis does it: the integer part in max(I, 1) bits, truncated toward zero; with I = 0
     * that container is one bit wide and a negative value ends as -1. The host model gives -1 for I < 0 too.
     */
    static BigInteger truncateTowardZero(BigInteger raw, FixedType t) {
        if (t.intBits() <= 0 && raw.signum() < 0) {
            return BigInteger.ONE.negate();
        }
        if (t.intBits() < 0) {
            return BigInteger.ZERO;
        }
        return WideFx.toBigDecimal(raw, t).toBigInteger();
    }

    private static char bit(boolean b) {
        return b ? '1' : '0';
    }
}
