// Host model of the Vitis HLS fixed-point types; the same model as ap_int.h (each header gives both, as in Vitis).
#ifndef AP_HOST_AP_FIXED_H
#define AP_HOST_AP_FIXED_H

#include "ap_int.h"

#endif
