// dsodenet host model: the binary operators. Results are exact, in the full-precision types of ap_host::rtype; an
// integer operand (ap_int, ap_uint or a C integer) takes part in fixed-point arithmetic as the fixed-point type with
// I = W of its own width. Comparisons are exact except where Vitis HLS's are not: mixed signedness with wide
// operands (see ap_host::vitis_cmp) and comparisons with a double, which use to_double().
#ifndef AP_HOST_OPS_H
#define AP_HOST_OPS_H

#include <ostream>

#include "fixed_base.h"

namespace ap_host {

template <class R, class A, class B>
inline R logic(const A& a, const B& b, char op) {
    R r;
    for (int i = 0; i < num<R>::nw; i++) {
        word x = word_at(a.ap_words_, num<A>::nw, num<A>::s, i);
        word y = word_at(b.ap_words_, num<B>::nw, num<B>::s, i);
        r.ap_words_[i] = op == '&' ? (x & y) : op == '|' ? (x | y) : (x ^ y);
    }
    extend(r.ap_words_, num<R>::nw, num<R>::w, num<R>::s);
    return r;
}

// Integer division and remainder truncate toward zero, as in C. The model offers them for operands of up to 64 bits
// and of the same signedness (Xilinx's results for mixed signedness follow its internal word types, not the values).
template <class R, class A, class B>
inline R divide(const A& a, const B& b, bool remainder) {
    static_assert(num<A>::w <= 64 && num<B>::w <= 64, "the host model divides integers of up to 64 bits only");
    static_assert(num<A>::s == num<B>::s, "the host model divides integers of the same signedness only");
    i128 x = num<A>::s ? static_cast<i128>(static_cast<long long>(a.ap_words_[0])) : static_cast<i128>(a.ap_words_[0]);
    i128 y = num<B>::s ? static_cast<i128>(static_cast<long long>(b.ap_words_[0])) : static_cast<i128>(b.ap_words_[0]);
    if (y == 0) fail("integer division by zero");
    i128 q = remainder ? x % y : x / y;
    word w2[2] = {static_cast<word>(static_cast<u128>(q)),
                  static_cast<word>(static_cast<u128>(q) >> 64)};
    R r;
    for (int i = 0; i < num<R>::nw; i++) r.ap_words_[i] = word_at(w2, 2, true, i);
    extend(r.ap_words_, num<R>::nw, num<R>::w, num<R>::s);
    return r;
}

template <class A, class B>
inline bool rel_eq(const A& a, const B& b) {
    return equal(a, b);
}
template <class A, class B>
inline bool rel_ne(const A& a, const B& b) {
    return !equal(a, b);
}
template <class A, class B>
inline bool rel_lt(const A& a, const B& b) {
    return order(a, b) < 0;
}
template <class A, class B>
inline bool rel_le(const A& a, const B& b) {
    return order(a, b) <= 0;
}
template <class A, class B>
inline bool rel_gt(const A& a, const B& b) {
    return order(a, b) > 0;
}
template <class A, class B>
inline bool rel_ge(const A& a, const B& b) {
    return order(a, b) >= 0;
}

}  // namespace ap_host

#define AP_HOST_FX_PARAMS(n) int W##n, int I##n, bool S##n, ap_q_mode Q##n, ap_o_mode O##n, int N##n
#define AP_HOST_FX(n) ap_fixed_base<W##n, I##n, S##n, Q##n, O##n, N##n>

