package org.dsodenet.fixedpoint.tensor;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;

/**
 * Raw storage in the narrowest primitive array for W. Narrow arrays hold the W-bit pattern; reads sign-extend
 * (signed types) or zero-extend (unsigned types) back to the long raw convention of {@link Fx}.
 */
abstract class RawStore {
    final FixedType type;

    RawStore(FixedType type) {
        this.type = type;
    }

    static RawStore allocate(FixedType t, int n) {
        int w = t.width();
        if (w <= 8) {
            return new Bytes(t, n);
        }
        if (w <= 16) {
            return new Shorts(t, n);
        }
        if (w <= 32) {
            return new Ints(t, n);
        }
        if (w <= 64) {
            return new Longs(t, n);
        }
        return new Bigs(t, n);
    }

    abstract int size();

    abstract long get(int i);

    abstract void set(int i, long raw);

    abstract String kind();

    BigInteger getBig(int i) {
        return Fx.toBig(get(i), type);
    }

    void setBig(int i, BigInteger raw) {
        set(i, raw.longValue());
    }

    static final class Bytes extends RawStore {
        final byte[] a;

        Bytes(FixedType t, int n) {
            super(t);
            a = new byte[n];
        }

        int size() {
            return a.length;
        }

        long get(int i) {
            return type.signed() ? a[i] >> (8 - type.width()) : a[i] & 0xffL;
        }

        void set(int i, long raw) {
            a[i] = (byte) (type.signed() ? raw << (8 - type.width()) : raw);
        }

        String kind() {
            return "byte";
        }
    }

    static final class Shorts extends RawStore {
        final short[] a;

        Shorts(FixedType t, int n) {
            super(t);
            a = new short[n];
        }

        int size() {
            return a.length;
        }

        long get(int i) {
            return type.signed() ? a[i] >> (16 - type.width()) : a[i] & 0xffffL;
        }

        void set(int i, long raw) {
            a[i] = (short) (type.signed() ? raw << (16 - type.width()) : raw);
        }

        String kind() {
            return "short";
        }
    }

    static final class Ints extends RawStore {
        final int[] a;

        Ints(FixedType t, int n) {
            super(t);
            a = new int[n];
        }

        int size() {
            return a.length;
        }

        long get(int i) {
            return type.signed() ? a[i] >> (32 - type.width()) : a[i] & 0xffffffffL;
        }

        void set(int i, long raw) {
            a[i] = (int) (type.signed() ? raw << (32 - type.width()) : raw);
        }

        String kind() {
            return "int";
        }
    }

    static final class Longs extends RawStore {
        final long[] a;

        Longs(FixedType t, int n) {
            super(t);
            a = new long[n];
        }

        int size() {
            return a.length;
        }

        long get(int i) {
            return a[i];
        }

        void set(int i, long raw) {
            a[i] = raw;
        }

        String kind() {
            return "long";
        }
    }

    static final class Bigs extends RawStore {
        final BigInteger[] a;

        Bigs(FixedType t, int n) {
            super(t);
            a = new BigInteger[n];
            java.util.Arrays.fill(a, BigInteger.ZERO);
        }

        int size() {
            return a.length;
        }

        long get(int i) {
            throw new IllegalStateException(type + " is wider than 64 bits");
        }

        void set(int i, long raw) {
            a[i] = BigInteger.valueOf(raw);
        }

        @Override
        BigInteger getBig(int i) {
            return a[i];
        }

        @Override
        void setBig(int i, BigInteger raw) {
            a[i] = raw;
        }

        String kind() {
            return "BigInteger";
        }
    }
}
