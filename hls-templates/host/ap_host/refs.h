// dsodenet host model: references to a bit range and to one bit of a value (x.range(hi, lo), x[i]).
// Reading a range gives its bits as an unsigned integer; writing stores the low bits of the assigned value's raw
// pattern (integers are read in two's complement) and leaves the other bits alone.
#ifndef AP_HOST_REFS_H
#define AP_HOST_REFS_H

#include "traits.h"

namespace ap_host {

class range_ref {
   public:
    range_ref(word* p, int nw, int w, bool sgn, int hi, int lo) : p_(p), nw_(nw), w_(w), sgn_(sgn), hi_(hi), lo_(lo) {
        if (lo < 0 || hi >= w || hi < lo) fail("range(hi, lo) needs 0 <= lo <= hi < W (reversed ranges are not modelled)");
    }

    int length() const { return hi_ - lo_ + 1; }

    // The range as an unsigned value in n words.
    void get(word* out, int n) const { extract_bits(p_, nw_, sgn_, lo_, length(), out, n); }

    unsigned long long to_uint64() const {
        word v;
        get(&v, 1);
        return v;
    }
    long long to_int64() const { return static_cast<long long>(to_uint64()); }
    unsigned to_uint() const { return static_cast<unsigned>(to_uint64()); }
    int to_int() const { return static_cast<int>(to_uint64()); }
    operator unsigned long long() const { return to_uint64(); }

    // Stores the low length() bits of the extended value a[0..na).
    void set(const word* a, int na, bool sgn) {
        insert_bits(p_, lo_, length(), a, na, sgn);
        extend(p_, nw_, w_, sgn_);
    }

    template <class T>
    typename std::enable_if<is_cint<T>::value, range_ref&>::type operator=(T v) {
        word x = cint_word(v);
        set(&x, 1, cint<T>::s);
        return *this;
    }

    template <int W2, bool S2>
    range_ref& operator=(const ap_int_base<W2, S2>& v) {
        set(v.ap_words_, num<ap_int_base<W2, S2> >::nw, S2);
        return *this;
    }

    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
    range_ref& operator=(const ap_fixed_base<W2, I2, S2, Q2, O2, N2>& v) {
        set(v.ap_words_, num<ap_fixed_base<W2, I2, S2, Q2, O2, N2> >::nw, S2);
        return *this;
    }

    range_ref& operator=(const range_ref& v) {
        word tmp[kMaxWords];
        int n = words_for(v.length());
        v.get(tmp, n);
        set(tmp, n, false);
        return *this;
    }

    // A literal for the whole owner width, as Xilinx reads it (see parse_integer), then its low bits.
    range_ref& operator=(const char* s) {
        word tmp[kMaxWords];
        int n = words_for(w_);
        if (!parse_integer(s, 0, tmp, n, w_, false)) fail("malformed integer literal assigned to a range");
        set(tmp, n, false);
        return *this;
    }

   private:
    word* p_;
    int nw_;
    int w_;
    bool sgn_;
    int hi_;
    int lo_;
};

class bit_ref {
   public:
    bit_ref(word* p, int nw, int w, bool sgn, int i) : p_(p), nw_(nw), w_(w), sgn_(sgn), i_(i) {
        if (i < 0 || i >= w) fail("bit index out of range");
    }

    operator bool() const { return get_bit(p_, i_); }

    bit_ref& operator=(bool v) {
        set_bit(p_, i_, v);
        extend(p_, nw_, w_, sgn_);
        return *this;
    }

    bit_ref& operator=(const bit_ref& v) { return *this = static_cast<bool>(v); }

    template <class T>
    typename std::enable_if<is_cint<T>::value && !std::is_same<T, bool>::value, bit_ref&>::type operator=(T v) {
        return *this = (v != 0);
    }

   private:
    word* p_;
    int nw_;
    int w_;
    bool sgn_;
    int i_;
};

}  // namespace ap_host

#endif
