// Depthwise k x k convolution (groups = channels). Weights [c][k][k], bias [c].
// Reduction order per output (c, oy, ox): ky, then kx; padding taps are skipped.
#ifndef DSODENET_DEPTHWISE_H
#define DSODENET_DEPTHWISE_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void depthwise_conv2d(const in_t in[CFG::channels * CFG::h_in * CFG::w_in],
                      typename CFG::out_t out[CFG::channels * CFG::h_out * CFG::w_out],
                      const typename CFG::weight_t weights[CFG::channels * CFG::k * CFG::k],
                      const typename CFG::bias_t bias[CFG::channels]) {
dw_c:
    for (unsigned c = 0; c < CFG::channels; c++) {
    dw_oy:
        for (unsigned oy = 0; oy < CFG::h_out; oy++) {
        dw_ox:
            for (unsigned ox = 0; ox < CFG::w_out; ox++) {
#pragma HLS PIPELINE II = CFG::ii
                typename CFG::acc_t acc = 0;
                if (CFG::has_bias) acc = bias[c];
            dw_ky:
                for (unsigned ky = 0; ky < CFG::k; ky++) {
                dw_kx:
                    for (unsigned kx = 0; kx < CFG::k; kx++) {
                        const int iy = int(oy * CFG::stride + ky) - int(CFG::pad);
                        const int ix = int(ox * CFG::stride + kx) - int(CFG::pad);
                        if (iy >= 0 && iy < int(CFG::h_in) && ix >= 0 && ix < int(CFG::w_in)) {
                            acc = acc + in[(c * CFG::h_in + iy) * CFG::w_in + ix] *
                                            weights[(c * CFG::k + ky) * CFG::k + kx];
                        }
                    }
                }
                out[(c * CFG::h_out + oy) * CFG::w_out + ox] = acc;
            }
        }
    }
}

}  // namespace dsodenet

#endif
