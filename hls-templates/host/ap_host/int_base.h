// dsodenet host model: ap_int_base<W, S>, the class behind ap_int<W> and ap_uint<W>. Values wrap modulo 2^W on
// every assignment; conversions from fixed-point values and doubles truncate toward zero first.
#ifndef AP_HOST_INT_BASE_H
#define AP_HOST_INT_BASE_H

#include "refs.h"

namespace ap_host {

// An integer type seen as the fixed-point type with I = W (same words).
template <int W, bool S>
inline ap_fixed_base<W, W, S> as_fixed(const ap_int_base<W, S>& x);

template <int W, bool S, int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
inline void fixed_to_int(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x, word* out);

}  // namespace ap_host

template <int W, bool S>
class ap_int_base {
    static_assert(W >= 1 && W <= AP_INT_MAX_W, "ap_int width must be between 1 and AP_INT_MAX_W");

   public:
    static const int width = W;
    static const bool sign_flag = S;
    static constexpr int NW = (W + 63) / 64;
    typedef typename std::conditional<S, long long, unsigned long long>::type RetType;

    // The raw pattern, extended to all words (see ap_host/core.h). Public for the model's own operators only.
    ap_host::word ap_words_[static_cast<unsigned>(NW)];

    ap_int_base() { ap_host::set_zero(ap_words_, NW); }

