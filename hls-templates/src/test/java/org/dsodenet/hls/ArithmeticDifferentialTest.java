package org.dsodenet.hls;

import static org.dsodenet.hls.ResultTokens.raw;
import static org.dsodenet.hls.ResultTokens.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Differential test of the C++ operators against the Java fixed-point library: random type pairs and values (seeded),
 * one template instantiation per pair in a generated program, every result compared with {@link WideFx} and
 * {@link Fx}'s result types. Covers + - * (fixed with fixed, ap_int and int operands), the six comparisons (with
 * Vitis's rule for mixed signedness, {@link VitisCompare}), shifts by any int, unary minus, assignment to a declared
 * type with random modes, {@code +=}, to_double and to_float.
 */
class ArithmeticDifferentialTest {
    static final long SEED = 0x5EED_A7F1_C0DEL;
    static final int PAIRS = 48;
    static final int SAMPLES = 150;
    static final FixedType INT32 = FixedType.signed(32, 32);

    /** An operand type: fixed point, or an integer (ap_int/ap_uint, the fixed-point type with I = W). */
    record Operand(FixedType type, boolean integer) {
        String cpp() {
            return integer ? (type.signed() ? "ap_int<" : "ap_uint<") + type.width() + ">" : type.toString();
        }
    }

    /** k: an enumerator, which takes part as the int it promotes to. */
    record Pair(int id, Operand a, Operand b, FixedType d, int k) {}

    record Sample(Pair pair, BigInteger ra, BigInteger rb, int shift, int c) {}

