package org.dsodenet.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.DataSpec;
import org.dsodenet.data.Dataset;

/**
 * CSV files with one image per line: the pixel values and an integer class label, separated by commas (or semicolons
 * or tabs, whichever the first line uses). Gzipped files are read as well.
 *
 * <ul>
 *   <li>Header: a first line with any non-numeric field is a header ({@code header=auto}); {@code header=yes|no}
 *       forces it.</li>
 *   <li>Label column: {@code label=first|last|NAME}; by default a header column named {@code label}, {@code class},
 *       {@code target} or {@code y} (case-insensitive), else the last column. So Kaggle's MNIST CSV
 *       ({@code label,pixel0,...}) and scikit-learn's {@code digits.csv} (label last, no header) need no option.</li>
 *   <li>Shape: {@code shape=CxHxW}; by default P pixels make one channel of √P × √P, or three of √(P/3) × √(P/3)
 *       stored channel after channel (CHW).</li>
 *   <li>Scale: values are divided by {@code max}; by default by 1 if no value exceeds 1, else by 16 if all values are
 *       integers up to 16 (the UCI digits' 17 levels), else by 255, else by 65535.</li>
 * </ul>
 */
public final class CsvFormat {
    static final Set<String> OPTIONS = Set.of("name", "classes", "max", "label", "header", "shape");
    private static final Set<String> LABEL_NAMES = Set.of("label", "labels", "class", "target", "y");

    private CsvFormat() {}

