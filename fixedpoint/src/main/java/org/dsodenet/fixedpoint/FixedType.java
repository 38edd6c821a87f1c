package org.dsodenet.fixedpoint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vitis HLS fixed-point type, {@code ap_fixed<W,I,Q,O,N>} (signed) or {@code ap_ufixed<W,I,Q,O,N>} (unsigned).
 * A value is {@code raw · 2^(I-W)} where {@code raw} is a W-bit integer (two's complement when signed).
 *
 * @param signed   {@code ap_fixed} when true, {@code ap_ufixed} when false
 * @param width    W, total bits, 1 to {@value #MAX_WIDTH}
 * @param intBits  I, integer bits including the sign bit; may be negative or larger than W
 * @param quant    quantization mode, used when a value assigned to this type has more fractional bits
 * @param overflow overflow mode, used when a value assigned to this type is out of range
 * @param satBits  N, the number of saturated most significant bits of the wrap modes, 0 to W
 */
public record FixedType(boolean signed, int width, int intBits, QuantMode quant, OverflowMode overflow, int satBits) {
    /** The widest type Vitis HLS allows by default (AP_INT_MAX_W). */
    public static final int MAX_WIDTH = 1024;
    /** Integer bits are bounded only to keep exponent arithmetic far from int overflow. */
    public static final int MAX_ABS_INT_BITS = 1 << 20;

    private static final Pattern SPELLING = Pattern.compile(
            "\\s*ap_(u?)fixed\\s*<\\s*([-+]?\\d+)\\s*,\\s*([-+]?\\d+)\\s*(?:,\\s*(\\w+)\\s*(?:,\\s*(\\w+)\\s*(?:,\\s*([-+]?\\d+)\\s*)?)?)?>\\s*");

    public FixedType {
        if (quant == null || overflow == null) {
            throw new IllegalArgumentException("quantization and overflow modes are required");
        }
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("width W=" + width + " is out of range 1.." + MAX_WIDTH);
        }
        if (Math.abs((long) intBits) > MAX_ABS_INT_BITS) {
            throw new IllegalArgumentException("integer bits I=" + intBits + " is out of range ±" + MAX_ABS_INT_BITS);
        }
        if (satBits < 0 || satBits > width) {
            throw new IllegalArgumentException("saturation bits N=" + satBits + " is out of range 0..W=" + width);
        }
        if (!signed && overflow == OverflowMode.AP_WRAP_SM) {
            throw new IllegalArgumentException("ap_ufixed cannot use AP_WRAP_SM (Vitis HLS refuses it too)");
        }
    }

    /** A type with the Vitis HLS default modes: AP_TRN, AP_WRAP, N = 0. */
    public static FixedType of(boolean signed, int width, int intBits) {
        return new FixedType(signed, width, intBits, QuantMode.AP_TRN, OverflowMode.AP_WRAP, 0);
    }

    /** {@code ap_fixed<W,I>}. */
    public static FixedType signed(int width, int intBits) {
        return of(true, width, intBits);
    }

    /** {@code ap_ufixed<W,I>}. */
    public static FixedType unsigned(int width, int intBits) {
        return of(false, width, intBits);
    }

    /** This type with other modes. */
    public FixedType withModes(QuantMode q, OverflowMode o, int n) {
        return new FixedType(signed, width, intBits, q, o, n);
    }

    /** This type with the default modes AP_TRN, AP_WRAP, 0: what ap_fixed's operators return. */
    public FixedType plain() {
        return of(signed, width, intBits);
    }

    /**
     * Parses the C++ spelling, for example {@code ap_fixed<16,6,AP_RND_CONV,AP_SAT>} or {@code ap_ufixed<8,0>}.
     *
     * @throws IllegalArgumentException with a one-line reason when the text is not a valid type
     */
    public static FixedType parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("type is missing");
        }
        Matcher m = SPELLING.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip()
                    + "' is not a fixed-point type; expected e.g. ap_fixed<16,6> or ap_ufixed<8,0,AP_RND,AP_SAT>");
        }
        try {
            boolean signed = m.group(1).isEmpty();
            int w = Integer.parseInt(m.group(2));
            int i = Integer.parseInt(m.group(3));
            QuantMode q = m.group(4) == null ? QuantMode.AP_TRN : enumValue(QuantMode.class, m.group(4), "quantization");
            OverflowMode o = m.group(5) == null ? OverflowMode.AP_WRAP
                    : enumValue(OverflowMode.class, m.group(5), "overflow");
            int n = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            return new FixedType(signed, w, i, q, o, n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "': a number is out of range");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text.strip() + "': " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String what) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(c.name());
            }
            throw new IllegalArgumentException("unknown " + what + " mode " + name + " (expected one of " + names + ")");
        }
    }

    /** The C++ spelling, with trailing default parameters left out; {@link #parse} reads it back exactly. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(signed ? "ap_fixed<" : "ap_ufixed<").append(width).append(',').append(intBits);
        boolean n = satBits != 0;
        boolean o = n || overflow != OverflowMode.AP_WRAP;
        boolean q = o || quant != QuantMode.AP_TRN;
        if (q) {
            sb.append(',').append(quant.name());
        }
        if (o) {
            sb.append(',').append(overflow.name());
        }
        if (n) {
            sb.append(',').append(satBits);
        }
        return sb.append('>').toString();
    }

    /** F = W - I, the number of fractional bits (negative when the LSB weighs more than 1). */
    public int fracBits() {
        return width - intBits;
    }

    /** The exponent of the LSB: a raw value r means r · 2^lsbExponent. */
    public int lsbExponent() {
        return intBits - width;
    }

    /**
     * True when raw values are held in a {@code long} (W ≤ 64; a 64-bit unsigned raw as its bit pattern): the
     * allocation-free path of {@link Fx} and {@link Caster}, and the one definition of "at most 64 bits" for
     * constants and stored values. Arithmetic that must not overflow asks {@link #fitsLong} instead.
     */
    public boolean isFast() {
        return width <= 64;
    }

    /**
     * True when every raw value is an ordinary signed {@code long}: W ≤ 64 and not a 64-bit unsigned type, whose
     * upper half would read as negative. Every long fast path (casts, kernels) requires this of all its types, so
     * that no intermediate can overflow; it is the one definition of that condition.
     */
    public boolean fitsLong() {
        return width < 64 || (width == 64 && signed);
    }

    /** Whether a conversion into this type from a source of the given signedness hits the AP_SAT_SYM quirk. */
    public boolean minIsUnderflowFrom(boolean srcSigned) {
        return overflow.minIsUnderflow(signed, srcSigned);
    }

    /**
     * The smallest raw value a conversion from a source of the given signedness takes without an overflow event
     * (W ≤ 64): the minimum, or one above it where AP_SAT_SYM treats the minimum as an underflow.
     */
    public long minRawKept(boolean srcSigned) {
        return minIsUnderflowFrom(srcSigned) ? minRaw() + 1 : minRaw();
    }

    /** Smallest raw value (W ≤ 64). */
    public long minRaw() {
        requireFast();
        return signed ? (width == 64 ? Long.MIN_VALUE : -(1L << (width - 1))) : 0L;
    }

    /**
     * Largest raw value (W ≤ 64). For {@code ap_ufixed<64,...>} this is the all-ones pattern, which reads as -1 in a
     * signed long.
     */
    public long maxRaw() {
        requireFast();
        if (signed) {
            return width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1;
        }
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Value of one LSB. */
    public double lsb() {
        return Math.scalb(1.0, lsbExponent());
    }

    /** Smallest representable value, rounded to double. */
    public double minValue() {
        return signed ? -Math.scalb(1.0, intBits - 1) : 0.0;
    }

    /** Largest representable value, rounded to double. */
    public double maxValue() {
        return Math.scalb(1.0, signed ? intBits - 1 : intBits) - lsb();
    }

    private void requireFast() {
        if (width > 64) {
            throw new IllegalStateException(this + " is wider than 64 bits: use WideFx");
        }
    }
}
