// dsodenet host model: ap_fixed_base<W, I, S, Q, O, N>, the class behind ap_fixed and ap_ufixed. A value is
// raw * 2^(I - W). Every construction or assignment from another type quantizes with Q and then handles overflow with
// O and N, exactly as fixedpoint/SEMANTICS.md describes; operators return exact full-precision results.
#ifndef AP_HOST_FIXED_BASE_H
#define AP_HOST_FIXED_BASE_H

#include "int_base.h"

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
class ap_fixed_base {
    static_assert(W >= 1 && W <= AP_INT_MAX_W, "ap_fixed width must be between 1 and AP_INT_MAX_W");
    static_assert(N >= 0 && N <= W, "ap_fixed saturation bits N must be between 0 and W");
    static_assert(S || O != AP_WRAP_SM, "ap_ufixed cannot use AP_WRAP_SM (Vitis HLS refuses it too)");

   public:
    static const int width = W;
    static const int iwidth = I;
    static const ap_q_mode qmode = Q;
    static const ap_o_mode omode = O;
    static const bool sign_flag = S;
    static constexpr int NW = (W + 63) / 64;

    // The raw pattern, extended to all words (see ap_host/core.h). Public for the model's own operators only.
    ap_host::word ap_words_[static_cast<unsigned>(NW)];

