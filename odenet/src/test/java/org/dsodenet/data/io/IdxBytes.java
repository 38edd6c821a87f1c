package org.dsodenet.data.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** IDX files written byte by byte, independently of the reader: the header, then whatever a test writes after it. */
public final class IdxBytes {
    private IdxBytes() {}

    /** IDX element types (the third byte of the magic number). */
    public static final int UBYTE = 0x08;
    public static final int INT = 0x0C;
    public static final int FLOAT = 0x0D;

    /** Writes the elements that follow the header. */
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** An IDX file of elements of {@code type}, with dimensions {@code dims}, then {@code body}. */
    public static byte[] of(int type, int[] dims, Body body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(type << 8 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        body.write(out);
        out.flush();
        return b.toByteArray();
    }
}