// Fixed-point arithmetic with fixed-point, ap_int and C integer operands.
#define AP_HOST_FX_ARITH(OP, KIND, CALL)                                                                           \
    template <AP_HOST_FX_PARAMS(1), AP_HOST_FX_PARAMS(2)>                                                          \
    inline typename ap_host::rtype<W1, I1, S1, W2, I2, S2>::KIND operator OP(const AP_HOST_FX(1) & a,             \
                                                                             const AP_HOST_FX(2) & b) {           \
        typedef typename ap_host::rtype<W1, I1, S1, W2, I2, S2>::KIND R;                                           \
        return CALL;                                                                                               \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), int W2, bool S2>                                                               \
    inline typename ap_host::rtype<W1, I1, S1, W2, W2, S2>::KIND operator OP(const AP_HOST_FX(1) & a,             \
                                                                             const ap_int_base<W2, S2>& b) {      \
        return a OP ap_host::as_fixed(b);                                                                          \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), int W2, bool S2>                                                               \
    inline typename ap_host::rtype<W2, W2, S2, W1, I1, S1>::KIND operator OP(const ap_int_base<W2, S2>& a,        \
                                                                             const AP_HOST_FX(1) & b) {           \
        return ap_host::as_fixed(a) OP b;                                                                          \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), class T>                                                                       \
    inline typename ap_host::rtype<W1, I1, S1, ap_host::cint<T>::w, ap_host::cint<T>::w,                          \
                                   ap_host::cint<T>::s>::KIND                                                      \
    operator OP(const AP_HOST_FX(1) & a, T b) {                                                                    \
        return a OP typename ap_host::cint<T>::fixed(b);                                                           \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), class T>                                                                       \
    inline typename ap_host::rtype<ap_host::cint<T>::w, ap_host::cint<T>::w, ap_host::cint<T>::s, W1, I1,         \
                                   S1>::KIND                                                                       \
    operator OP(T a, const AP_HOST_FX(1) & b) {                                                                    \
        return typename ap_host::cint<T>::fixed(a) OP b;                                                           \
    }

AP_HOST_FX_ARITH(+, plus, (ap_host::add<R>(a, b, false)))
AP_HOST_FX_ARITH(-, minus, (ap_host::add<R>(a, b, true)))
AP_HOST_FX_ARITH(*, mult, (ap_host::mul<R>(a, b)))

#define AP_HOST_FX_CMP(OP, FN)                                                                                       \
    template <AP_HOST_FX_PARAMS(1), AP_HOST_FX_PARAMS(2)>                                                          \
    inline bool operator OP(const AP_HOST_FX(1) & a, const AP_HOST_FX(2) & b) {                                    \
        return ap_host::FN(a, b);                                                                                    \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), int W2, bool S2>                                                               \
    inline bool operator OP(const AP_HOST_FX(1) & a, const ap_int_base<W2, S2>& b) {                               \
        return ap_host::FN(a, b);                                                                                    \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), int W2, bool S2>                                                               \
    inline bool operator OP(const ap_int_base<W2, S2>& a, const AP_HOST_FX(1) & b) {                               \
        return ap_host::FN(a, b);                                                                                    \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), class T>                                                                       \
    inline typename std::enable_if<ap_host::is_cint<T>::value, bool>::type operator OP(const AP_HOST_FX(1) & a,   \
                                                                                       T b) {                      \
        return ap_host::FN(a, typename ap_host::cint<T>::integer(b));                                                \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1), class T>                                                                       \
    inline typename std::enable_if<ap_host::is_cint<T>::value, bool>::type operator OP(T a,                       \
                                                                                       const AP_HOST_FX(1) & b) { \
        return ap_host::FN(typename ap_host::cint<T>::integer(a), b);                                                \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1)>                                                                                \
    inline bool operator OP(const AP_HOST_FX(1) & a, double b) {                                                   \
        return a.to_double() OP b;                                                                                 \
    }                                                                                                              \
    template <AP_HOST_FX_PARAMS(1)>                                                                                \
    inline bool operator OP(double a, const AP_HOST_FX(1) & b) {                                                   \
        return a OP b.to_double();                                                                                 \
    }

AP_HOST_FX_CMP(==, rel_eq)
AP_HOST_FX_CMP(!=, rel_ne)
AP_HOST_FX_CMP(<, rel_lt)
AP_HOST_FX_CMP(<=, rel_le)
AP_HOST_FX_CMP(>, rel_gt)
AP_HOST_FX_CMP(>=, rel_ge)

