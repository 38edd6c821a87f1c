// dsodenet HLS kernels: shared conventions.
//
// Every kernel is a function template over a configuration struct (hls4ml style) that carries the dimensions and the
// ap_fixed typedefs of one layer instance. Feature maps are flat arrays in CHW order (one sample). The typed
// assignments are written literally as in the Java fixed-point forward (ops.fixed.model): the accumulator starts as
// the bias converted to acc_t, each step is `acc = acc + x * w` (exact product and sum, then conversion to acc_t), and
// the result is assigned to out_t. Reduction orders are fixed and match the Java kernels one to one; loops over
// independent outputs may be pipelined or unrolled freely, but the reduction loops must keep their order.
#ifndef DSODENET_COMMON_H
#define DSODENET_COMMON_H

#include <ap_fixed.h>
#include <ap_int.h>

namespace dsodenet {

// Loads a raw bit pattern into a fixed-point value without any conversion (weights are stored as raw patterns so
// no decimal parsing or rounding can change them).
template <class T, class R>
inline T from_raw(R raw) {
    T v;
    v.range(T::width - 1, 0) = raw;
    return v;
}

}  // namespace dsodenet

#endif
