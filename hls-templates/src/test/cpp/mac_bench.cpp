// Speed of the multiply-accumulate pattern of the kernels (acc = acc + x * w, then out = acc) with whichever
// ap_fixed.h is on the include path. Not run by the tests (timings are not asserted); build and run by hand:
//   g++ -std=c++14 -O2 -I hls-templates/host hls-templates/src/test/cpp/mac_bench.cpp -o mac_bench && ./mac_bench
// The checksum must be the same with every implementation of ap_fixed.h.
#include <ap_fixed.h>

#include <chrono>
#include <cstdio>

typedef ap_fixed<16, 6> in_t;
typedef ap_fixed<16, 4> w_t;
typedef ap_fixed<32, 12> acc_t;
typedef ap_fixed<80, 30> wide_acc_t;
typedef ap_fixed<16, 6, AP_RND_CONV, AP_SAT> out_t;

template <class ACC>
double run(const in_t* x, const w_t* w, int reps, double* checksum) {
    auto t0 = std::chrono::steady_clock::now();
    for (int rep = 0; rep < reps; rep++) {
        ACC acc = 0;
        for (int i = 0; i < 1024; i++) acc = acc + x[i] * w[(i + rep) & 1023];
        out_t o = acc;
        *checksum += o.to_double();
    }
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / (reps * 1024.0);
}

int main() {
    static in_t x[1024];
    static w_t w[1024];
    for (int i = 0; i < 1024; i++) {
        x[i] = (i % 37) * 0.13 - 2;
        w[i] = ((i * 7) % 29) * 0.05 - 0.7;
    }
    double sum = 0;
    double narrow = run<acc_t>(x, w, 2000, &sum);
    double wide = run<wide_acc_t>(x, w, 200, &sum);
    std::printf("%.2f ns per MAC (32-bit accumulator), %.2f ns per MAC (80-bit accumulator), checksum %.6f\n", narrow,
                wide, sum);
    return 0;
}