    ap_fixed_base() { ap_host::set_zero(ap_words_, NW); }

    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
    ap_fixed_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x) {
        assign<W2, W2 - I2, S2>(x.ap_words_);
    }

    template <int W2, bool S2>
    ap_fixed_base(const ap_int_base<W2, S2>& x) {
        assign<W2, 0, S2>(x.ap_words_);
    }

    template <class T, class = typename std::enable_if<ap_host::is_cint<T>::value>::type>
    ap_fixed_base(T v) {
        ap_host::word x = ap_host::cint_word(v);
        assign<ap_host::cint<T>::w, 0, ap_host::cint<T>::s>(&x);
    }

    // The double's exact value, then Q and O. NaN and infinities stop the program (Xilinx would produce garbage).
    ap_fixed_base(double v) {
        ap_host::Target t = target();
        ap_host::convert_double(v, t, ap_words_);
    }
    ap_fixed_base(float v) : ap_fixed_base(static_cast<double>(v)) {}
    ap_fixed_base(long double v) : ap_fixed_base(static_cast<double>(v)) {}

    // A range or a bit is read as an unsigned integer.
    ap_fixed_base(const ap_host::range_ref& r) {
        ap_host::word tmp[ap_host::kMaxWords];
        int n = ap_host::words_for(r.length() + 1);
        r.get(tmp, n);
        ap_host::Target t = target();
        ap_host::convert(tmp, n, false, r.length(), 0, t, ap_words_);
    }
    ap_fixed_base(const ap_host::bit_ref& b) : ap_fixed_base(static_cast<bool>(b)) {}

    // Conversions to C types: floating point rounds to nearest even, integers truncate toward zero (see
    // ap_host::fixed_to_int for Xilinx's I = 0 quirk).
    double to_double() const {
        if (W <= 53 && NW == 1) {
            return std::ldexp(S ? static_cast<double>(static_cast<long long>(ap_words_[0])) : static_cast<double>(ap_words_[0]),
                              I - W);
        }
        return ap_host::to_double(ap_words_, NW, S, I - W);
    }
    float to_float() const {
        if (W <= 24 && NW == 1) {
            return std::ldexp(S ? static_cast<float>(static_cast<long long>(ap_words_[0])) : static_cast<float>(ap_words_[0]),
                              I - W);
        }
        return ap_host::to_float(ap_words_, NW, S, I - W);
    }
    long long to_int64() const { return ap_int_base<64, true>(*this).to_int64(); }
    unsigned long long to_uint64() const { return ap_int_base<64, false>(*this).to_uint64(); }
    int to_int() const { return static_cast<int>(to_int64()); }
    unsigned to_uint() const { return static_cast<unsigned>(to_uint64()); }
    long to_long() const { return static_cast<long>(to_int64()); }
    unsigned long to_ulong() const { return static_cast<unsigned long>(to_uint64()); }

    // Explicit only: static_cast<double>(x) and (int)x work as with Vitis, but no conversion happens silently in
    // an expression (where Vitis's implicit conversions can pick a C type's arithmetic instead of ap_fixed's).
    explicit operator bool() const { return !is_zero(); }
    explicit operator char() const { return static_cast<char>(to_int64()); }
    explicit operator signed char() const { return static_cast<signed char>(to_int64()); }
    explicit operator unsigned char() const { return static_cast<unsigned char>(to_uint64()); }
    explicit operator short() const { return static_cast<short>(to_int64()); }
    explicit operator unsigned short() const { return static_cast<unsigned short>(to_uint64()); }
    explicit operator int() const { return to_int(); }
    explicit operator unsigned() const { return to_uint(); }
    explicit operator long() const { return to_long(); }
    explicit operator unsigned long() const { return to_ulong(); }
    explicit operator long long() const { return to_int64(); }
    explicit operator unsigned long long() const { return to_uint64(); }
    explicit operator float() const { return to_float(); }
    explicit operator double() const { return to_double(); }
    explicit operator long double() const { return to_double(); }

    int length() const { return W; }
    int wl() const { return W; }
    int iwl() const { return I; }
    ap_q_mode q_mode() const { return Q; }
    ap_o_mode o_mode() const { return O; }
    int n_bits() const { return N; }
    bool is_neg() const { return ap_host::is_neg(ap_words_, NW, S); }
    bool is_zero() const { return ap_host::is_zero(ap_words_, NW); }

    // Raw bit access (bit 0 is the LSB of the raw pattern).
    ap_host::range_ref range(int hi, int lo) const {
        return ap_host::range_ref(const_cast<ap_host::word*>(ap_words_), NW, W, S, hi, lo);
    }
    ap_host::range_ref range() const { return range(W - 1, 0); }
    ap_host::range_ref operator()(int hi, int lo) const { return range(hi, lo); }
    ap_host::bit_ref operator[](int i) const {
        return ap_host::bit_ref(const_cast<ap_host::word*>(ap_words_), NW, W, S, i);
    }
    ap_host::bit_ref bit(int i) const { return (*this)[i]; }
    bool get_bit(int i) const { return static_cast<bool>((*this)[i]); }

    // Unary operators: -x is exact in one more bit.
    ap_fixed_base operator+() const { return *this; }
    ap_fixed_base<W + 1, I + 1, true> operator-() const {
        ap_fixed_base<W + 1, I + 1, true> r;
        ap_host::word zero = 0;
        ap_host::add_aligned(&zero, 1, false, 0, ap_words_, NW, S, 0, true, r.ap_words_, ap_host::num<decltype(r)>::nw,
                             W + 1, true);
        return r;
    }
    ap_fixed_base<W, I, S> operator~() const {
        ap_fixed_base<W, I, S> r;
        for (int i = 0; i < NW; i++) r.ap_words_[i] = ~ap_words_[i];
        return r;
    }
    bool operator!() const { return is_zero(); }

    // Shifts move the raw bits and keep the type; the modes are not applied and a negative amount shifts the other
    // way (SEMANTICS.md, "Arithmetic").
    template <class T>
    typename std::enable_if<ap_host::is_cint<T>::value, ap_fixed_base>::type operator<<(T n) const {
        return shifted(ap_host::shift_amount(n));
    }
    template <class T>
    typename std::enable_if<ap_host::is_cint<T>::value, ap_fixed_base>::type operator>>(T n) const {
        return shifted(-ap_host::shift_amount(n));
    }
    template <int W2, bool S2>
    ap_fixed_base operator<<(const ap_int_base<W2, S2>& n) const {
        return shifted(ap_host::shift_amount(static_cast<typename ap_int_base<W2, S2>::RetType>(n)));
    }
    template <int W2, bool S2>
    ap_fixed_base operator>>(const ap_int_base<W2, S2>& n) const {
        return shifted(-ap_host::shift_amount(static_cast<typename ap_int_base<W2, S2>::RetType>(n)));
    }
    template <class T>
    ap_fixed_base& operator<<=(const T& n) {
        return *this = *this << n;
    }
    template <class T>
    ap_fixed_base& operator>>=(const T& n) {
        return *this = *this >> n;
    }

    // Compound assignments: the exact operation, then the assignment with this type's modes.
    template <class T>
    ap_fixed_base& operator+=(const T& v) {
        return *this = *this + v;
    }
    template <class T>
    ap_fixed_base& operator-=(const T& v) {
        return *this = *this - v;
    }
    template <class T>
    ap_fixed_base& operator*=(const T& v) {
        return *this = *this * v;
    }

   private:
    static ap_host::Target target() {
        ap_host::Target t = {W, W - I, S, Q, O, N};
        return t;
    }

    // Assignment from a W2-bit source with F2 fractional bits. When the LSBs line up and the destination holds every
    // source value, it is a copy; otherwise the full conversion.
    template <int W2, int F2, bool S2>
    void assign(const ap_host::word* a) {
        const int NW2 = (W2 + 63) / 64;
        const bool exact = F2 == W - I && (S == S2 ? W >= W2 : (S && W > W2));
        if (exact) {
            for (int i = 0; i < NW; i++) ap_words_[i] = ap_host::word_at(a, NW2, S2, i);
            return;
        }
        ap_host::Target t = target();
        ap_host::convert(a, NW2, S2, W2, F2, t, ap_words_);
    }

    ap_fixed_base shifted(long long n) const {
        ap_fixed_base r;
        if (n >= 0) {
            ap_host::shift_left(ap_words_, NW, W, S, n, r.ap_words_);
        } else {
            ap_host::shift_right(ap_words_, NW, W, S, n == LLONG_MIN ? LLONG_MAX : -n, r.ap_words_);
        }
        return r;
    }
};

