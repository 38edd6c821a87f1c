package org.dsodenet.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel headers in {@code include/dsodenet} stay in the synthesizable subset (see {@link SynthesizableSubset}
 * for the rules), and the checker itself catches each kind of violation.
 */
class SynthesizableSubsetTest {
    static final String OK_HEADER = """
            #include <ap_fixed.h>
            #include "common.h"
            // comments may say new, delete, std::vector, throw and double: they are not code
            template <class T, unsigned N>
            void scale(const T in[N], T out[N]) {
            loop:
                for (unsigned i = 0; i < N; i++) {
            #pragma HLS PIPELINE II = 1
                    out[i] = in[i] * 2;
                }
            }
            """;

    static Map<String, String> headers() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(Gpp.moduleDir().resolve("include").resolve("dsodenet"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".h")).collect(Collectors.toList())) {
                out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void kernelHeadersAreSynthesizable() throws IOException {
        Map<String, String> headers = headers();
        assertTrue(headers.size() >= 9, "kernel headers found: " + headers.keySet());
        List<String> violations = new ArrayList<>();
        Map<String, Integer> loopsPerFunction = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            SynthesizableSubset.Report r = SynthesizableSubset.check(h.getKey(), h.getValue(), headers.keySet());
            violations.addAll(r.violations());
            r.functions().forEach(f -> loopsPerFunction.put(f.name(), f.loops()));
        }
        assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
        // The checker must have seen the kernels and their loops, or the rules were vacuously satisfied.
        for (String kernel : List.of("conv2d", "depthwise_conv2d", "pointwise_conv2d", "batchnorm", "relu",
                "global_avg_pool", "linear", "ode_enter", "ode_f_input", "euler_update")) {
            assertTrue(loopsPerFunction.getOrDefault(kernel, 0) > 0, kernel + " found with loops: " + loopsPerFunction);
        }
        assertEquals(0, loopsPerFunction.get("from_raw"), "from_raw has no loop");
    }

    @Test
    void aCleanHeaderPasses() {
        SynthesizableSubset.Report r = SynthesizableSubset.check("ok.h", OK_HEADER, Set.of("common.h"));
        assertEquals(List.of(), r.violations());
        assertEquals(1, r.functions().size());
        assertEquals(1, r.functions().get(0).loops());
    }

    @Test
    void dynamicMemoryIsReported() {
        assertViolation("int* p = new int[4];", "dynamic memory (new)");
        assertViolation("delete p;", "dynamic memory (delete)");
        assertViolation("void* q = malloc(8); free(q);", "dynamic memory (malloc)");
    }

    @Test
    void exceptionsAreReported() {
        assertViolation("if (n == 0) throw 1;", "exception handling (throw)");
        assertViolation("try { n++; } catch (int e) { n--; }", "exception handling (try)");
    }

    @Test
    void standardLibraryIsReported() {
        assertViolation("std::vector<int> v;", "standard library (std::)");
        SynthesizableSubset.Report r = SynthesizableSubset.check("x.h", "#include <vector>\n#include \"other.h\"\n",
                Set.of("x.h"));
        assertEquals(2, r.violations().size(), r.violations().toString());
        assertTrue(r.violations().get(0).contains("#include of vector"), r.violations().toString());
        assertTrue(r.violations().get(1).contains("#include of other.h"), r.violations().toString());
    }

    @Test
    void floatingPointIsReported() {
        assertViolation("double d = 0.5;", "floating point type (double)");
    }

    @Test
    void recursionIsReported() {
        String text = """
                template <class T>
                T sum(const T* a, unsigned n) {
                    return n == 0 ? T(0) : a[0] + sum<T>(a + 1, n - 1);
                }
                int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
                """;
        List<String> v = SynthesizableSubset.check("rec.h", text, Set.of()).violations();
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.get(0).contains("recursion (sum calls itself)"), v.toString());
        assertTrue(v.get(1).contains("recursion (fact calls itself)"), v.toString());
    }

    @Test
    void loopsWithoutPipelineAreReported() {
        String noPragma = OK_HEADER.replace("#pragma HLS PIPELINE II = 1\n", "");
        List<String> v = SynthesizableSubset.check("np.h", noPragma, Set.of("common.h")).violations();
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("loop nest in scale has no #pragma HLS PIPELINE"), v.toString());

        String misplaced = """
                void f(int a[4]) {
                #pragma HLS PIPELINE
                    for (int i = 0; i < 4; i++) {
                        if (a[i] > 0) {
                #pragma HLS PIPELINE
                            a[i] = 0;
                        }
                    }
                }
                """;
        List<String> m = SynthesizableSubset.check("mp.h", misplaced, Set.of()).violations();
        assertEquals(2, m.size(), m.toString());
        assertTrue(m.stream().allMatch(s -> s.contains("is not directly inside a loop body")), m.toString());

        String unbraced = "void g(int a[4]) {\n    for (int i = 0; i < 4; i++) a[i] = 0;\n}\n";
        List<String> u = SynthesizableSubset.check("ub.h", unbraced, Set.of()).violations();
        assertEquals(1, u.size(), u.toString());
        assertTrue(u.get(0).contains("loop without a braced body"), u.toString());
    }

    private static void assertViolation(String statement, String expected) {
        String text = "void f(int n, int* p) {\n    " + statement + "\n}\n";
        List<String> v = SynthesizableSubset.check("bad.h", text, Set.of()).violations();
        assertTrue(v.stream().anyMatch(s -> s.equals("bad.h:2: " + expected)), () -> "expected '" + expected + "' in " + v);
    }
}
