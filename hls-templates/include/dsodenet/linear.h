// Fully connected layer over the flattened input. Weights [n_out][n_in], bias [n_out]. Reduction over the input
// index in order.
#ifndef DSODENET_LINEAR_H
#define DSODENET_LINEAR_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void linear(const in_t in[CFG::n_in], typename CFG::out_t out[CFG::n_out],
            const typename CFG::weight_t weights[CFG::n_out * CFG::n_in], const typename CFG::bias_t bias[CFG::n_out]) {
fc_o:
    for (unsigned o = 0; o < CFG::n_out; o++) {
        typename CFG::acc_t acc = 0;
        if (CFG::has_bias) acc = bias[o];
    fc_i:
        for (unsigned i = 0; i < CFG::n_in; i++) {
#pragma HLS PIPELINE II = 1
            acc = acc + in[i] * weights[o * CFG::n_in + i];
        }
        out[o] = acc;
    }
}

}  // namespace dsodenet

#endif
