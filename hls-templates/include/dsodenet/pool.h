// Global average pooling without a divider: per channel acc = acc + x over the map in row-major order, then
// out = acc * recip, where recip approximates 1/(h*w) in recip_t.
#ifndef DSODENET_POOL_H
#define DSODENET_POOL_H

#include "common.h"

namespace dsodenet {

template <class in_t, class CFG>
void global_avg_pool(const in_t in[CFG::channels * CFG::h * CFG::w], typename CFG::out_t out[CFG::channels],
                     const typename CFG::recip_t recip) {
gap_c:
    for (unsigned c = 0; c < CFG::channels; c++) {
        typename CFG::acc_t acc = 0;
    gap_px:
        for (unsigned p = 0; p < CFG::h * CFG::w; p++) {
#pragma HLS PIPELINE II = 1
            acc = acc + in[c * CFG::h * CFG::w + p];
        }
        out[c] = acc * recip;
    }
}

}  // namespace dsodenet

#endif
