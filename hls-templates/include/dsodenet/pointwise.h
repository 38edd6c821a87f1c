// Pointwise 1 x 1 convolution. Weights [c_out][c_in], bias [c_out]. Reduction over ic in order.
#ifndef DSODENET_POINTWISE_H
#define DSODENET_POINTWISE_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void pointwise_conv2d(const in_t in[CFG::c_in * CFG::h * CFG::w],
                      typename CFG::out_t out[CFG::c_out * CFG::h * CFG::w],
                      const typename CFG::weight_t weights[CFG::c_out * CFG::c_in],
                      const typename CFG::bias_t bias[CFG::c_out]) {
pw_oc:
    for (unsigned oc = 0; oc < CFG::c_out; oc++) {
    pw_px:
        for (unsigned p = 0; p < CFG::h * CFG::w; p++) {
#pragma HLS PIPELINE II = CFG::ii
            typename CFG::acc_t acc = 0;
            if (CFG::has_bias) acc = bias[oc];
        pw_ic:
            for (unsigned ic = 0; ic < CFG::c_in; ic++) {
                acc = acc + in[ic * CFG::h * CFG::w + p] * weights[oc * CFG::c_in + ic];
            }
            out[oc * CFG::h * CFG::w + p] = acc;
        }
    }
}

}  // namespace dsodenet

#endif
