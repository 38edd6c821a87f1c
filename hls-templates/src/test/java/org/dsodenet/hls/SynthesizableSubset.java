package org.dsodenet.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token-level check that HLS kernel headers stay inside the subset of C++ that synthesizes to hardware with fixed
 * resources. It is deliberately simple (no preprocessor, no real parser), which is enough for the kernels' plain
 * style and errs on the side of reporting. The rules:
 *
 * <ol>
 *   <li>No dynamic memory: {@code new}, {@code delete}, {@code malloc}, {@code calloc}, {@code realloc}, {@code free}.
 *   <li>No recursion: a function body must not call the function itself.
 *   <li>No standard library: no {@code std::}, and {@code #include} only of {@code <ap_fixed.h>}, {@code <ap_int.h>},
 *       {@code <hls_stream.h>}, {@code <hls_math.h>} or a quoted header of the same directory.
 *   <li>No exceptions: {@code throw}, {@code try}, {@code catch}.
 *   <li>No floating point ({@code float}, {@code double}): the kernels compute in ap_fixed, bit for bit like the Java
 *       fixed-point forward.
 *   <li>Every outermost loop of a function contains a {@code #pragma HLS PIPELINE}, and every such pragma stands
 *       directly in a loop body (not in a nested if-block, not outside loops). Loop bodies must be braced.
 * </ol>
 */
final class SynthesizableSubset {
    static final Set<String> DYNAMIC_MEMORY = Set.of("new", "delete", "malloc", "calloc", "realloc", "free");
    static final Set<String> EXCEPTIONS = Set.of("throw", "try", "catch");
    static final Set<String> FLOATING = Set.of("float", "double");
    static final Set<String> ALLOWED_SYSTEM_HEADERS = Set.of("ap_fixed.h", "ap_int.h", "hls_stream.h", "hls_math.h");

    private static final String PIPELINE = "@PIPELINE";
    private static final Pattern TOKEN = Pattern.compile("@PIPELINE|[A-Za-z_]\\w*|\\d[\\w.]*|::|->|\\S");
    private static final Pattern INCLUDE = Pattern.compile("#\\s*include\\s*([<\"])([^>\"]+)[>\"]");
    private static final Pattern PIPELINE_PRAGMA = Pattern.compile("#\\s*pragma\\s+HLS\\s+PIPELINE\\b.*", Pattern.CASE_INSENSITIVE);

    /** A function definition found in a header. */
    record Function(String name, int bodyStart, int bodyEnd, int loops) {}

    /** What one header holds and what is wrong with it. */
    record Report(String file, List<Function> functions, List<String> violations) {}

    private SynthesizableSubset() {}

    /**
     * Checks one header. {@code siblings} are the file names quoted includes may name.
     */
    static Report check(String file, String text, Set<String> siblings) {
        List<String> violations = new ArrayList<>();
        String code = stripCommentsAndLiterals(text);
        StringBuilder withMarkers = new StringBuilder();
        String[] lines = code.split("\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].strip();
            if (line.startsWith("#")) {
                Matcher inc = INCLUDE.matcher(line);
                if (inc.find()) {
                    boolean system = inc.group(1).equals("<");
                    String name = inc.group(2);
                    if (system ? !ALLOWED_SYSTEM_HEADERS.contains(name) : !siblings.contains(name)) {
                        violations.add(file + ":" + (ln + 1) + ": #include of " + name + " (only ap_fixed/ap_int/hls "
                                + "headers and the kernels' own headers are allowed)");
                    }
                }
                // A pipeline pragma becomes a marker token at its place in the code; other directives vanish.
                withMarkers.append(PIPELINE_PRAGMA.matcher(line).matches() ? PIPELINE + " ;" : "");
            } else {
                withMarkers.append(lines[ln]);
            }
            withMarkers.append('\n');
        }
        List<String> tok = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        String[] codeLines = withMarkers.toString().split("\n", -1);
        for (int ln = 0; ln < codeLines.length; ln++) {
            Matcher m = TOKEN.matcher(codeLines[ln]);
            while (m.find()) {
                tok.add(m.group());
                lineOf.add(ln + 1);
            }
        }
        for (int i = 0; i < tok.size(); i++) {
            String t = tok.get(i);
            String where = file + ":" + lineOf.get(i) + ": ";
            if (DYNAMIC_MEMORY.contains(t)) {
                violations.add(where + "dynamic memory (" + t + ")");
            } else if (EXCEPTIONS.contains(t)) {
                violations.add(where + "exception handling (" + t + ")");
            } else if (FLOATING.contains(t)) {
                violations.add(where + "floating point type (" + t + ")");
            } else if (t.equals("std") && i + 1 < tok.size() && tok.get(i + 1).equals("::")) {
                violations.add(where + "standard library (std::)");
            }
        }
        List<Function> functions = functions(tok);
        for (Function f : functions) {
            checkRecursion(file, f, tok, lineOf, violations);
        }
        List<Function> withLoops = new ArrayList<>();
        for (Function f : functions) {
            withLoops.add(checkLoops(file, f, tok, lineOf, violations));
        }
        return new Report(file, withLoops, violations);
    }

    /** Function definitions: a brace opened right after a parameter list, outside any function body. */
    private static List<Function> functions(List<String> tok) {
        List<Function> out = new ArrayList<>();
        for (int i = 0; i < tok.size(); i++) {
            if (!tok.get(i).equals("{")) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && Set.of("const", "noexcept", "override", "final").contains(tok.get(j))) {
                j--;
            }
            if (j < 0 || !tok.get(j).equals(")")) {
                continue;
            }
            int open = matchBackward(tok, j, "(", ")");
            int nameAt = open - 1;
            if (nameAt >= 0 && tok.get(nameAt).equals(">")) {
                nameAt = matchBackward(tok, nameAt, "<", ">") - 1;
            }
            if (nameAt < 0 || Set.of("for", "if", "while", "switch", "catch").contains(tok.get(nameAt))) {
                continue;
            }
            int end = matchForward(tok, i, "{", "}");
            out.add(new Function(tok.get(nameAt), i, end, 0));
            i = end;
        }
        return out;
    }

    private static void checkRecursion(String file, Function f, List<String> tok, List<Integer> lineOf,
                                       List<String> violations) {
        for (int i = f.bodyStart() + 1; i < f.bodyEnd(); i++) {
            if (!tok.get(i).equals(f.name())) {
                continue;
            }
            String prev = tok.get(i - 1);
            if (prev.equals(".") || prev.equals("->")) {
                continue;
            }
            String next = tok.get(i + 1);
            int call = i + 1;
            if (next.equals("<")) {
                call = matchForward(tok, i + 1, "<", ">") + 1;
            }
            if (call < f.bodyEnd() && tok.get(call).equals("(")) {
                violations.add(file + ":" + lineOf.get(i) + ": recursion (" + f.name() + " calls itself)");
            }
        }
    }

    /** Checks the pipeline rule in one function and returns it with its number of loops. */
    private static Function checkLoops(String file, Function f, List<String> tok, List<Integer> lineOf,
                                       List<String> violations) {
        List<int[]> loops = new ArrayList<>(); // body {start, end} token indexes
        for (int i = f.bodyStart() + 1; i < f.bodyEnd(); i++) {
            if (!tok.get(i).equals("for") || !tok.get(i + 1).equals("(")) {
                continue;
            }
            int close = matchForward(tok, i + 1, "(", ")");
            if (!tok.get(close + 1).equals("{")) {
                violations.add(file + ":" + lineOf.get(i) + ": loop without a braced body");
                continue;
            }
            loops.add(new int[] {close + 1, matchForward(tok, close + 1, "{", "}")});
        }
        for (int[] loop : loops) {
            boolean outermost = loops.stream().noneMatch(o -> o != loop && o[0] < loop[0] && loop[1] < o[1]);
            if (!outermost) {
                continue;
            }
            boolean pipelined = false;
            for (int i = loop[0]; i < loop[1] && !pipelined; i++) {
                pipelined = tok.get(i).equals(PIPELINE);
            }
            if (!pipelined) {
                violations.add(file + ":" + lineOf.get(loop[0]) + ": loop nest in " + f.name()
                        + " has no #pragma HLS PIPELINE");
            }
        }
        for (int i = f.bodyStart() + 1; i < f.bodyEnd(); i++) {
            if (!tok.get(i).equals(PIPELINE)) {
                continue;
            }
            int block = innermostBlock(tok, f.bodyStart(), i);
            int at = i;
            boolean inLoopBody = loops.stream().anyMatch(l -> l[0] == block && at < l[1]);
            if (!inLoopBody) {
                violations.add(file + ":" + lineOf.get(i) + ": #pragma HLS PIPELINE in " + f.name()
                        + " is not directly inside a loop body");
            }
        }
        return new Function(f.name(), f.bodyStart(), f.bodyEnd(), loops.size());
    }

    /** The index of the innermost '{' (at or after from) that encloses position at. */
    private static int innermostBlock(List<String> tok, int from, int at) {
        List<Integer> stack = new ArrayList<>();
        for (int i = from; i < at; i++) {
            if (tok.get(i).equals("{")) {
                stack.add(i);
            } else if (tok.get(i).equals("}")) {
                stack.remove(stack.size() - 1);
            }
        }
        return stack.get(stack.size() - 1);
    }

    private static int matchForward(List<String> tok, int at, String open, String close) {
        int depth = 0;
        for (int i = at; i < tok.size(); i++) {
            if (tok.get(i).equals(open)) {
                depth++;
            } else if (tok.get(i).equals(close) && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + open + "' at token " + at);
    }

    private static int matchBackward(List<String> tok, int at, String open, String close) {
        int depth = 0;
        for (int i = at; i >= 0; i--) {
            if (tok.get(i).equals(close)) {
                depth++;
            } else if (tok.get(i).equals(open) && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + close + "' at token " + at);
    }

    /** Blanks comments and the contents of string and character literals, keeping line structure. */
    static String stripCommentsAndLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (int k = i; k < end; k++) {
                    out.append(s.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else if ((c == '"' || c == '\'') && !insideIncludeLine(out)) {
                out.append(c);
                i++;
                while (i < s.length() && s.charAt(i) != c && s.charAt(i) != '\n') {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                if (i < s.length() && s.charAt(i) == c) {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Quoted include names must survive literal stripping. */
    private static boolean insideIncludeLine(StringBuilder out) {
        int start = out.lastIndexOf("\n") + 1;
        return out.substring(start).strip().matches("#\\s*include\\s*");
    }
}