namespace ap_host {

template <int W, bool S>
inline ap_fixed_base<W, W, S> as_fixed(const ap_int_base<W, S>& x) {
    ap_fixed_base<W, W, S> r;
    for (int i = 0; i < ap_int_base<W, S>::NW; i++) r.ap_words_[i] = x.ap_words_[i];
    return r;
}

// Fixed point to integer: truncation toward zero, then modulo 2^W. Vitis keeps the integer part in a
// max(I, 1)-bit container and adds one for negative values with a fraction; with I = 0 that one-bit container turns
// every negative value into -1, which the model reproduces. With I < 0 Vitis starts from an uninitialised container
// (C simulation gives 0 or -1); the model gives -1 as for I = 0.
template <int W, bool S, int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
inline void fixed_to_int(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x, word* out) {
    const int nw = (W + 63) / 64;
    const int nw2 = (W2 + 63) / 64;
    if (I2 <= 0 && x.is_neg()) {
        set_zero(out, nw);
        set_bits(out, 0, W - 1, true);
        extend(out, nw, W, S);
        return;
    }
    if (I2 < 0) {
        set_zero(out, nw);
        return;
    }
    Target t = {W, 0, S, AP_TRN_ZERO, AP_WRAP, 0};
    convert(x.ap_words_, nw2, S2, W2, W2 - I2, t, out);
}

// Exact sum or difference into the result type R (wide enough by construction).
template <class R, class A, class B>
inline void add_into(R& r, const A& a, const B& b, bool sub, std::true_type /* one word each */) {
    word x = a.ap_words_[0] << ((num<R>::f - num<A>::f) & 63);
    word y = b.ap_words_[0] << ((num<R>::f - num<B>::f) & 63);
    r.ap_words_[0] = sub ? x - y : x + y;
    extend(r.ap_words_, 1, num<R>::w, num<R>::s);
}

template <class R, class A, class B>
inline void add_into(R& r, const A& a, const B& b, bool sub, std::false_type) {
    add_aligned(a.ap_words_, num<A>::nw, num<A>::s, num<R>::f - num<A>::f, b.ap_words_, num<B>::nw, num<B>::s,
                num<R>::f - num<B>::f, sub, r.ap_words_, num<R>::nw, num<R>::w, num<R>::s);
}

template <class R, class A, class B>
inline R add(const A& a, const B& b, bool sub) {
    R r;
    add_into(r, a, b, sub, std::integral_constant<bool, num<R>::nw == 1 && num<A>::nw == 1 && num<B>::nw == 1>());
    return r;
}

template <class R, class A, class B>
inline R mul(const A& a, const B& b) {
    R r;
    if (num<R>::nw == 1) {
        r.ap_words_[0] = a.ap_words_[0] * b.ap_words_[0];
        extend(r.ap_words_, 1, num<R>::w, num<R>::s);
    } else {
        multiply(a.ap_words_, num<A>::nw, num<A>::s, b.ap_words_, num<B>::nw, num<B>::s, r.ap_words_, num<R>::nw,
                 num<R>::w, num<R>::s);
    }
    return r;
}

// Exact comparison: negative, zero or positive.
template <class A, class B>
inline int cmp(const A& a, const B& b, std::true_type /* one word each, aligned values fit 128 bits */) {
    const int f = max_of<num<A>::f, num<B>::f>::value;
    i128 x = num<A>::s ? static_cast<i128>(static_cast<long long>(a.ap_words_[0])) : static_cast<i128>(a.ap_words_[0]);
    i128 y = num<B>::s ? static_cast<i128>(static_cast<long long>(b.ap_words_[0])) : static_cast<i128>(b.ap_words_[0]);
    x = static_cast<i128>(static_cast<u128>(x) << ((f - num<A>::f) & 63));
    y = static_cast<i128>(static_cast<u128>(y) << ((f - num<B>::f) & 63));
    return x < y ? -1 : (x > y ? 1 : 0);
}

template <class A, class B>
inline int cmp(const A& a, const B& b, std::false_type) {
    return compare(a.ap_words_, num<A>::nw, num<A>::s, num<A>::f, b.ap_words_, num<B>::nw, num<B>::s, num<B>::f);
}

template <class A, class B>
struct cmp_fits_128 {
    static constexpr int f = max_of<num<A>::f, num<B>::f>::value;
    static constexpr bool value = num<A>::nw == 1 && num<B>::nw == 1 && (f - num<A>::f) <= 62 && (f - num<B>::f) <= 62;
};

template <class A, class B>
inline int cmp(const A& a, const B& b) {
    return cmp(a, b, std::integral_constant<bool, cmp_fits_128<A, B>::value>());
}

// Comparisons as Vitis HLS computes them. The operands are first aligned to the finer LSB (the left operand, which
// Vitis treats as "this", gains one extra bit when it is the one widened), and the aligned words are then compared
// with the rules C applies to integers of those widths: when the signedness differs, both are at least 32 bits
// wide or one is, and the unsigned word is at least as wide as the signed one, the comparison is unsigned, so a
// negative signed operand compares greater than the unsigned one. Equality compares bit patterns of eq_width bits,
// which can make a negative value equal to a large unsigned one. Everything else is exact.
template <class A, class B>
struct vitis_cmp {
    static constexpr int fa = num<A>::f;
    static constexpr int fb = num<B>::f;
    static constexpr int wa = fa >= fb ? num<A>::w : max_of<num<A>::w + fb - fa + 1, 1>::value;
    static constexpr int wb = fa > fb ? max_of<num<B>::w + fa - fb, 1>::value : num<B>::w;
    static constexpr bool mixed = num<A>::s != num<B>::s;
    static constexpr int wu = num<A>::s ? wb : wa;
    static constexpr int ws = num<A>::s ? wa : wb;
    static constexpr bool unsigned_order = mixed && !(wa < 32 && wb < 32) && wu >= ws;
    // Words of equal width up to 64 bits are compared as 64-bit integers (sign- and zero-extended), others as
    // unsigned patterns of the larger width, at least 32.
    static constexpr int eq_width = wa == wb && wa <= 64 ? 64 : max_of<max_of<wa, wb>::value, 32>::value;
    static constexpr bool pattern_equality = mixed && wu >= eq_width;
};

// <, <=, >, >=: the sign of a - b as Vitis sees it.
template <class A, class B>
inline int order(const A& a, const B& b) {
    typedef vitis_cmp<A, B> V;
    if (V::unsigned_order) {
        if (num<A>::s && is_neg(a.ap_words_, num<A>::nw, true)) return 1;
        if (num<B>::s && is_neg(b.ap_words_, num<B>::nw, true)) return -1;
    }
    return cmp(a, b);
}

// ==: equal values, or a negative signed operand whose eq_width-bit pattern equals the unsigned operand.
template <class A, class B>
inline bool equal(const A& a, const B& b) {
    typedef vitis_cmp<A, B> V;
    if (cmp(a, b) == 0) return true;
    if (!V::pattern_equality) return false;
    bool negative = num<A>::s ? is_neg(a.ap_words_, num<A>::nw, true) : is_neg(b.ap_words_, num<B>::nw, true);
    if (!negative) return false;
    // unsigned u == 2^eq_width + v, that is a - b == +2^eq_width when a is the unsigned one, -2^eq_width otherwise
    return difference_is_power_of_two(a.ap_words_, num<A>::nw, num<A>::s, num<A>::f, b.ap_words_, num<B>::nw,
                                      num<B>::s, num<B>::f, num<A>::s ? -1 : 1, V::eq_width);
}

}  // namespace ap_host

#endif
