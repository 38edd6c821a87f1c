package org.dsodenet.hls;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;

/**
 * Compares one result token a C++ differential program printed with the Java value, recording a mismatch as a line
 * that says which case, which operation, and both values; each returns 1, the number of results compared.
 */
final class ResultTokens {
    private ResultTokens() {}

    /** A hex W-bit pattern against the raw value {@code expected} of type {@code t}. */
    static int raw(List<String> mismatches, String what, String op, String token, BigInteger expected, FixedType t) {
        BigInteger want = RandomRaw.pattern(expected, t);
        BigInteger got = new BigInteger(token, 16);
        if (!got.equals(want)) {
            mismatches.add(what + ": " + op + " expected " + want.toString(16) + " got " + token);
        }
        return 1;
    }

    /** A token compared as text. */
    static int text(List<String> mismatches, String what, String op, String token, String expected) {
        if (!token.equals(expected)) {
            mismatches.add(what + ": " + op + " expected " + expected + " got " + token);
        }
        return 1;
    }
}
