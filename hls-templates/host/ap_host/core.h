// dsodenet host model of the Vitis HLS arbitrary-precision types: the runtime core.
//
// Written from fixedpoint/SEMANTICS.md (the project's rule book, checked against 159,920 vectors produced by Xilinx's
// own headers); it is not derived from Xilinx's source. Everything here works on plain arrays of 64-bit words so that
// one implementation serves every width, and so that a test driver can call it with types known only at run time.
//
// Representation: a value of a W-bit type is its raw bit pattern in words(W) little-endian 64-bit words, extended to
// the full array (sign-extended for signed types, zero-extended for unsigned ones). Reading bit positions beyond the
// array continues that extension, which is how the infinite two's complement reading of the value is obtained.
#ifndef AP_HOST_CORE_H
#define AP_HOST_CORE_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "modes.h"

namespace ap_host {

typedef std::uint64_t word;
// 128-bit integers (a GCC and Clang extension) hold every intermediate of one-word operations exactly.
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

// Scratch space for intermediate results: a conversion needs the source and the destination side by side.
const int kMaxWords = (AP_INT_MAX_W + 63) / 64;
const int kWorkWords = 2 * kMaxWords + 4;

inline int words_for(int bits) { return bits <= 0 ? 1 : (bits + 63) / 64; }

// Misuse (NaN into a fixed-point type, division by zero, a bad range) is a bug in the program under simulation;
// stopping with a message beats continuing with garbage, and exceptions are not an option in HLS code.
inline void fail(const char* what) {
    std::fprintf(stderr, "ap_host: %s\n", what);
    std::abort();
}

inline bool is_neg(const word* a, int n, bool sgn) { return sgn && (a[n - 1] >> 63) != 0; }

inline word extension(const word* a, int n, bool sgn) { return is_neg(a, n, sgn) ? ~word(0) : word(0); }

// Word k (possibly outside the array) of the infinite two's complement reading.
inline word word_at(const word* a, int n, bool sgn, long long k) {
    if (k < 0) return 0;
    if (k >= n) return extension(a, n, sgn);
    return a[k];
}

// The 64 bits starting at bit position pos; positions below 0 read as 0 (bits shifted in by a left shift).
inline word bits_at(const word* a, int n, bool sgn, long long pos) {
    long long k = pos >= 0 ? pos / 64 : -((-pos + 63) / 64);
    int r = static_cast<int>(pos - k * 64);
    if (r == 0) return word_at(a, n, sgn, k);
    return (word_at(a, n, sgn, k) >> r) | (word_at(a, n, sgn, k + 1) << (64 - r));
}

inline bool bit_at(const word* a, int n, bool sgn, long long pos) {
    if (pos < 0) return false;
    return (word_at(a, n, sgn, pos / 64) >> (pos % 64)) & 1u;
}

// Whether any of bits [0, count) is set.
inline bool any_below(const word* a, int n, bool sgn, long long count) {
    if (count <= 0) return false;
    if (count > 64LL * n) {
        if (extension(a, n, sgn) != 0) return true;
        count = 64LL * n;
    }
    int full = static_cast<int>(count / 64);
    for (int i = 0; i < full; i++) {
        if (a[i] != 0) return true;
    }
    int rest = static_cast<int>(count % 64);
    return rest != 0 && (a[full] & ((word(1) << rest) - 1)) != 0;
}

inline bool is_zero(const word* a, int n) {
    for (int i = 0; i < n; i++) {
        if (a[i] != 0) return false;
    }
    return true;
}

inline void set_zero(word* a, int n) {
    for (int i = 0; i < n; i++) a[i] = 0;
}

// Re-extends a w-bit pattern held in n = words_for(w) words from its bit w-1.
inline void extend(word* a, int n, int w, bool sgn) {
    int top = w - 1 - 64 * (n - 1);  // position of bit w-1 inside the last word
    if (top == 63) return;
    word low = (word(1) << (top + 1)) - 1;
    if (sgn && ((a[n - 1] >> top) & 1u)) {
        a[n - 1] |= ~low;
    } else {
        a[n - 1] &= low;
    }
}

inline void set_bit(word* a, int pos, bool v) {
    word m = word(1) << (pos % 64);
    if (v) {
        a[pos / 64] |= m;
    } else {
        a[pos / 64] &= ~m;
    }
}

inline bool get_bit(const word* a, int pos) { return (a[pos / 64] >> (pos % 64)) & 1u; }

// Sets bits [lo, hi] to ones or zeros; an empty range (hi < lo) does nothing.
inline void set_bits(word* a, int lo, int hi, bool ones) {
    for (int p = lo; p <= hi;) {
        int k = p / 64;
        int r = p % 64;
        int len = hi - p + 1 < 64 - r ? hi - p + 1 : 64 - r;
        word m = (len == 64 ? ~word(0) : ((word(1) << len) - 1)) << r;
        if (ones) {
            a[k] |= m;
        } else {
            a[k] &= ~m;
        }
        p += len;
    }
}

// Inverts bits [0, w).
inline void invert_low(word* a, int w) {
    for (int p = 0; p < w; p += 64) {
        int len = w - p < 64 ? w - p : 64;
        a[p / 64] ^= len == 64 ? ~word(0) : ((word(1) << len) - 1);
    }
}

inline void add_one(word* a, int n) {
    for (int i = 0; i < n; i++) {
        if (++a[i] != 0) return;
    }
}

// The quantization decision (SEMANTICS.md step 1): add one LSB to the value truncated toward minus infinity?
// h is the first dropped bit, r whether any lower dropped bit is set.
inline bool round_up(int q, bool h, bool r, bool negative, bool lsb_odd) {
    switch (q) {
        case AP_RND: return h;
        case AP_RND_ZERO: return h && (negative || r);
        case AP_RND_MIN_INF: return h && r;
        case AP_RND_INF: return h && (!negative || r);
        case AP_RND_CONV: return h && (lsb_odd || r);
        case AP_TRN_ZERO: return negative && (h || r);
        default: return false;
    }
}

// Extreme patterns of a w-bit destination, written extended into n words.
inline void set_max(word* out, int n, int w, bool sgn) {
    set_zero(out, n);
    set_bits(out, 0, sgn ? w - 2 : w - 1, true);
}

inline void set_min(word* out, int n, int w, bool sgn) {
    set_zero(out, n);
    if (sgn) {
        set_bit(out, w - 1, true);
        extend(out, n, w, true);
    }
}

// The destination of a conversion.
struct Target {
    int w;     // W
    int f;     // fractional bits W - I
    bool sgn;  // ap_fixed (true) or ap_ufixed
    int q;     // ap_q_mode
    int o;     // ap_o_mode
    int n;     // saturation bits N
};

// Overflow handling (SEMANTICS.md step 2) of an out-of-range quantized value whose low words are in q (at least
// words_for(t.w) of them). under: the value was negative; lD: the source bit just above the destination MSB.
inline void overflow(const word* q, const Target& t, bool under, bool lD, word* out) {
    int nd = words_for(t.w);
    int w = t.w;
    switch (t.o) {
        case AP_SAT:
            if (under) {
                set_min(out, nd, w, t.sgn);
            } else {
                set_max(out, nd, w, t.sgn);
            }
            return;
        case AP_SAT_ZERO:
            set_zero(out, nd);
            return;
        case AP_SAT_SYM:
            if (!under) {
                set_max(out, nd, w, t.sgn);
            } else if (!t.sgn) {
                set_zero(out, nd);
            } else {
                // The pattern 10..01 is -max; for W = 1 it is the single bit, the minimum itself.
                set_min(out, nd, w, true);
                out[0] |= 1u;
            }
            return;
        default:
            break;
    }
    for (int i = 0; i < nd; i++) out[i] = q[i];
    if (t.o == AP_WRAP) {
        if (t.n > 0) {
            if (!t.sgn) {
                set_bits(out, w - t.n, w - 1, true);  // also on underflow, as Xilinx does
            } else {
                set_bit(out, w - 1, under);
                set_bits(out, w - t.n, w - 2, !under);
            }
        }
    } else {  // AP_WRAP_SM, signed only
        bool ro = get_bit(out, w - 1);
        if (t.n == 0) {
            if (lD != ro) {
                invert_low(out, w);
                set_bit(out, w - 1, lD);
            }
        } else {
            if (t.n == 1) {
                if (under != ro) invert_low(out, w);
            } else {
                if (get_bit(out, w - t.n) == under) invert_low(out, w);
                set_bits(out, w - t.n, w - 2, !under);
            }
            set_bit(out, w - 1, under);
        }
    }
    extend(out, nd, w, t.sgn);
}

// Conversion for every width. The source value is the integer held in a[0..na) (signed or not) with sf fractional
// bits; container is the width of the source's own word (the W of its type, 54 for a double), which bounds where
// AP_WRAP_SM reads its lD bit. The result is written extended into words_for(t.w) words of out.
inline void convert_wide(const word* a, int na, bool ssgn, int container, long long sf, const Target& t, word* out) {
    int nd = words_for(t.w);
    if (is_zero(a, na)) {
        set_zero(out, nd);
        return;
    }
    long long d = sf - t.f;
    bool neg = is_neg(a, na, ssgn);
    word q[kWorkWords];
    bool fits;
    bool under;
    if (d < 0 && -d > static_cast<long long>(t.w) + 1) {
        // A nonzero value moved left past every destination bit: out of range, and its low bits are all zero.
        set_zero(q, nd);
        fits = false;
        under = neg;
    } else {
        int nt = (na > nd ? na : nd) + 1 + (d < 0 ? words_for(static_cast<int>(-d)) : 0);
        if (nt > kWorkWords) fail("conversion wider than AP_INT_MAX_W allows");
        for (int j = 0; j < nt; j++) q[j] = bits_at(a, na, ssgn, 64LL * j + d);
        if (d > 0 && t.q != AP_TRN) {
            bool h = bit_at(a, na, ssgn, d - 1);
            bool r = any_below(a, na, ssgn, d - 1);
            if ((h || r) && round_up(t.q, h, r, neg, q[0] & 1u)) add_one(q, nt);
        }
        bool qneg = (q[nt - 1] >> 63) != 0;
        if (t.sgn) {
            // In range when bits w-1 and up all equal the sign.
            word e = qneg ? ~word(0) : word(0);
            fits = true;
            int from = t.w - 1;
            for (int j = from / 64; j < nt && fits; j++) {
                word m = j == from / 64 ? ~word(0) << (from % 64) : ~word(0);
                fits = ((q[j] ^ e) & m) == 0;
            }
        } else {
            fits = !qneg;
            int from = t.w;
            for (int j = from / 64; j < nt && fits; j++) {
                word m = j == from / 64 ? ~word(0) << (from % 64) : ~word(0);
                fits = (q[j] & m) == 0;
            }
        }
        under = qneg;
        if (fits && qneg && t.sgn && ssgn && t.o == AP_SAT_SYM && !any_below(q, nt, true, t.w - 1)) {
            fits = false;  // Xilinx counts the most negative value as an underflow of the symmetric range
        }
    }
    if (fits) {
        for (int i = 0; i < nd; i++) out[i] = q[i];
        extend(out, nd, t.w, t.sgn);
        return;
    }
    long long pos = d + t.w;
    bool lD = pos >= 0 && pos < container && bit_at(a, na, ssgn, pos);
    overflow(q, t, under, lD, out);
}

// The same conversion when source and destination fit one word and the alignment shift is below 64: done on
// 128-bit integers, which hold every intermediate value exactly.
inline bool convert_small(word a, bool ssgn, int container, long long sf, const Target& t, word* out) {
    long long d = sf - t.f;
    if (t.w > 64 || d <= -64 || d >= 64) return false;
    i128 v = ssgn ? static_cast<i128>(static_cast<std::int64_t>(a)) : static_cast<i128>(a);
    if (v == 0) {
        out[0] = 0;
        return true;
    }
    bool neg = v < 0;
    i128 q;
    if (d > 0) {
        q = v >> d;
        if (t.q != AP_TRN) {
            bool h = static_cast<bool>((v >> (d - 1)) & 1);
            bool r = d >= 2 && (static_cast<u128>(v) & ((static_cast<u128>(1) << (d - 1)) - 1)) != 0;
            if ((h || r) && round_up(t.q, h, r, neg, static_cast<bool>(q & 1))) q += 1;
        }
    } else {
        q = static_cast<i128>(static_cast<u128>(v) << (-d));
    }
    i128 mn = t.sgn ? -(static_cast<i128>(1) << (t.w - 1)) : 0;
    i128 mx = t.sgn ? (static_cast<i128>(1) << (t.w - 1)) - 1 : (static_cast<i128>(1) << t.w) - 1;
    bool under = q < mn || (q == mn && t.sgn && ssgn && t.o == AP_SAT_SYM);
    bool over = q > mx;
    word low = static_cast<word>(static_cast<u128>(q));
    if (!under && !over) {
        out[0] = low;
        extend(out, 1, t.w, t.sgn);
        return true;
    }
    long long pos = d + t.w;
    bool lD = pos >= 0 && pos < container && pos < 64 && static_cast<bool>((v >> pos) & 1);
    overflow(&low, t, under, lD, out);
    return true;
}

inline void convert(const word* a, int na, bool ssgn, int container, long long sf, const Target& t, word* out) {
    if (na == 1 && convert_small(a[0], ssgn, container, sf, t, out)) return;
    convert_wide(a, na, ssgn, container, sf, t, out);
}

// A double as ap_fixed reads it: a signed 54-bit integer mantissa with the implicit one (also for subnormals, whose
// exponent is taken as -1023) and 52 - exponent fractional bits. Returns false for zero.
inline bool double_parts(double v, word* mantissa, long long* frac) {
    if (std::isnan(v) || std::isinf(v)) fail("cannot convert NaN or infinity to a fixed-point or integer type");
    union {
        double d;
        std::uint64_t u;
    } bits;
    bits.d = v;
    std::uint64_t u = bits.u;
    if ((u & ~(std::uint64_t(1) << 63)) == 0) return false;
    int exp = static_cast<int>((u >> 52) & 0x7ff) - 1023;
    std::int64_t man = static_cast<std::int64_t>((u & ((std::uint64_t(1) << 52) - 1)) | (std::uint64_t(1) << 52));
    if (u >> 63) man = -man;
    *mantissa = static_cast<word>(man);
    *frac = 52 - exp;
    return true;
}

inline void convert_double(double v, const Target& t, word* out) {
    word man;
    long long frac;
    if (!double_parts(v, &man, &frac)) {
        set_zero(out, words_for(t.w));
        return;
    }
    convert(&man, 1, true, 54, frac, t, out);
}

// Correct rounding (to nearest, ties to even) of the value held in a[0..n) times 2^lsb_exp to a binary floating
// point format with `mant` significand bits and minimum normal exponent min_exp; subnormal results keep only the
// bits the format has, so the rounding happens once.
inline double round_to_binary(const word* a, int n, bool sgn, long long lsb_exp, int mant, int min_exp) {
    if (is_zero(a, n)) return 0.0;
    bool neg = is_neg(a, n, sgn);
    word mag[kWorkWords];
    int nm = n + 1;
    if (nm > kWorkWords) fail("to_double of a value wider than AP_INT_MAX_W");
    for (int i = 0; i < nm; i++) mag[i] = word_at(a, n, sgn, i);
    if (neg) {
        for (int i = 0; i < nm; i++) mag[i] = ~mag[i];
        add_one(mag, nm);
    }
    int top = nm - 1;
    while (mag[top] == 0) top--;
    long long msb = 64LL * top + 63 - __builtin_clzll(mag[top]);
    long long e = msb + lsb_exp;  // the value lies in [2^e, 2^(e+1))
    long long p = mant;
    if (e < min_exp) p = mant - (min_exp - e);
    double r;
    if (p <= 0) {
        // Below half the smallest subnormal 2^(e+1) unless p == 0, where the value is at least that half.
        if (p < 0) return neg ? -0.0 : 0.0;
        bool more = any_below(mag, nm, false, msb);
        r = more ? std::ldexp(1.0, static_cast<int>(e + 1)) : 0.0;
    } else {
        long long shift = msb - p + 1;
        word m;
        if (shift <= 0) {
            m = mag[0] << (-shift);
        } else {
            m = bits_at(mag, nm, false, shift);
            if (p < 64) m &= (word(1) << p) - 1;
            bool h = bit_at(mag, nm, false, shift - 1);
            bool s = any_below(mag, nm, false, shift - 1);
            if (h && (s || (m & 1u))) m++;
        }
        long long ex = shift + lsb_exp;
        if (ex > 4096) ex = 4096;
        if (ex < -4096) ex = -4096;
        r = std::ldexp(static_cast<double>(m), static_cast<int>(ex));
    }
    return neg ? -r : r;
}

inline double to_double(const word* a, int n, bool sgn, long long lsb_exp) {
    return round_to_binary(a, n, sgn, lsb_exp, 53, -1022);
}

inline float to_float(const word* a, int n, bool sgn, long long lsb_exp) {
    return static_cast<float>(round_to_binary(a, n, sgn, lsb_exp, 24, -126));
}

// r = a * 2^sa + b * 2^sb (or minus), exact whenever the result type is wide enough, written into nr words and
// re-extended from bit wr - 1. Shifts are non-negative alignments to the result's LSB.
inline void add_aligned(const word* a, int na, bool as, int sa, const word* b, int nb, bool bs, int sb, bool subtract,
                        word* r, int nr, int wr, bool rs) {
    word carry = subtract ? 1 : 0;
    for (int j = 0; j < nr; j++) {
        word x = bits_at(a, na, as, 64LL * j - sa);
        word y = bits_at(b, nb, bs, 64LL * j - sb);
        if (subtract) y = ~y;
        word s = x + y;
        word c1 = s < x;
        word s2 = s + carry;
        word c2 = s2 < s;
        r[j] = s2;
        carry = c1 | c2;
    }
    extend(r, nr, wr, rs);
}

// r = a * b modulo 2^(64 nr), the operands read with their extensions; exact when the result type holds the product.
inline void multiply(const word* a, int na, bool as, const word* b, int nb, bool bs, word* r, int nr, int wr, bool rs) {
    word x[kWorkWords];
    word y[kWorkWords];
    if (nr > kWorkWords) fail("product wider than AP_INT_MAX_W allows");
    for (int i = 0; i < nr; i++) {
        x[i] = word_at(a, na, as, i);
        y[i] = word_at(b, nb, bs, i);
        r[i] = 0;
    }
    for (int i = 0; i < nr; i++) {
        if (x[i] == 0) continue;
        word carry = 0;
        for (int j = 0; i + j < nr; j++) {
            u128 t = static_cast<u128>(x[i]) * y[j] + r[i + j] + carry;
            r[i + j] = static_cast<word>(t);
            carry = static_cast<word>(t >> 64);
        }
    }
    extend(r, nr, wr, rs);
}

// d = a * 2^(f - fa) - b * 2^(f - fb) with f = max(fa, fb), exact, in the returned number of words (at least
// min_words) of d, which must hold kWorkWords.
inline int aligned_difference(const word* a, int na, bool as, int fa, const word* b, int nb, bool bs, int fb,
                              int min_words, word* d) {
    int f = fa > fb ? fa : fb;
    int sa = f - fa;
    int sb = f - fb;
    int wa = 64 * na + 1 + sa;
    int wb = 64 * nb + 1 + sb;
    int n = words_for((wa > wb ? wa : wb) + 1);
    if (n < min_words) n = min_words;
    if (n > kWorkWords) fail("comparison wider than AP_INT_MAX_W allows");
    add_aligned(a, na, as, sa, b, nb, bs, sb, true, d, n, 64 * n, true);
    return n;
}

// Exact comparison of a * 2^-fa and b * 2^-fb: negative, zero or positive.
inline int compare(const word* a, int na, bool as, int fa, const word* b, int nb, bool bs, int fb) {
    word d[kWorkWords];
    int n = aligned_difference(a, na, as, fa, b, nb, bs, fb, 1, d);
    if (d[n - 1] >> 63) return -1;
    return is_zero(d, n) ? 0 : 1;
}

// Whether a * 2^-fa - b * 2^-fb, counted in units of the finer LSB, equals sign * 2^e (sign is +1 or -1).
inline bool difference_is_power_of_two(const word* a, int na, bool as, int fa, const word* b, int nb, bool bs, int fb,
                                       int sign, int e) {
    word d[kWorkWords];
    int n = aligned_difference(a, na, as, fa, b, nb, bs, fb, words_for(e + 2), d);
    word p[kWorkWords];
    set_zero(p, n);
    set_bit(p, e, true);
    if (sign < 0) {
        for (int i = 0; i < n; i++) p[i] = ~p[i];
        add_one(p, n);
    }
    for (int i = 0; i < n; i++) {
        if (d[i] != p[i]) return false;
    }
    return true;
}

// x << s within a w-bit type (0 <= s): bits leaving the word are lost; the result is re-extended.
inline void shift_left(const word* a, int n, int w, bool sgn, long long s, word* r) {
    if (s >= w) {
        set_zero(r, n);
        return;
    }
    word tmp[kWorkWords];
    for (int j = 0; j < n; j++) tmp[j] = bits_at(a, n, sgn, 64LL * j - s);
    for (int j = 0; j < n; j++) r[j] = tmp[j];
    extend(r, n, w, sgn);
}

// x >> s (0 <= s): arithmetic for signed types, logical for unsigned ones.
inline void shift_right(const word* a, int n, int w, bool sgn, long long s, word* r) {
    if (s > w) s = w;
    word tmp[kWorkWords];
    for (int j = 0; j < n; j++) tmp[j] = bits_at(a, n, sgn, 64LL * j + s);
    for (int j = 0; j < n; j++) r[j] = tmp[j];
    extend(r, n, w, sgn);
}

// Copies bits [0, len) of the extended value a[0..na) into bits [lo, lo + len) of dst (other bits unchanged).
inline void insert_bits(word* dst, int lo, int len, const word* a, int na, bool sgn) {
    for (int p = 0; p < len;) {
        int pos = lo + p;
        int r = pos % 64;
        int chunk = 64 - r < len - p ? 64 - r : len - p;
        word m = chunk == 64 ? ~word(0) : ((word(1) << chunk) - 1);
        word v = bits_at(a, na, sgn, p) & m;
        dst[pos / 64] = (dst[pos / 64] & ~(m << r)) | (v << r);
        p += chunk;
    }
}

// Bits [lo, lo + len) of a[0..na) as an unsigned value in nout words (zero above len).
inline void extract_bits(const word* a, int na, bool sgn, int lo, int len, word* out, int nout) {
    for (int j = 0; j < nout; j++) {
        int p = 64 * j;
        if (p >= len) {
            out[j] = 0;
            continue;
        }
        word v = bits_at(a, na, sgn, static_cast<long long>(lo) + p);
        if (len - p < 64) v &= (word(1) << (len - p)) - 1;
        out[j] = v;
    }
}

// Parses an integer literal into a w-bit pattern (value modulo 2^w) in n words, extended per sgn: optional sign, an
// optional 0x/0X, 0b/0B or 0o/0O prefix, then digits of the radix (radix 0: taken from the prefix, else 10).
// Returns false on a malformed string.
inline bool parse_integer(const char* s, int radix, word* out, int n, int w, bool sgn) {
    set_zero(out, n);
    bool negative = false;
    if (*s == '+' || *s == '-') {
        negative = *s == '-';
        s++;
    }
    int prefix = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) prefix = 16;
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) prefix = 2;
    if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) prefix = 8;
    if (prefix != 0 && (radix == 0 || radix == prefix)) {
        radix = prefix;
        s += 2;
    }
    if (radix == 0) radix = 10;
    if (radix != 2 && radix != 8 && radix != 10 && radix != 16) return false;
    if (*s == '\0') return false;
    for (; *s; s++) {
        int d;
        char c = *s;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            d = c - 'A' + 10;
        } else {
            return false;
        }
        if (d >= radix) return false;
        word carry = static_cast<word>(d);
        for (int i = 0; i < n; i++) {
            u128 t = static_cast<u128>(out[i]) * static_cast<unsigned>(radix) + carry;
            out[i] = static_cast<word>(t);
            carry = static_cast<word>(t >> 64);
        }
    }
    if (negative) {
        for (int i = 0; i < n; i++) out[i] = ~out[i];
        add_one(out, n);
    }
    extend(out, n, w, sgn);
    return true;
}

// Decimal digits of the extended value a[0..n), with a leading '-' when negative.
inline void to_decimal(const word* a, int n, bool sgn, char* buf, int size) {
    word mag[kWorkWords];
    int nm = n + 1;
    bool neg = is_neg(a, n, sgn);
    for (int i = 0; i < nm; i++) mag[i] = word_at(a, n, sgn, i);
    if (neg) {
        for (int i = 0; i < nm; i++) mag[i] = ~mag[i];
        add_one(mag, nm);
    }
    char rev[AP_INT_MAX_W / 3 + 8];
    int len = 0;
    do {
        u128 rem = 0;
        for (int i = nm - 1; i >= 0; i--) {
            u128 cur = (rem << 64) | mag[i];
            mag[i] = static_cast<word>(cur / 10);
            rem = cur % 10;
        }
        rev[len++] = static_cast<char>('0' + static_cast<int>(rem));
    } while (!is_zero(mag, nm));
    int at = 0;
    if (neg && at < size - 1) buf[at++] = '-';
    while (len > 0 && at < size - 1) buf[at++] = rev[--len];
    buf[at] = '\0';
}

}  // namespace ap_host

#endif
