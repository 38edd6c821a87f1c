package org.dsodenet.data.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.dsodenet.data.DataFormatException;

/**
 * Reads a data file into memory, gunzipping it when it starts with the gzip magic, so every loader accepts {@code x}
 * and {@code x.gz} alike and reports missing, truncated or corrupt files the same way.
 *
 * <p>Content is capped: never more than {@link #MAX_CONTENT} bytes, and loaders whose header declares the size pass a
 * tighter limit. A file over its limit is refused as soon as the limit is passed, before the rest is inflated.
 */
public final class FileBytes {
    /** The most (decompressed) content a data file may have: 1 GiB, four times that as floats in memory. */
    public static final long MAX_CONTENT = 1L << 30;
    static final String MAX_REASON = "the most a data file may hold (DATA.md)";

    private FileBytes() {}

    /** The file's content, decompressed if gzipped, at most {@link #MAX_CONTENT} bytes. */
    public static byte[] read(Path file) {
        return read(file, MAX_CONTENT, MAX_REASON);
    }

    /** The file's content, decompressed if gzipped; more than {@code limit} bytes is an error ending in {@code why}. */
    static byte[] read(Path file, long limit, String why) {
        String source = file.toString();
        try (InputStream in = open(file, limit, why)) {
            return readAll(in, (int) Math.min(limit, Math.max(64, size(file))));
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** The stream's content (a classpath resource, say), decompressed if gzipped; {@code source} names it in errors. */
    public static byte[] read(String source, InputStream in) {
        try (InputStream raw = in; InputStream body = capped(source, gunzipping(raw), MAX_CONTENT, MAX_REASON)) {
            return readAll(body, 1 << 16);
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** A buffered stream over the file, gunzipping when it starts with the gzip magic, capped at {@link #MAX_CONTENT}. */
    public static InputStream open(Path file) {
        return open(file, MAX_CONTENT, MAX_REASON);
    }

    /** {@link #open(Path)} with the given cap. */
    static InputStream open(Path file, long limit, String why) {
        String source = file.toString();
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file");
        } catch (IOException e) {
            throw failure(source, e);
        }
        try {
            InputStream body = gunzipping(raw);
            long size = size(file);
            if (!(body instanceof GZIPInputStream) && size > limit) {
                throw new DataFormatException(source, "file is " + size + " bytes, more than " + limit + ", " + why);
            }
            return capped(source, body, limit, why);
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? failure(source, io) : (RuntimeException) e;
        }
    }

    /** The first {@code n} bytes of the (decompressed) content, or fewer if the file is shorter. */
    public static byte[] head(Path file, int n) {
        try (InputStream in = open(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw failure(file.toString(), e);
        }
    }

    /** The one-line error for an I/O failure while reading or inflating {@code source}. */
    static DataFormatException failure(String source, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataFormatException(source, "no such file");
        }
        if (e instanceof EOFException) {
            // GZIPInputStream says "Unexpected end of ZLIB input stream", or nothing at all inside the header.
            return new DataFormatException(source, "truncated gzip data");
        }
        if (e instanceof ZipException) {
            return new DataFormatException(source, "corrupt gzip data (" + e.getMessage() + ")");
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DataFormatException(source, "cannot read: " + msg, e);
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }

    private static InputStream gunzipping(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        byte[] magic = in.readNBytes(2);
        in.reset();
        return isGzip(magic) ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static InputStream capped(String source, InputStream in, long limit, String why) {
        return new CappedInputStream(in, source, limit, why);
    }

    private static byte[] readAll(InputStream in, int initial) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) > 0; ) {
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    /** The file's size on disk (a first guess for the buffer), or 0 if unknown. */
    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
