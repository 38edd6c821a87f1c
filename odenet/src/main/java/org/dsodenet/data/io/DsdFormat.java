package org.dsodenet.data.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.io.AtomicFile;

/**
 * The dsodenet dataset file ({@code .dsd}, usually gzipped as {@code .dsd.gz}): a small header, 8-bit labels, 8-bit
 * NCHW pixels and a SHA-256 of everything before it. All integers are big-endian, as in IDX.
 *
 * <pre>
 * offset  size         field
 * 0       4            magic "DSDS"
 * 4       2            version = 1
 * 6       4            count N (images)
 * 10      2            channels C
 * 12      2            height H
 * 14      2            width W
 * 16      2            max level M (1..255; level M means intensity 1.0)
 * 18      2            classes K (1..256)
 * 20      2 + len      name: length, then UTF-8 bytes
 * ...     K × (2+len)  class names, same encoding, in label order
 * ...     N            labels, one unsigned byte each, &lt; K
 * ...     N·C·H·W      pixels, unsigned bytes ≤ M, image-major then channel, row, column
 * ...     32           SHA-256 of all bytes above
 * </pre>
 *
 * A file of any other length than the header announces is rejected, so truncation and trailing junk are both caught.
 */
public final class DsdFormat {
    /** "DSDS" read as a big-endian int. */
    public static final int MAGIC = 0x44534453;
    public static final int VERSION = 1;
    private static final int DIGEST_BYTES = 32;

    private DsdFormat() {}

    /** True if {@code content} (already decompressed) starts with the format's magic. */
    public static boolean matches(byte[] content) {
        return content.length >= 4 && ((content[0] & 0xFF) << 24 | (content[1] & 0xFF) << 16
                | (content[2] & 0xFF) << 8 | (content[3] & 0xFF)) == MAGIC;
    }

    /** Reads a {@code .dsd} or {@code .dsd.gz} file. */
    public static RawImages read(Path file) {
        return parse(file.toString(), readDeclared(file));
    }

