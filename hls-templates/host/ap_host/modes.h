// dsodenet host model: the quantization and overflow modes, with the names and order of Vitis HLS.
#ifndef AP_HOST_MODES_H
#define AP_HOST_MODES_H

#ifndef AP_INT_MAX_W
#define AP_INT_MAX_W 1024
#endif

enum ap_q_mode {
    AP_RND,          // round to nearest, ties toward plus infinity
    AP_RND_ZERO,     // round to nearest, ties toward zero
    AP_RND_MIN_INF,  // round to nearest, ties toward minus infinity
    AP_RND_INF,      // round to nearest, ties away from zero
    AP_RND_CONV,     // round to nearest, ties to even
    AP_TRN,          // truncate toward minus infinity
    AP_TRN_ZERO      // truncate toward zero
};

enum ap_o_mode {
    AP_SAT,       // saturate to min or max
    AP_SAT_ZERO,  // zero on overflow
    AP_SAT_SYM,   // saturate to the symmetric range [-max, max]
    AP_WRAP,      // wrap around, with N saturated most significant bits
    AP_WRAP_SM    // sign-magnitude wrap around (signed types only)
};

#endif
