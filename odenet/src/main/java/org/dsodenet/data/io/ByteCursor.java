package org.dsodenet.data.io;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import org.dsodenet.data.DataFormatException;

/** Big-endian reads from a byte array that turn running off its end into a "truncated" error naming the file. */
final class ByteCursor {
    private final String source;
    private final byte[] b;
    private int pos;

    ByteCursor(String source, byte[] b) {
        this.source = source;
        this.b = b;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return b.length - pos;
    }

    byte[] array() {
        return b;
    }

    void need(long n, String what) {
        if (n > remaining()) {
            throw new DataFormatException(source, "truncated: " + what + " needs " + n + " bytes at offset " + pos
                    + ", only " + remaining() + " left");
        }
    }

    int u8(String what) {
        need(1, what);
        return b[pos++] & 0xFF;
    }

    int u16(String what) {
        need(2, what);
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int i32(String what) {
        need(4, what);
        int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    byte[] bytes(long n, String what) {
        need(n, what);
        byte[] r = new byte[(int) n];
        System.arraycopy(b, pos, r, 0, (int) n);
        pos += (int) n;
        return r;
    }

    void skip(long n, String what) {
        need(n, what);
        pos += (int) n;
    }

    String utf8(int n, String what) {
        byte[] raw = bytes(n, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(source, what + " is not valid UTF-8");
        }
    }
}