    /**
     * Reads no more than the header allows for: its images plus the longest names it could have. A header that
     * declares more than {@link FileBytes#MAX_CONTENT} is refused before the rest of the file is read.
     */
    private static byte[] readDeclared(Path file) {
        byte[] h = FileBytes.head(file, 20);
        if (!matches(h) || h.length < 20) {
            return FileBytes.read(file); // the parser says what is wrong
        }
        int count = (h[6] & 0xFF) << 24 | (h[7] & 0xFF) << 16 | (h[8] & 0xFF) << 8 | (h[9] & 0xFF);
        if (count < 0) {
            throw new DataFormatException(file, "header declares a negative image count (" + count + ")");
        }
        long image = (long) u16(h, 10) * u16(h, 12) * u16(h, 14);
        // Divided, not multiplied: 2^32 images of 2^48 pixels would overflow a long.
        if (count > 0 && 1 + image > FileBytes.MAX_CONTENT / count) {
            throw new DataFormatException(file, "header declares " + count + " images of " + u16(h, 10) + "x"
                    + u16(h, 12) + "x" + u16(h, 14) + ", more than " + FileBytes.MAX_CONTENT + " bytes, "
                    + FileBytes.MAX_REASON);
        }
        long names = (2L + 0xFFFF) * (1 + u16(h, 18));
        long longest = 20 + names + (long) count * (1 + image) + DIGEST_BYTES;
        return FileBytes.read(file, Math.min(longest, FileBytes.MAX_CONTENT), "more than its header allows for");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    /** Parses decompressed content; {@code source} names it in errors. */
    public static RawImages parse(String source, byte[] content) {
        ByteCursor in = new ByteCursor(source, content);
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw new DataFormatException(source, String.format("wrong magic 0x%08X, expected 0x%08X (\"DSDS\")",
                    magic, MAGIC));
        }
        int version = in.u16("version");
        if (version != VERSION) {
            throw new DataFormatException(source, "format version " + version + " is not supported (only "
                    + VERSION + ")");
        }
        int count = in.i32("count");
        int c = in.u16("channels");
        int h = in.u16("height");
        int w = in.u16("width");
        int max = in.u16("max level");
        int k = in.u16("class count");
        if (count < 0 || c < 1 || h < 1 || w < 1) {
            throw new DataFormatException(source, "bad shape " + count + "x" + c + "x" + h + "x" + w);
        }
        if (max < 1 || max > 255) {
            throw new DataFormatException(source, "max level " + max + " is outside [1, 255]");
        }
        if (k < 1 || k > 256) {
            throw new DataFormatException(source, "class count " + k + " is outside [1, 256]");
        }
        String name = in.utf8(in.u16("name length"), "name");
        List<String> classNames = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            classNames.add(in.utf8(in.u16("class name length"), "class name " + i));
        }
        long pixelCount = (long) count * c * h * w;
        if (pixelCount > Integer.MAX_VALUE - 64) {
            throw new DataFormatException(source, count + " images of " + c + "x" + h + "x" + w + " are too many");
        }
        long expected = (long) in.position() + count + pixelCount + DIGEST_BYTES;
        if (content.length < expected) {
            throw new DataFormatException(source, "truncated: header announces " + expected + " bytes, file has "
                    + content.length);
        }
        if (content.length > expected) {
            throw new DataFormatException(source, (content.length - expected) + " unexpected bytes after the data");
        }
        int body = content.length - DIGEST_BYTES;
        byte[] digest = sha256(content, body);
        if (!Arrays.equals(digest, 0, DIGEST_BYTES, content, body, content.length)) {
            throw new DataFormatException(source, "checksum mismatch (SHA-256 of the content is " + hex(digest)
                    + ", file says " + hex(Arrays.copyOfRange(content, body, content.length)) + ")");
        }
        byte[] labels = in.bytes(count, "labels");
        for (int i = 0; i < count; i++) {
            if ((labels[i] & 0xFF) >= k) {
                throw new DataFormatException(source, "label " + (labels[i] & 0xFF) + " of image " + i
                        + " is outside [0, " + k + ")");
            }
        }
        byte[] pixels = in.bytes(pixelCount, "pixels");
        for (int i = 0; max < 255 && i < pixels.length; i++) {
            if ((pixels[i] & 0xFF) > max) {
                throw new DataFormatException(source, "pixel level " + (pixels[i] & 0xFF) + " in image "
                        + i / (c * h * w) + " exceeds the max level " + max);
            }
        }
        return new RawImages(name, count, c, h, w, max, classNames, labels, pixels);
    }

    /** The file content (uncompressed, checksum included). */
    public static byte[] encode(RawImages r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.pixels().length + r.count() + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeInt(r.count());
            out.writeShort(u16(r.channels(), "channels"));
            out.writeShort(u16(r.height(), "height"));
            out.writeShort(u16(r.width(), "width"));
            out.writeShort(r.maxLevel());
            out.writeShort(r.numClasses());
            writeString(out, r.name());
            for (String s : r.classNames()) {
                writeString(out, s);
            }
            out.write(r.labels());
            out.write(r.pixels());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        byte[] body = bytes.toByteArray();
        byte[] digest = sha256(body, body.length);
        byte[] all = Arrays.copyOf(body, body.length + DIGEST_BYTES);
        System.arraycopy(digest, 0, all, body.length, DIGEST_BYTES);
        return all;
    }

    /**
     * Writes {@code r} to {@code file}, gzipped when the name ends in {@code .gz}. The file appears complete or not at
     * all: content goes to a temporary file in the same directory that is then moved into place.
     */
    public static void write(RawImages r, Path file) throws IOException {
        byte[] content = encode(r);
        try {
            AtomicFile.write(file, out -> {
                if (file.toString().endsWith(".gz")) {
                    // Closing finishes the gzip trailer; AtomicFile ignores the close of its own stream.
                    try (OutputStream gz = new FixedGzipOutputStream(out)) {
                        gz.write(content);
                    }
                } else {
                    out.write(content);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int u16(int v, String what) {
        if (v > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + v + " does not fit 16 bits");
        }
        return v;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(u16(b.length, "string length"));
        out.write(b);
    }

    static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xFF));
        }
        return s.toString();
    }

    /**
     * Gzip at the best compression. The JDK's gzip header carries no time or file name, so converting the same data
     * twice gives the same bytes and the bundled files can be compared by hash.
     */
    private static final class FixedGzipOutputStream extends GZIPOutputStream {
        FixedGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
        }
    }
}
