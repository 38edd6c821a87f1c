// Each argument triggers one misuse that the host model must stop on with a message (exit by abort):
// nan, inf, div0, range, literal. "none" runs the same code on valid input and exits 0.
#include <ap_fixed.h>
#include <ap_int.h>

#include <cmath>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const char* what = argv[1];
    bool none = std::strcmp(what, "none") == 0;
    ap_fixed<16, 8> x = none ? 1.5 : (std::strcmp(what, "nan") == 0 ? std::nan("") : 1.5);
    ap_int<8> i = none ? 2.0 : (std::strcmp(what, "inf") == 0 ? HUGE_VAL : 2.0);
    ap_int<8> d = (std::strcmp(what, "div0") == 0) ? 0 : 3;
    ap_int<8> q = i / d;
    int hi = std::strcmp(what, "range") == 0 ? 16 : 15;
    ap_uint<16> bits = x.range(hi, 0);
    ap_uint<16> lit(std::strcmp(what, "literal") == 0 ? "0x12g4" : "0x1234", 16);
    std::printf("%f %d %d %d\n", x.to_double(), static_cast<int>(q), static_cast<int>(bits), static_cast<int>(lit));
    return 0;
}
