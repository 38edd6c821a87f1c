package org.dsodenet.data.io;

import java.io.ByteArrayInputStream;
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
 * Reads a whole data file into memory, gunzipping it when it starts with the gzip magic, so every loader accepts
 * {@code x} and {@code x.gz} alike and reports missing, truncated or corrupt files the same way.
 */
public final class FileBytes {
    private FileBytes() {}

    /** The file's content, decompressed if gzipped. */
    public static byte[] read(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file");
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        return gunzipIfNeeded(file.toString(), raw);
    }

    /** The stream's content (a classpath resource, say), decompressed if gzipped; {@code source} names it in errors. */
    public static byte[] read(String source, InputStream in) {
        try (in) {
            return gunzipIfNeeded(source, in.readAllBytes());
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A buffered stream over the file, gunzipping when it starts with the gzip magic. */
    public static InputStream open(Path file) {
        try {
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(2);
            byte[] magic = in.readNBytes(2);
            in.reset();
            return isGzip(magic) ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file");
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }

    private static byte[] gunzipIfNeeded(String source, byte[] raw) {
        if (!isGzip(raw)) {
            return raw;
        }
        // The gzip trailer holds the uncompressed size mod 2^32: a good first guess for the buffer.
        int n = raw.length;
        long hint = n >= 4 ? (raw[n - 4] & 0xFFL) | (raw[n - 3] & 0xFFL) << 8 | (raw[n - 2] & 0xFFL) << 16
                | (raw[n - 1] & 0xFFL) << 24 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(hint, 64), 1 << 28) + 16);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                out.write(buf, 0, r);
            }
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated gzip data");
        } catch (ZipException e) {
            throw new DataFormatException(source, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot decompress: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
