// Host model of the Vitis HLS arbitrary-precision integer and fixed-point types (ap_int, ap_uint, ap_fixed,
// ap_ufixed) for compiling and running HLS C++ with a plain C++14 compiler where Vitis is not installed.
// An independent implementation of fixedpoint/SEMANTICS.md; see ap_host/README.md for what it covers.
#ifndef AP_HOST_AP_INT_H
#define AP_HOST_AP_INT_H

#include "ap_host/ops.h"

#endif