    public static Dataset read(Path file, DataSpec spec) {
        spec.allowOnly("CSV files", OPTIONS);
        String src = file.toString();
        String headerOpt = spec.option("header") == null ? "auto" : spec.option("header");
        if (!Set.of("auto", "yes", "no").contains(headerOpt)) {
            throw new DataFormatException(src, "option header=" + headerOpt + " must be auto, yes or no");
        }
        FloatBuffer pixels = new FloatBuffer();
        IntBuffer labels = new IntBuffer();
        int fields = -1;
        int labelCol = -1;
        char sep = ',';
        boolean allIntegers = true;
        float maxValue = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(FileBytes.open(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            int lineNo = 0;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a byte-order mark would make the first line look like a header
                }
                if (line.isBlank()) {
                    continue;
                }
                if (first) {
                    first = false;
                    sep = line.indexOf(',') >= 0 ? ',' : line.indexOf(';') >= 0 ? ';' : '\t';
                    String[] f = split(line, sep);
                    fields = f.length;
                    if (fields < 2) {
                        throw new DataFormatException(src, "line " + lineNo + " has " + fields
                                + " field; need pixels and a label");
                    }
                    boolean header = headerOpt.equals("yes") || (headerOpt.equals("auto") && !allNumeric(f));
                    labelCol = labelColumn(src, f, header, spec.option("label"));
                    if (header) {
                        continue;
                    }
                }
                String[] f = split(line, sep);
                if (f.length != fields) {
                    throw new DataFormatException(src, "line " + lineNo + " has " + f.length + " fields, expected "
                            + fields);
                }
                for (int j = 0; j < fields; j++) {
                    double v = number(src, lineNo, j, f[j]);
                    if (j == labelCol) {
                        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                            throw new DataFormatException(src, "line " + lineNo + ": label " + f[j].strip()
                                    + " is not an integer");
                        }
                        labels.add((int) v);
                    } else {
                        if (v < 0) {
                            throw new DataFormatException(src, "line " + lineNo + ": pixel value " + f[j].strip()
                                    + " is negative");
                        }
                        allIntegers &= v == Math.rint(v);
                        maxValue = Math.max(maxValue, (float) v);
                        pixels.add((float) v);
                    }
                }
            }
        } catch (IOException e) {
            throw FileBytes.failure(src, e);
        }
        if (labels.size == 0) {
            throw new DataFormatException(src, "no data lines");
        }
        int[] shape = shape(src, fields - 1, spec.option("shape"));
        float max = scale(src, spec, maxValue, allIntegers);
        float[] x = pixels.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] /= max;
        }
        int[] y = labels.toArray();
        int k = LabelCheck.numClasses(src, y, spec);
        return Dataset.of(LabelCheck.name(file, spec), x, y, shape[0], shape[1], shape[2], k);
    }

    private static String[] split(String line, char sep) {
        return line.split(sep == '\t' ? "\t" : java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
    }

    private static boolean allNumeric(String[] f) {
        for (String s : f) {
            try {
                Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static int labelColumn(String src, String[] first, boolean header, String opt) {
        if (opt == null || opt.isEmpty()) {
            if (header) {
                for (int j = 0; j < first.length; j++) {
                    if (LABEL_NAMES.contains(unquote(first[j]).toLowerCase(Locale.ROOT))) {
                        return j;
                    }
                }
            }
            return first.length - 1;
        }
        if (opt.equals("first")) {
            return 0;
        }
        if (opt.equals("last")) {
            return first.length - 1;
        }
        if (!header) {
            throw new DataFormatException(src, "label=" + opt + " names a column, but the file has no header");
        }
        for (int j = 0; j < first.length; j++) {
            if (unquote(first[j]).equals(opt)) {
                return j;
            }
        }
        throw new DataFormatException(src, "no column named '" + opt + "' in the header");
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static double number(String src, int line, int col, String field) {
        String s = field.strip();
        int n = s.length();
        // Plain unsigned integers are the common case (0..255); parse them without Double.parseDouble.
        if (n > 0 && n <= 9) {
            int v = 0;
            int i = 0;
            for (; i < n; i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    break;
                }
                v = v * 10 + (ch - '0');
            }
            if (i == n) {
                return v;
            }
        }
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFormatException(src, "line " + line + ", column " + (col + 1) + ": '" + s
                + "' is not a finite number");
    }

    private static int[] shape(String src, int p, String opt) {
        if (opt != null) {
            String[] d = opt.toLowerCase(Locale.ROOT).split("x");
            try {
                if (d.length == 3) {
                    int[] s = {Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])};
                    if (s[0] > 0 && s[1] > 0 && s[2] > 0 && (long) s[0] * s[1] * s[2] == p) {
                        return s;
                    }
                    throw new DataFormatException(src, "shape=" + opt + " does not hold the " + p
                            + " pixels of a line");
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new DataFormatException(src, "shape=" + opt + " is not CxHxW");
        }
        int s = (int) Math.round(Math.sqrt(p));
        if (s * s == p) {
            return new int[] {1, s, s};
        }
        int t = (int) Math.round(Math.sqrt(p / 3.0));
        if (3 * t * t == p) {
            return new int[] {3, t, t};
        }
        throw new DataFormatException(src, p + " pixels per line are not a square image; give shape=CxHxW");
    }

    private static float scale(String src, DataSpec spec, float maxValue, boolean allIntegers) {
        String opt = spec.option("max");
        if (opt != null) {
            float m;
            try {
                m = Float.parseFloat(opt);
            } catch (NumberFormatException e) {
                m = Float.NaN;
            }
            if (!(m > 0) || !Float.isFinite(m)) {
                throw new DataFormatException(src, "option max=" + opt + " must be a positive number");
            }
            if (maxValue > m) {
                throw new DataFormatException(src, "pixel value " + maxValue + " exceeds max=" + opt);
            }
            return m;
        }
        if (maxValue <= 1) {
            return 1;
        }
        if (allIntegers && maxValue <= 16) {
            return 16;
        }
        if (maxValue <= 255) {
            return 255;
        }
        if (maxValue <= 65535) {
            return 65535;
        }
        throw new DataFormatException(src, "pixel values reach " + maxValue + "; give max=");
    }

    /** A growable float array, so a file is read in one pass without boxing. */
    private static final class FloatBuffer {
        float[] a = new float[1 << 16];
        int size;

        void add(float v) {
            if (size == a.length) {
                if (a.length >= 1 << 30) {
                    throw new IllegalArgumentException("CSV file holds more than 2^30 values");
                }
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    private static final class IntBuffer {
        int[] a = new int[1 << 10];
        int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
