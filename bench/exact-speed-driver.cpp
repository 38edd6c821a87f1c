// Timing driver of bench/exact-speed.sh: runs an exported project's top function (ROM weights) on the inputs of its
// testbench data, and prints the time per image as this thread's CPU time and wall time, each the median of 5
// samples of at least 1 s after 1 s of warm-up, as "RESULT <run> 1 <cpu us/image> <wall us/image>".
// Built without DSODENET_TB, so the top function's trace hooks compile to nothing, as in synthesis.
// Usage: driver RUN_NAME tb_data.txt
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "dsodenet_top.h"
#include "dsodenet_tb.h"

static double thread_cpu_ns() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double wall_ns() {
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static std::vector<std::vector<input_t> > inputs;
static output_t output[OUT_SIZE];
static volatile int sink;

static void pass() {
    for (size_t n = 0; n < inputs.size(); n++) {
        dsodenet_top(inputs[n].data(), output);
        sink = sink + output[0][0];  // keeps the calls from being optimised away
    }
}

// CPU and wall nanoseconds per pass over at least budget CPU nanoseconds.
static void sample(double budget, double &cpu, double &wall) {
    double c0 = thread_cpu_ns(), w0 = wall_ns(), c;
    long n = 0;
    do {
        pass();
        n++;
        c = thread_cpu_ns();
    } while (c - c0 < budget);
    cpu = (c - c0) / n;
    wall = (wall_ns() - w0) / n;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s RUN_NAME tb_data.txt\n", argv[0]);
        return 2;
    }
    std::vector<dsodenet_tb::Image> images;
    if (!dsodenet_tb::load(argv[2], images) || images.empty()) {
        std::fprintf(stderr, "%s: no images in %s\n", argv[0], argv[2]);
        return 2;
    }
    for (size_t n = 0; n < images.size(); n++) {
        if (images[n].input.size() != IN_SIZE) {
            std::fprintf(stderr, "%s: image %d has %u input values, expected %u\n", argv[0], images[n].index,
                         (unsigned)images[n].input.size(), IN_SIZE);
            return 2;
        }
        std::vector<input_t> x(IN_SIZE);
        for (unsigned i = 0; i < IN_SIZE; i++) {
            if (!dsodenet_tb::from_hex(images[n].input[i], x[i])) {
                std::fprintf(stderr, "%s: image %d: bad input value %s\n", argv[0], images[n].index,
                             images[n].input[i].c_str());
                return 2;
            }
        }
        inputs.push_back(x);
    }
    double cpu, wall;
    sample(1e9, cpu, wall);
    std::vector<double> cpus, walls;
    for (int i = 0; i < 5; i++) {
        sample(1e9, cpu, wall);
        cpus.push_back(cpu);
        walls.push_back(wall);
    }
    std::sort(cpus.begin(), cpus.end());
    std::sort(walls.begin(), walls.end());
    double per = 1e3 * inputs.size();
    std::printf("RESULT %s 1 %.1f %.1f\n", argv[1], cpus[2] / per, walls[2] / per);
    return 0;
}
