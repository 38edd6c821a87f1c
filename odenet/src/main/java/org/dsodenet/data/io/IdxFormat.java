package org.dsodenet.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.DataSpec;
import org.dsodenet.data.Dataset;

/**
 * IDX files, the format of MNIST, Fashion-MNIST, KMNIST and many USPS dumps: a magic of two zero bytes, a type byte and
 * a dimension count, then big-endian 32-bit dimension sizes and the values in row-major order. Either file may be
 * gzipped.
 *
 * <p>Images: 3 dimensions (N, H, W; one channel) or 4 (N, C, H, W). Unsigned bytes (type 0x08) are divided by the
 * {@code max} option (default 255); 32- and 64-bit floats (0x0D, 0x0E) are taken as they are. Labels: 1 dimension (N)
 * of unsigned bytes or 32-bit ints (0x0C).
 */
public final class IdxFormat {
    static final Set<String> OPTIONS = Set.of("name", "classes", "max");
    private static final int UBYTE = 0x08;
    private static final int INT = 0x0C;
    private static final int FLOAT = 0x0D;
    private static final int DOUBLE = 0x0E;
    /** Bytes past the declared length still read, so that a little trailing junk is reported with its size. */
    private static final long DECLARED_SLACK = 1 << 16;

    private IdxFormat() {}

    /** True if {@code b} starts like an IDX file: two zero bytes, a known type, one to four dimensions. */
    public static boolean matches(byte[] b) {
        if (b.length < 4 || b[0] != 0 || b[1] != 0) {
            return false;
        }
        int type = b[2] & 0xFF;
        int dims = b[3] & 0xFF;
        return (type == UBYTE || type == 0x09 || type == 0x0B || type == INT || type == FLOAT || type == DOUBLE)
                && dims >= 1 && dims <= 4;
    }

