// dsodenet host model: declarations of the class templates and the compile-time type arithmetic of the operators.
#ifndef AP_HOST_TRAITS_H
#define AP_HOST_TRAITS_H

#include <climits>
#include <type_traits>
#include <utility>

#include "core.h"

template <int W, bool S>
class ap_int_base;

template <int W, int I, bool S, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
class ap_fixed_base;

// The user-facing names. They are aliases, so a value of ap_fixed<...> is an ap_fixed_base<...> and every operator
// can deduce its operands' parameters directly.
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
using ap_fixed = ap_fixed_base<W, I, true, Q, O, N>;

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
using ap_ufixed = ap_fixed_base<W, I, false, Q, O, N>;

template <int W>
using ap_int = ap_int_base<W, true>;

template <int W>
using ap_uint = ap_int_base<W, false>;

namespace ap_host {

template <int A, int B>
struct max_of {
    static constexpr int value = A > B ? A : B;
};

// Result types of the binary operators: wide enough for the exact result (SEMANTICS.md, "Arithmetic"), with the
// default modes. An integer type is the fixed-point type with I = W.
template <int W1, int I1, bool S1, int W2, int I2, bool S2>
struct rtype {
    static constexpr int F = max_of<W1 - I1, W2 - I2>::value;
    static constexpr int IM = max_of<I1 + (S2 && !S1), I2 + (S1 && !S2)>::value;
    static constexpr int plus_i = IM + 1;
    static constexpr int plus_w = plus_i + F;
    static constexpr bool plus_s = S1 || S2;
    static constexpr int mult_w = W1 + W2;
    static constexpr int mult_i = I1 + I2;
    static constexpr bool mult_s = S1 || S2;
    static constexpr int logic_w = IM + F;
    static constexpr bool logic_s = S1 || S2;
    static constexpr int div_w = W1 + S2;  // integers only
    static constexpr bool div_s = S1 || S2;
    static constexpr int mod_w = (W1 < W2 + (!S2 && S1)) ? W1 : W2 + (!S2 && S1);
    static constexpr bool mod_s = S1;
    typedef ap_fixed_base<plus_w, plus_i, plus_s> plus;
    typedef ap_fixed_base<plus_w, plus_i, true> minus;
    typedef ap_fixed_base<mult_w, mult_i, mult_s> mult;
    typedef ap_int_base<plus_w, plus_s> int_plus;
    typedef ap_int_base<plus_w, true> int_minus;
    typedef ap_int_base<mult_w, mult_s> int_mult;
    typedef ap_int_base<logic_w, logic_s> int_logic;
    typedef ap_int_base<div_w, div_s> int_div;
    typedef ap_int_base<mod_w, mod_s> int_mod;
};

// A C integer operand is the integer type of its own width and signedness (bool: one unsigned bit). An unscoped
// enumerator counts as the integer it promotes to, as it does for Vitis's int overloads. Only these types have the
// members, so templates using them drop out of overload resolution for anything else.
template <class T, class Enable = void>
struct cint_type {};

template <class T>
struct cint_type<T, typename std::enable_if<std::is_integral<T>::value>::type> {
    typedef T type;
};

template <class T>
struct cint_type<T, typename std::enable_if<std::is_enum<T>::value && std::is_convertible<T, long long>::value>::type> {
    typedef decltype(+std::declval<T>()) type;
};

template <class T, class Enable = void>
struct is_cint : std::false_type {};

template <class T>
struct is_cint<T, typename std::enable_if<sizeof(typename cint_type<T>::type) != 0>::type> : std::true_type {};

template <class T, class Enable = void>
struct cint {};

template <class T>
struct cint<T, typename std::enable_if<is_cint<T>::value>::type> {
    typedef typename cint_type<T>::type C;
    static constexpr int w = std::is_same<C, bool>::value ? 1 : static_cast<int>(sizeof(C) * 8);
    static constexpr bool s = std::is_signed<C>::value;
    typedef ap_int_base<w, s> integer;
    typedef ap_fixed_base<w, w, s> fixed;
};

// The layout of an operand: width, fractional bits, signedness, number of words.
template <class T>
struct num;

template <int W, bool S>
struct num<ap_int_base<W, S> > {
    static constexpr int w = W;
    static constexpr int f = 0;
    static constexpr bool s = S;
    static constexpr int nw = (W + 63) / 64;
};

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
struct num<ap_fixed_base<W, I, S, Q, O, N> > {
    static constexpr int w = W;
    static constexpr int f = W - I;
    static constexpr bool s = S;
    static constexpr int nw = (W + 63) / 64;
};

// The word of a C integer (or enumerator), extended like the words of the model's own types.
template <class T>
inline word cint_word(T v) {
    typedef typename cint_type<T>::type C;
    return std::is_signed<C>::value ? static_cast<word>(static_cast<long long>(v))
                                    : static_cast<word>(static_cast<unsigned long long>(v));
}

// A shift amount of any C integer type as a long long (huge unsigned amounts saturate, which shifts everything out).
template <class T>
inline long long shift_amount(T n) {
    typedef typename cint_type<T>::type C;
    if (std::is_signed<C>::value) return static_cast<long long>(n);
    unsigned long long u = static_cast<unsigned long long>(n);
    return u > static_cast<unsigned long long>(LLONG_MAX) ? LLONG_MAX : static_cast<long long>(u);
}

}  // namespace ap_host

#endif
