// Standard k x k convolution. Weights [c_out][c_in][k][k], bias [c_out].
// Reduction order per output (oc, oy, ox): ic, then ky, then kx; padding taps are skipped.
#ifndef DSODENET_CONV2D_H
#define DSODENET_CONV2D_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void conv2d(const in_t in[CFG::c_in * CFG::h_in * CFG::w_in],
            typename CFG::out_t out[CFG::c_out * CFG::h_out * CFG::w_out],
            const typename CFG::weight_t weights[CFG::c_out * CFG::c_in * CFG::k * CFG::k],
            const typename CFG::bias_t bias[CFG::c_out]) {
conv_oc:
    for (unsigned oc = 0; oc < CFG::c_out; oc++) {
    conv_oy:
        for (unsigned oy = 0; oy < CFG::h_out; oy++) {
        conv_ox:
            for (unsigned ox = 0; ox < CFG::w_out; ox++) {
#pragma HLS PIPELINE II = CFG::ii
                typename CFG::acc_t acc = 0;
                if (CFG::has_bias) acc = bias[oc];
            conv_ic:
                for (unsigned ic = 0; ic < CFG::c_in; ic++) {
                conv_ky:
                    for (unsigned ky = 0; ky < CFG::k; ky++) {
                    conv_kx:
                        for (unsigned kx = 0; kx < CFG::k; kx++) {
                            const int iy = int(oy * CFG::stride + ky) - int(CFG::pad);
                            const int ix = int(ox * CFG::stride + kx) - int(CFG::pad);
                            if (iy >= 0 && iy < int(CFG::h_in) && ix >= 0 && ix < int(CFG::w_in)) {
                                acc = acc + in[(ic * CFG::h_in + iy) * CFG::w_in + ix] *
                                                weights[((oc * CFG::c_in + ic) * CFG::k + ky) * CFG::k + kx];
                            }
                        }
                    }
                }
                out[(oc * CFG::h_out + oy) * CFG::w_out + ox] = acc;
            }
        }
    }
}

}  // namespace dsodenet

#endif