    /**
     * The labels file that goes with {@code images} under the usual naming ({@code train-images-idx3-ubyte[.gz]} →
     * {@code train-labels-idx1-ubyte[.gz]}, {@code images.idx} → {@code labels.idx}), with or without {@code .gz}.
     */
    public static Path labelsFor(Path images) {
        String name = images.getFileName().toString();
        String swapped = name.replace("images", "labels").replace("idx3", "idx1").replace("idx4", "idx1");
        List<String> tried = new ArrayList<>();
        if (!swapped.equals(name)) {
            String plain = swapped.endsWith(".gz") ? swapped.substring(0, swapped.length() - 3) : swapped;
            for (String candidate : List.of(swapped, plain, plain + ".gz")) {
                if (tried.contains(candidate)) {
                    continue;
                }
                tried.add(candidate);
                Path p = images.resolveSibling(candidate);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new DataFormatException(images, "no labels file found next to it (tried " + (tried.isEmpty()
                ? "nothing: the name has no 'images' to swap for 'labels'" : String.join(", ", tried))
                + "); give 'IMAGES,LABELS'");
    }

    /** Reads an images file and its labels file. */
    public static Dataset read(Path images, Path labels, DataSpec spec) {
        spec.allowOnly("IDX files", OPTIONS);
        byte[] ib = readDeclared(images);
        byte[] lb = readDeclared(labels);
        String is = images.toString();
        String ls = labels.toString();
        ByteCursor in = header(is, ib);
        int type = ib[2] & 0xFF;
        int dims = ib[3] & 0xFF;
        if (dims != 3 && dims != 4) {
            throw new DataFormatException(is, dims + " dimensions, expected 3 (N,H,W) or 4 (N,C,H,W) for images"
                    + (dims == 1 ? " (is this the labels file?)" : ""));
        }
        int n = in.i32("image count");
        int c = dims == 4 ? in.i32("channels") : 1;
        int h = in.i32("height");
        int w = in.i32("width");
        if (n < 0 || c < 1 || h < 1 || w < 1) {
            throw new DataFormatException(is, "bad dimensions " + n + "x" + c + "x" + h + "x" + w);
        }
        long values = (long) n * c * h * w;
        if (values > Integer.MAX_VALUE - 64) {
            throw new DataFormatException(is, "too many values (" + values + ")");
        }
        // Checked before allocating: a short file must not cost an array its header alone asks for.
        in.need(values * valueBytes(type), "pixels");
        float[] x = new float[(int) values];
        switch (type) {
            case UBYTE -> {
                int max = spec.intOption("max", 255, 255);
                byte[] b = in.array();
                int p = in.position();
                for (int i = 0; i < x.length; i++) {
                    int v = b[p + i] & 0xFF;
                    if (v > max) {
                        throw new DataFormatException(is, "pixel value " + v + " in image " + i / (c * h * w)
                                + " exceeds max=" + max);
                    }
                    x[i] = (float) v / max;
                }
                in.skip(values, "pixels");
            }
            case FLOAT, DOUBLE -> {
                if (spec.option("max") != null) {
                    throw new DataFormatException(is, "option max applies to byte images, these are floats");
                }
                int size = type == FLOAT ? 4 : 8;
                in.need(values * size, "pixels");
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(in.array(), in.position(), (int) (values * size));
                for (int i = 0; i < x.length; i++) {
                    double v = type == FLOAT ? buf.getFloat() : buf.getDouble();
                    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                        throw new DataFormatException(is, "value " + v + " in image " + i / (c * h * w)
                                + " is not a finite float");
                    }
                    x[i] = (float) v;
                }
                in.skip(values * size, "pixels");
            }
            default -> throw new DataFormatException(is, String.format("image value type 0x%02X is not supported "
                    + "(0x08 unsigned byte, 0x0D float, 0x0E double)", type));
        }
        trailing(is, in);

        ByteCursor lin = header(ls, lb);
        int ltype = lb[2] & 0xFF;
        if ((lb[3] & 0xFF) != 1) {
            throw new DataFormatException(ls, (lb[3] & 0xFF) + " dimensions, expected 1 for labels");
        }
        int ln = lin.i32("label count");
        if (ln != n) {
            throw new DataFormatException(ls, ln + " labels for " + n + " images in " + images.getFileName());
        }
        int[] y = new int[n];
        if (ltype == UBYTE) {
            byte[] raw = lin.bytes(n, "labels");
            for (int i = 0; i < n; i++) {
                y[i] = raw[i] & 0xFF;
            }
        } else if (ltype == INT) {
            for (int i = 0; i < n; i++) {
                y[i] = lin.i32("labels");
            }
        } else {
            throw new DataFormatException(ls, String.format("label type 0x%02X is not supported (0x08 unsigned byte, "
                    + "0x0C int)", ltype));
        }
        trailing(ls, lin);
        int k = LabelCheck.numClasses(ls, y, spec);
        return Dataset.of(LabelCheck.name(images, spec), x, y, c, h, w, k);
    }

    /**
     * Reads a file no longer than its header declares (plus some slack, so a few stray bytes are still reported
     * exactly), refusing a header that declares more than {@link FileBytes#MAX_CONTENT} before reading the rest.
     */
    private static byte[] readDeclared(Path file) {
        byte[] h = FileBytes.head(file, 4 + 4 * 4);
        if (!matches(h) || h.length < 4 + 4 * (h[3] & 0xFF)) {
            return FileBytes.read(file); // too short or not IDX at all: the parser says which
        }
        int dims = h[3] & 0xFF;
        long values = 1;
        boolean negative = false;
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < dims; i++) {
            int at = 4 + 4 * i;
            int d = (h[at] & 0xFF) << 24 | (h[at + 1] & 0xFF) << 16 | (h[at + 2] & 0xFF) << 8 | (h[at + 3] & 0xFF);
            shape.append(i == 0 ? "" : "x").append(d);
            negative |= d < 0;
            // Saturating: four 32-bit sizes overflow a long, and anything past the cap is refused anyway.
            values = Math.min(values * Math.max(d, 0), FileBytes.MAX_CONTENT + 1);
        }
        if (negative) {
            throw new DataFormatException(file, "header declares a negative size (" + shape + ")");
        }
        long declared = 4 + 4L * dims + values * valueBytes(h[2] & 0xFF);
        if (declared > FileBytes.MAX_CONTENT) {
            throw new DataFormatException(file, "header declares " + shape + " values of " + valueBytes(h[2] & 0xFF)
                    + " bytes, more than " + FileBytes.MAX_CONTENT + " bytes, " + FileBytes.MAX_REASON);
        }
        return FileBytes.read(file, Math.min(declared + DECLARED_SLACK, FileBytes.MAX_CONTENT),
                "while its IDX header declares " + declared);
    }

    /** Bytes per value of an IDX type code (1 for unknown types, which the parser refuses). */
    private static int valueBytes(int type) {
        return switch (type) {
            case 0x0B -> 2;
            case INT, FLOAT -> 4;
            case DOUBLE -> 8;
            default -> 1;
        };
    }

    private static ByteCursor header(String source, byte[] b) {
        if (!matches(b)) {
            String got = b.length < 4 ? b.length + " bytes" : String.format("%02X %02X %02X %02X", b[0], b[1], b[2],
                    b[3]);
            throw new DataFormatException(source, "wrong magic (" + got + "), expected an IDX header 00 00 TYPE DIMS");
        }
        ByteCursor c = new ByteCursor(source, b);
        c.skip(4, "magic");
        return c;
    }

    private static void trailing(String source, ByteCursor in) {
        if (in.remaining() > 0) {
            throw new DataFormatException(source, in.remaining() + " unexpected bytes after the data");
        }
    }
}
