// Raw-pattern input and output for the C++ test programs, written against the public ap_fixed/ap_int API only
// (range(), to_uint64(), the string constructor) so the same programs build with the host model and with Xilinx's
// headers.
#ifndef DSODENET_TEST_AP_IO_H
#define DSODENET_TEST_AP_IO_H

#include <ap_fixed.h>
#include <ap_int.h>

#include <cstdio>
#include <cstring>

namespace ap_io {

// Loads a W-bit pattern given in hex with a 0x prefix.
template <class T>
void load(T& v, const char* hex) {
    ap_uint<T::width> u(hex, 16);
    v.range(T::width - 1, 0) = u;
}

// Prints " <pattern in hex>" (64-bit chunks, most significant first, leading zeros of the top chunk dropped).
template <class T>
void put(const T& v) {
    const int w = T::width;
    const int top = ((w - 1) / 64) * 64;
    for (int lo = top; lo >= 0; lo -= 64) {
        int hi = lo + 63 < w - 1 ? lo + 63 : w - 1;
        unsigned long long c = v.range(hi, lo).to_uint64();
        std::printf(lo == top ? " %llx" : "%016llx", c);
    }
}

// Prints " W I signed" of a fixed-point type.
template <class T>
void put_type() {
    T msb_only = 0;
    msb_only.range(T::width - 1, T::width - 1) = 1;
    std::printf(" %d %d %d", T::width, T::iwidth, msb_only < 0 ? 1 : 0);
}

inline void put_double_bits(double d) {
    unsigned long long b;
    std::memcpy(&b, &d, sizeof b);
    std::printf(" %llx", b);
}

inline void put_float_bits(float f) {
    unsigned int b;
    std::memcpy(&b, &f, sizeof b);
    std::printf(" %x", b);
}

}  // namespace ap_io

#endif
