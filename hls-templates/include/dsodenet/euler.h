// Explicit Euler for ODE blocks. The step loop itself lives in the generated top function so that one on-chip copy
// of the ODE function's weights is reused at every step; these helpers are the per-step pieces.
#ifndef DSODENET_EULER_H
#define DSODENET_EULER_H

#include "common.h"

namespace dsodenet {

// z = state_t(x): the block's entry conversion.
template <class in_t, class state_t, unsigned SIZE>
void ode_enter(const in_t in[SIZE], state_t state[SIZE]) {
ode_enter_i:
    for (unsigned i = 0; i < SIZE; i++) {
#pragma HLS PIPELINE II = 1
        state[i] = in[i];
    }
}

// Copies the state into f's input and, when time_channel is set, appends one channel filled with t_k = k * h: the
// exact product of the step index as ap_uint<32> and h, converted to state_t once (the state occupies the first SIZE
// values, the time channel the next PLANE values). Computing t here, not in the caller, pins its source type, which
// the conversion's AP_SAT_SYM and AP_WRAP_SM rules depend on.
template <class state_t, class h_t, unsigned SIZE, unsigned PLANE, bool time_channel>
void ode_f_input(const state_t state[SIZE], state_t f_in[SIZE + (time_channel ? PLANE : 0)], const unsigned k,
                 const h_t h) {
ode_fin_i:
    for (unsigned i = 0; i < SIZE; i++) {
#pragma HLS PIPELINE II = 1
        f_in[i] = state[i];
    }
    if (time_channel) {
        const ap_uint<32> step = k;
        const state_t tv = step * h;
    ode_fin_t:
        for (unsigned i = 0; i < PLANE; i++) {
#pragma HLS PIPELINE II = 1
            f_in[SIZE + i] = tv;
        }
    }
}

// z = z + f(z) * h: the product and the sum are exact, the assignment converts to state_t.
template <class state_t, class f_t, class h_t, unsigned SIZE>
void euler_update(state_t state[SIZE], const f_t f_out[SIZE], const h_t h) {
euler_i:
    for (unsigned i = 0; i < SIZE; i++) {
#pragma HLS PIPELINE II = 1
        state[i] = state[i] + f_out[i] * h;
    }
}

}  // namespace dsodenet

#endif
