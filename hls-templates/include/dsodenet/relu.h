// ReLU: out = x > 0 ? x : 0, converted to out_t.
#ifndef DSODENET_RELU_H
#define DSODENET_RELU_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void relu(const in_t in[CFG::size], typename CFG::out_t out[CFG::size]) {
relu_i:
    for (unsigned i = 0; i < CFG::size; i++) {
#pragma HLS PIPELINE II = 1
        if (in[i] > 0) {
            out[i] = in[i];
        } else {
            out[i] = 0;
        }
    }
}

}  // namespace dsodenet

#endif