    template <int W2, bool S2>
    ap_int_base(const ap_int_base<W2, S2>& x) {
        for (int i = 0; i < NW; i++) ap_words_[i] = ap_host::word_at(x.ap_words_, ap_int_base<W2, S2>::NW, S2, i);
        ap_host::extend(ap_words_, NW, W, S);
    }

    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
    ap_int_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& x) {
        ap_host::fixed_to_int<W, S>(x, ap_words_);
    }

    template <class T, class = typename std::enable_if<ap_host::is_cint<T>::value>::type>
    ap_int_base(T v) {
        ap_host::word x = ap_host::cint_word(v);
        for (int i = 0; i < NW; i++) ap_words_[i] = ap_host::word_at(&x, 1, ap_host::cint<T>::s, i);
        ap_host::extend(ap_words_, NW, W, S);
    }

    // Truncation toward zero, then modulo 2^W; except that, as with Vitis, a value in (-0.5, 0) gives 1 (Vitis
    // truncates the magnitude of such a small value to -1 and then negates it).
    ap_int_base(double v) {
        if (v < 0 && v > -0.5) {
            ap_host::word one = 1;
            for (int i = 0; i < NW; i++) ap_words_[i] = ap_host::word_at(&one, 1, false, i);
            ap_host::extend(ap_words_, NW, W, S);
            return;
        }
        ap_host::Target t = {W, 0, S, AP_TRN_ZERO, AP_WRAP, 0};
        ap_host::convert_double(v, t, ap_words_);
    }
    ap_int_base(float v) : ap_int_base(static_cast<double>(v)) {}
    ap_int_base(long double v) : ap_int_base(static_cast<double>(v)) {}

    ap_int_base(const char* s) { parse(s, 0); }
    ap_int_base(const char* s, signed char radix) { parse(s, radix); }

    ap_int_base(const ap_host::range_ref& r) {
        ap_host::word tmp[ap_host::kMaxWords];
        int n = ap_host::words_for(r.length());
        r.get(tmp, n);
        for (int i = 0; i < NW; i++) ap_words_[i] = ap_host::word_at(tmp, n, false, i);
        ap_host::extend(ap_words_, NW, W, S);
    }

    ap_int_base(const ap_host::bit_ref& b) : ap_int_base(static_cast<bool>(b) ? 1 : 0) {}

    // Conversions to C types.
    operator RetType() const { return static_cast<RetType>(ap_words_[0]); }
    int to_int() const { return static_cast<int>(ap_words_[0]); }
    unsigned to_uint() const { return static_cast<unsigned>(ap_words_[0]); }
    long to_long() const { return static_cast<long>(ap_words_[0]); }
    unsigned long to_ulong() const { return static_cast<unsigned long>(ap_words_[0]); }
    long long to_int64() const { return static_cast<long long>(ap_words_[0]); }
    unsigned long long to_uint64() const { return static_cast<unsigned long long>(ap_words_[0]); }
    double to_double() const { return ap_host::to_double(ap_words_, NW, S, 0); }
    float to_float() const { return ap_host::to_float(ap_words_, NW, S, 0); }

    int length() const { return W; }
    bool iszero() const { return ap_host::is_zero(ap_words_, NW); }
    bool is_zero() const { return iszero(); }
    bool sign() const { return ap_host::is_neg(ap_words_, NW, S); }

    // Raw bit access.
    ap_host::range_ref range(int hi, int lo) const {
        return ap_host::range_ref(const_cast<ap_host::word*>(ap_words_), NW, W, S, hi, lo);
    }
    ap_host::range_ref range() const { return range(W - 1, 0); }
    ap_host::range_ref operator()(int hi, int lo) const { return range(hi, lo); }
    ap_host::bit_ref operator[](int i) const {
        return ap_host::bit_ref(const_cast<ap_host::word*>(ap_words_), NW, W, S, i);
    }
    ap_host::bit_ref bit(int i) const { return (*this)[i]; }
    bool test(int i) const { return static_cast<bool>((*this)[i]); }

    // Unary operators.
    ap_int_base operator+() const { return *this; }
    typename ap_host::rtype<1, 1, false, W, W, S>::int_minus operator-() const {
        typename ap_host::rtype<1, 1, false, W, W, S>::int_minus r;
        ap_host::word zero = 0;
        ap_host::add_aligned(&zero, 1, false, 0, ap_words_, NW, S, 0, true, r.ap_words_, ap_host::num<decltype(r)>::nw,
                             ap_host::num<decltype(r)>::w, true);
        return r;
    }
    ap_int_base operator~() const {
        ap_int_base r;
        for (int i = 0; i < NW; i++) r.ap_words_[i] = ~ap_words_[i];
        return r;
    }
    bool operator!() const { return iszero(); }

    // Shifts keep the type; a negative amount shifts the other way.
    template <class T>
    typename std::enable_if<ap_host::is_cint<T>::value, ap_int_base>::type operator<<(T n) const {
        return shifted(ap_host::shift_amount(n));
    }
    template <class T>
    typename std::enable_if<ap_host::is_cint<T>::value, ap_int_base>::type operator>>(T n) const {
        return shifted(-ap_host::shift_amount(n));
    }
    template <int W2, bool S2>
    ap_int_base operator<<(const ap_int_base<W2, S2>& n) const {
        return shifted(ap_host::shift_amount(static_cast<typename ap_int_base<W2, S2>::RetType>(n)));
    }
    template <int W2, bool S2>
    ap_int_base operator>>(const ap_int_base<W2, S2>& n) const {
        return shifted(-ap_host::shift_amount(static_cast<typename ap_int_base<W2, S2>::RetType>(n)));
    }
    template <class T>
    ap_int_base& operator<<=(const T& n) {
        return *this = *this << n;
    }
    template <class T>
    ap_int_base& operator>>=(const T& n) {
        return *this = *this >> n;
    }

    // Compound assignments: the full-precision operation, then the assignment (wrap).
    template <class T>
    ap_int_base& operator+=(const T& v) {
        return *this = *this + v;
    }
    template <class T>
    ap_int_base& operator-=(const T& v) {
        return *this = *this - v;
    }
    template <class T>
    ap_int_base& operator*=(const T& v) {
        return *this = *this * v;
    }
    template <class T>
    ap_int_base& operator/=(const T& v) {
        return *this = *this / v;
    }
    template <class T>
    ap_int_base& operator%=(const T& v) {
        return *this = *this % v;
    }
    template <class T>
    ap_int_base& operator&=(const T& v) {
        return *this = *this & v;
    }
    template <class T>
    ap_int_base& operator|=(const T& v) {
        return *this = *this | v;
    }
    template <class T>
    ap_int_base& operator^=(const T& v) {
        return *this = *this ^ v;
    }
    ap_int_base& operator++() { return *this = *this + 1; }
    ap_int_base& operator--() { return *this = *this - 1; }
    ap_int_base operator++(int) {
        ap_int_base old = *this;
        ++*this;
        return old;
    }
    ap_int_base operator--(int) {
        ap_int_base old = *this;
        --*this;
        return old;
    }

   private:
    void parse(const char* s, int radix) {
        if (!ap_host::parse_integer(s, radix, ap_words_, NW, W, S)) fail_parse();
    }
    static void fail_parse() { ap_host::fail("malformed integer literal"); }

    ap_int_base shifted(long long n) const {
        ap_int_base r;
        if (n >= 0) {
            ap_host::shift_left(ap_words_, NW, W, S, n, r.ap_words_);
        } else {
            ap_host::shift_right(ap_words_, NW, W, S, n == LLONG_MIN ? LLONG_MAX : -n, r.ap_words_);
        }
        return r;
    }
};

#endif
