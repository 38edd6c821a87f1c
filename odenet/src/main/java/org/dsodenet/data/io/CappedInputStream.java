package org.dsodenet.data.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.dsodenet.data.DataFormatException;

/**
 * Passes at most {@code limit} bytes through and refuses the file the moment a byte more arrives, so a small gzip
 * stream that inflates to gigabytes is stopped after {@code limit} bytes instead of filling the heap.
 */
final class CappedInputStream extends FilterInputStream {
    private final String source;
    private final long limit;
    private final String why;
    private long count;

    /** {@code why} ends the error message, e.g. "the most a data file may hold". */
    CappedInputStream(InputStream in, String source, long limit, String why) {
        super(in);
        this.source = source;
        this.limit = limit;
        this.why = why;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        count(s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) {
        count += n;
        if (count > limit) {
            throw new DataFormatException(source, "content is longer than " + limit + " bytes, " + why);
        }
    }
}