    @Test
    void operatorsAgreeWithTheJavaLibrary() {
        RandomRaw rnd = new RandomRaw(SEED);
        List<Pair> pairs = new ArrayList<>();
        for (int k = 0; k < PAIRS; k++) {
            pairs.add(pair(rnd, k));
        }
        List<Sample> samples = new ArrayList<>();
        for (Pair p : pairs) {
            for (int s = 0; s < SAMPLES; s++) {
                FixedType a = p.a().type();
                samples.add(new Sample(p, rnd.raw(a), rnd.raw(p.b().type()), rnd.rnd.nextInt(2 * a.width() + 7) - a.width() - 3,
                        rnd.rnd.nextBoolean() ? rnd.rnd.nextInt(17) - 8 : rnd.rnd.nextInt()));
            }
        }
        Path src = Gpp.writeSource("arith_main.cpp", program(pairs));
        Path exe = Gpp.compileDifferential("arith_main", src);
        StringBuilder input = new StringBuilder();
        for (Sample s : samples) {
            input.append(s.pair().id()).append(' ').append(RandomRaw.hex(s.ra(), s.pair().a().type())).append(' ')
                    .append(RandomRaw.hex(s.rb(), s.pair().b().type())).append(' ').append(s.shift()).append(' ')
                    .append(s.c()).append('\n');
        }
        Gpp.writeSource("arith_input.txt", input.toString()); // kept for rerunning the program by hand
        Gpp.Result r = Gpp.run(List.of(exe.toString()), in -> in.write(input.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, r.exitCode(), () -> "program failed:\n" + HostModelGoldenTest.head(r.all()));
        String[] lines = r.output().split("\n");
        assertEquals(PAIRS + samples.size(), lines.length, "one type line per pair and one line per sample");

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (int k = 0; k < PAIRS; k++) {
            checked += checkTypes(pairs.get(k), lines[k], mismatches);
        }
        for (int i = 0; i < samples.size(); i++) {
            checked += checkSample(samples.get(i), lines[PAIRS + i], mismatches);
        }
        System.out.printf("arithmetic differential: %d pairs, %d samples, %d results compared%n", PAIRS, samples.size(),
                checked);
        Gpp.writeSource("arith_mismatches.txt", String.join("\n", mismatches) + "\n");
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " mismatches, first:\n"
                + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
        assertTrue(checked > samples.size() * 15, "every sample was compared");
    }

    private static Pair pair(RandomRaw rnd, int k) {
        Operand a;
        Operand b;
        if (k < 30) {
            a = new Operand(rnd.type(1, 64), false);
            b = new Operand(rnd.type(1, 64), false);
        } else if (k < 38) {
            a = new Operand(rnd.type(1, 64), false);
            int w = rnd.width(1, 64);
            b = new Operand(FixedType.of(rnd.rnd.nextBoolean(), w, w), true);
        } else {
            a = new Operand(rnd.type(k % 2 == 0 ? 65 : 1, 128), false);
            b = new Operand(rnd.type(k % 2 == 0 ? 1 : 65, 128), k % 3 == 0);
            if (b.integer()) {
                b = new Operand(FixedType.of(b.type().signed(), b.type().width(), b.type().width()), true);
            }
        }
        FixedType d = rnd.type(1, k < 38 ? 64 : 128);
        while (Gpp.externalApHeaders() && !xilinxCanCast(d, a.type(), b.type())) {
            d = rnd.type(1, k < 38 ? 64 : 128);
        }
        return new Pair(k, a, b, d, rnd.rnd.nextInt(2001) - 1000);
    }

    /**
     * Xilinx's C simulation stops on an internal assertion when a rounding conversion drops more bits than the source
     * has (the destination LSB above the source's MSB); such casts are only generated for the host model.
     */
    private static boolean xilinxCanCast(FixedType d, FixedType a, FixedType b) {
        FixedType[] sources = {a, Fx.addType(a, b), Fx.subType(a, b), Fx.mulType(a, b), Fx.addType(d, Fx.mulType(a, b))};
        for (FixedType s : sources) {
            if (s.fracBits() - d.fracBits() >= s.width()) {
                return false;
            }
        }
        return true;
    }

    private static String program(List<Pair> pairs) {
        StringBuilder sb = new StringBuilder();
        sb.append("// Generated by ArithmeticDifferentialTest.\n#include <cstdio>\n#include <cstdlib>\n#include \"ap_io.h\"\n\n");
        sb.append("using ap_io::put;\n\n");
        for (Pair p : pairs) {
            int k = p.id();
            sb.append("namespace p").append(k).append(" {\n")
                    .append("typedef ").append(p.a().cpp()).append(" A;\n")
                    .append("typedef ").append(p.b().cpp()).append(" B;\n")
                    .append("typedef ").append(p.d()).append(" D;\n")
                    .append("enum { K = ").append(p.k()).append(" };\n")
                    .append("void types() {\n")
                    .append("    std::printf(\"T").append(k).append("\");\n")
                    .append("    ap_io::put_type<decltype(A() + B())>();\n")
                    .append("    ap_io::put_type<decltype(A() - B())>();\n")
                    .append("    ap_io::put_type<decltype(A() * B())>();\n")
                    .append("    std::printf(\"\\n\");\n}\n")
                    .append("void sample(const char* ha, const char* hb, int n, int c) {\n")
                    .append("    A a;\n    B b;\n    ap_io::load(a, ha);\n    ap_io::load(b, hb);\n")
                    .append("    put(a + b);\n    put(a - b);\n    put(a * b);\n")
                    .append("    std::printf(\" %d%d%d%d%d%d\", a < b, a <= b, a > b, a >= b, a == b, a != b);\n")
                    .append("    put(a << n);\n    put(a >> n);\n    put(-a);\n")
                    .append("    D d1 = a + b;\n    put(d1);\n    D d2 = a * b;\n    put(d2);\n")
                    .append("    D d3 = a;\n    put(d3);\n    D d4 = a - b;\n    put(d4);\n")
                    .append("    D d5 = a;\n    d5 += a * b;\n    put(d5);\n")
                    .append("    ap_io::put_double_bits(a.to_double());\n    ap_io::put_float_bits(a.to_float());\n")
                    .append("    put(a + c);\n    put(a * c);\n")
                    .append("    std::printf(\" %d%d%d\", a < c, a == c, a > c);\n")
                    .append("    std::printf(\" %d%d%d\", c < a, c == a, c > a);\n")
                    .append("    std::printf(\" %d%d%d\", b < c, b == c, b > c);\n")
                    .append("    put(a * K);\n    std::printf(\" %d\\n\", a < K);\n}\n")
                    .append("}  // namespace p").append(k).append("\n\n");
        }
        sb.append("int main() {\n");
        for (Pair p : pairs) {
            sb.append("    p").append(p.id()).append("::types();\n");
        }
        sb.append("    char line[1024];\n    char ha[512];\n    char hb[512];\n")
                .append("    while (std::fgets(line, sizeof line, stdin)) {\n")
                .append("        int k, n, c;\n")
                .append("        if (std::sscanf(line, \"%d %511s %511s %d %d\", &k, ha, hb, &n, &c) != 5) return 2;\n")
                .append("        switch (k) {\n");
        for (Pair p : pairs) {
            sb.append("            case ").append(p.id()).append(": p").append(p.id()).append("::sample(ha, hb, n, c); break;\n");
        }
        sb.append("            default: return 3;\n        }\n    }\n    return 0;\n}\n");
        return sb.toString();
    }

    private static int checkTypes(Pair p, String line, List<String> mismatches) {
        FixedType a = p.a().type();
        FixedType b = p.b().type();
        String expected = "T" + p.id() + spell(Fx.addType(a, b)) + spell(Fx.subType(a, b)) + spell(Fx.mulType(a, b));
        if (!expected.equals(line.strip())) {
            mismatches.add("pair " + p.id() + " result types: expected " + expected + ", got " + line.strip());
        }
        return 1;
    }

    private static String spell(FixedType t) {
        return " " + t.width() + " " + t.intBits() + " " + (t.signed() ? 1 : 0);
    }

    private static int checkSample(Sample s, String line, List<String> mismatches) {
        Pair p = s.pair();
        FixedType a = p.a().type().plain();
        FixedType b = p.b().type().plain();
        FixedType d = p.d();
        BigInteger ra = s.ra();
        BigInteger rb = s.rb();
        String[] tok = line.strip().split(" ");
        String what = "pair " + p.id() + " a=" + a + " " + ra + " b=" + p.b().cpp() + " " + rb + " n=" + s.shift()
                + " c=" + s.c() + " D=" + d;
        if (tok.length != 21) {
            mismatches.add(what + ": expected 21 results, got '" + line + "'");
            return 0;
        }
        FixedType sum = Fx.addType(a, b);
        FixedType dif = Fx.subType(a, b);
        FixedType prod = Fx.mulType(a, b);
        BigInteger vSum = WideFx.add(ra, a, rb, b);
        BigInteger vDif = WideFx.sub(ra, a, rb, b);
        BigInteger vProd = WideFx.mul(ra, a, rb, b);
        int cmp = VitisCompare.order(ra, a, rb, b);
        boolean eq = VitisCompare.equal(ra, a, rb, b);
        FixedType neg = FixedType.signed(a.width() + 1, a.intBits() + 1);
        BigInteger d3 = WideFx.cast(ra, a, d);
        BigInteger d5 = WideFx.cast(WideFx.add(d3, d, vProd, prod), Fx.addType(d, prod), d);
        BigInteger c = BigInteger.valueOf(s.c());
        int cmpC = VitisCompare.order(ra, a, c, INT32);
        boolean eqC = VitisCompare.equal(ra, a, c, INT32);
        int cmpCA = VitisCompare.order(c, INT32, ra, a);
        boolean eqCA = VitisCompare.equal(c, INT32, ra, a);
        int cmpBC = VitisCompare.order(rb, b, c, INT32);
        boolean eqBC = VitisCompare.equal(rb, b, c, INT32);
        int checked = 0;
        checked += raw(mismatches, what, "a + b", tok[0], vSum, sum);
        checked += raw(mismatches, what, "a - b", tok[1], vDif, dif);
        checked += raw(mismatches, what, "a * b", tok[2], vProd, prod);
        checked += text(mismatches, what, "a <,<=,>,>=,==,!= b", tok[3], flags(cmp < 0, cmp <= 0, cmp > 0, cmp >= 0, eq, !eq));
        checked += raw(mismatches, what, "a << n", tok[4], WideFx.shiftLeft(ra, a, s.shift()), a);
        checked += raw(mismatches, what, "a >> n", tok[5], WideFx.shiftRight(ra, a, s.shift()), a);
        checked += raw(mismatches, what, "-a", tok[6], ra.negate(), neg);
        checked += raw(mismatches, what, "D = a + b", tok[7], WideFx.cast(vSum, sum, d), d);
        checked += raw(mismatches, what, "D = a * b", tok[8], WideFx.cast(vProd, prod, d), d);
        checked += raw(mismatches, what, "D = a", tok[9], d3, d);
        checked += raw(mismatches, what, "D = a - b", tok[10], WideFx.cast(vDif, dif, d), d);
        checked += raw(mismatches, what, "D = a; D += a * b", tok[11], d5, d);
        double x = WideFx.toDouble(ra, a);
        checked += text(mismatches, what, "a.to_double()", tok[12], Long.toHexString(Double.doubleToRawLongBits(x)));
        if (a.width() <= 53) {
            // The double is exact here, so one rounding to float is the correctly rounded float.
            checked += text(mismatches, what, "a.to_float()", tok[13], Integer.toHexString(Float.floatToRawIntBits((float) x)));
        }
        checked += raw(mismatches, what, "a + int", tok[14], WideFx.add(ra, a, c, INT32), Fx.addType(a, INT32));
        checked += raw(mismatches, what, "a * int", tok[15], WideFx.mul(ra, a, c, INT32), Fx.mulType(a, INT32));
        checked += text(mismatches, what, "a <,==,> int", tok[16], flags(cmpC < 0, eqC, cmpC > 0));
        checked += text(mismatches, what, "int <,==,> a", tok[17], flags(cmpCA < 0, eqCA, cmpCA > 0));
        checked += text(mismatches, what, "b <,==,> int", tok[18], flags(cmpBC < 0, eqBC, cmpBC > 0));
        BigInteger k = BigInteger.valueOf(p.k());
        checked += raw(mismatches, what, "a * enumerator", tok[19], WideFx.mul(ra, a, k, INT32), Fx.mulType(a, INT32));
        checked += text(mismatches, what, "a < enumerator", tok[20], flags(VitisCompare.order(ra, a, k, INT32) < 0));
        return checked;
    }

    private static String flags(boolean... bits) {
        StringBuilder sb = new StringBuilder();
        for (boolean b : bits) {
            sb.append(b ? '1' : '0');
        }
        return sb.toString();
    }
}
