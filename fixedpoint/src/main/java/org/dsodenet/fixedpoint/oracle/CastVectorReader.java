package org.dsodenet.fixedpoint.oracle;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * Streams golden vectors in the shared oracle format (see {@code shared/oracles/README.md}), plain or gzipped.
 * A malformed line is an {@link IllegalArgumentException} naming the line, never a half-read result.
 */
public final class CastVectorReader {
    private CastVectorReader() {}

    /** Reads every vector of a file (gzip is detected by its magic bytes, not by the name). */
    public static void forEach(Path file, Consumer<CastVector> sink) {
        try (InputStream in = open(file)) {
            forEach(in, file.toString(), sink);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (EOFException e) {
            // GZIPInputStream's message is "Unexpected end of ZLIB input stream", or null inside the header.
            throw new IllegalArgumentException(file + ": truncated gzip data", e);
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads every vector of a stream; {@code name} is used in error messages. */
    public static void forEach(InputStream raw, String name, Consumer<CastVector> sink) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String text;
        int line = 0;
        while ((text = reader.readLine()) != null) {
            line++;
            // A byte-order mark (Windows editors write one) is not part of the first field's name.
            String t = (line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text).strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            try {
                sink.accept(parse(t, line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + line + ": " + e.getMessage(), e);
            }
        }
    }

    /** Parses one non-comment line. */
    public static CastVector parse(String text, int line) {
        String[] f = text.split(",", -1);
        switch (f[0]) {
            case "cast": {
                expectFields(f, 12, "cast");
                FixedType src = FixedType.of(flag(f[1]), integer(f[2], "srcW"), integer(f[3], "srcI"));
                FixedType dst = target(f, 5);
                return new CastVector(line, src, RawHex.parse(f[4], src), 0L, dst, RawHex.parse(f[11], dst));
            }
            case "dbl": {
                expectFields(f, 9, "dbl");
                long bits;
                try {
                    bits = Long.parseUnsignedLong(f[1], 16);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("double bits '" + f[1] + "' are not 64-bit hexadecimal");
                }
                FixedType dst = target(f, 2);
                return new CastVector(line, null, null, bits, dst, RawHex.parse(f[8], dst));
            }
            default:
                throw new IllegalArgumentException("unknown kind '" + f[0] + "' (expected cast or dbl)");
        }
    }

    private static FixedType target(String[] f, int at) {
        return FixedType.of(flag(f[at]), integer(f[at + 1], "dstW"), integer(f[at + 2], "dstI"))
                .withModes(QuantMode.fromIndex(integer(f[at + 3], "Q")),
                        OverflowMode.fromIndex(integer(f[at + 4], "O")), integer(f[at + 5], "N"));
    }

    private static void expectFields(String[] f, int n, String kind) {
        if (f.length != n) {
            throw new IllegalArgumentException(kind + " line has " + f.length + " fields, expected " + n);
        }
    }

    private static boolean flag(String s) {
        if (s.equals("1")) {
            return true;
        }
        if (s.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("signedness '" + s + "' must be 0 or 1");
    }

    private static int integer(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not an integer");
        }
    }


    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file) && Files.exists(file)) {
            throw new IllegalArgumentException("not a regular file: " + file);
        }
        return Files.newInputStream(file);
    }
}