// Integer arithmetic with ap_int and C integer operands.
#define AP_HOST_INT_BINOP(OP, KIND, CALL)                                                                          \
    template <int W1, bool S1, int W2, bool S2>                                                                    \
    inline typename ap_host::rtype<W1, W1, S1, W2, W2, S2>::KIND operator OP(const ap_int_base<W1, S1>& a,        \
                                                                             const ap_int_base<W2, S2>& b) {      \
        typedef typename ap_host::rtype<W1, W1, S1, W2, W2, S2>::KIND R;                                           \
        return CALL;                                                                                               \
    }                                                                                                              \
    template <int W1, bool S1, class T>                                                                            \
    inline typename ap_host::rtype<W1, W1, S1, ap_host::cint<T>::w, ap_host::cint<T>::w,                          \
                                   ap_host::cint<T>::s>::KIND                                                      \
    operator OP(const ap_int_base<W1, S1>& a, T b) {                                                               \
        return a OP typename ap_host::cint<T>::integer(b);                                                         \
    }                                                                                                              \
    template <int W1, bool S1, class T>                                                                            \
    inline typename ap_host::rtype<ap_host::cint<T>::w, ap_host::cint<T>::w, ap_host::cint<T>::s, W1, W1,         \
                                   S1>::KIND                                                                       \
    operator OP(T a, const ap_int_base<W1, S1>& b) {                                                               \
        return typename ap_host::cint<T>::integer(a) OP b;                                                         \
    }

AP_HOST_INT_BINOP(+, int_plus, (ap_host::add<R>(a, b, false)))
AP_HOST_INT_BINOP(-, int_minus, (ap_host::add<R>(a, b, true)))
AP_HOST_INT_BINOP(*, int_mult, (ap_host::mul<R>(a, b)))
AP_HOST_INT_BINOP(/, int_div, (ap_host::divide<R>(a, b, false)))
AP_HOST_INT_BINOP(%, int_mod, (ap_host::divide<R>(a, b, true)))
AP_HOST_INT_BINOP(&, int_logic, (ap_host::logic<R>(a, b, '&')))
AP_HOST_INT_BINOP(|, int_logic, (ap_host::logic<R>(a, b, '|')))
AP_HOST_INT_BINOP(^, int_logic, (ap_host::logic<R>(a, b, '^')))

#define AP_HOST_INT_CMP(OP, FN)                                                                                       \
    template <int W1, bool S1, int W2, bool S2>                                                                    \
    inline bool operator OP(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {                          \
        return ap_host::FN(a, b);                                                                                    \
    }                                                                                                              \
    template <int W1, bool S1, class T>                                                                            \
    inline typename std::enable_if<ap_host::is_cint<T>::value, bool>::type operator OP(                           \
        const ap_int_base<W1, S1>& a, T b) {                                                                       \
        return ap_host::FN(a, typename ap_host::cint<T>::integer(b));                                                \
    }                                                                                                              \
    template <int W1, bool S1, class T>                                                                            \
    inline typename std::enable_if<ap_host::is_cint<T>::value, bool>::type operator OP(                           \
        T a, const ap_int_base<W1, S1>& b) {                                                                       \
        return ap_host::FN(typename ap_host::cint<T>::integer(a), b);                                                \
    }

AP_HOST_INT_CMP(==, rel_eq)
AP_HOST_INT_CMP(!=, rel_ne)
AP_HOST_INT_CMP(<, rel_lt)
AP_HOST_INT_CMP(<=, rel_le)
AP_HOST_INT_CMP(>, rel_gt)
AP_HOST_INT_CMP(>=, rel_ge)

#undef AP_HOST_FX_ARITH
#undef AP_HOST_FX_CMP
#undef AP_HOST_INT_BINOP
#undef AP_HOST_INT_CMP
#undef AP_HOST_FX_PARAMS
#undef AP_HOST_FX

// Printing: integers in decimal; fixed-point values as to_double() with the stream's own formatting (Xilinx prints
// an exact decimal expansion instead).
template <int W, bool S>
inline std::ostream& operator<<(std::ostream& os, const ap_int_base<W, S>& x) {
    char buf[AP_INT_MAX_W / 3 + 8];
    ap_host::to_decimal(x.ap_words_, ap_int_base<W, S>::NW, S, buf, sizeof buf);
    return os << buf;
}

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
inline std::ostream& operator<<(std::ostream& os, const ap_fixed_base<W, I, S, Q, O, N>& x) {
    return os << x.to_double();
}

#endif
