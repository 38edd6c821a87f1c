// Inference batch norm as a per-channel affine map: out = x * scale[c] + shift[c]; product and sum exact, one
// conversion to out_t.
#ifndef DSODENET_BATCHNORM_H
#define DSODENET_BATCHNORM_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void batchnorm(const in_t in[CFG::channels * CFG::h * CFG::w], typename CFG::out_t out[CFG::channels * CFG::h * CFG::w],
               const typename CFG::scale_t scale[CFG::channels], const typename CFG::shift_t shift[CFG::channels]) {
bn_c:
    for (unsigned c = 0; c < CFG::channels; c++) {
    bn_px:
        for (unsigned p = 0; p < CFG::h * CFG::w; p++) {
#pragma HLS PIPELINE II = 1
            out[c * CFG::h * CFG::w + p] = in[c * CFG::h * CFG::w + p] * scale[c] + shift[c];
        }
    }
}

}  // namespace dsodenet

#endif
