// dsodenet testbench support (C simulation only, never synthesized).
//
// The generated top function calls DSODENET_TRACE(layer, step, array, n) after every layer (and after every layer
// and Euler update inside an ODE step). In C simulation that lands in check() below, which compares each value with
// the value the Java fixed-point forward produced, using the ap_fixed == operator on values loaded from exact raw
// bit patterns. The expected values come from a text file written by dsodenet (format "dsodenet-tb 1"):
//
//   dsodenet-tb 1
//   image <index>
//   input <n> <hex> ...                 raw bit patterns of the network input, W bits, lower-case hex
//   expect <layer> <step> <n> <hex> ... one line per traced array, in call order; step is -1 outside ODE steps
//   end
//
// Raw patterns are two's complement in the type's W bits, so a pattern and its type fully determine a value.
#ifndef DSODENET_TB_H
#define DSODENET_TB_H

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dsodenet_tb {

struct Record {
    std::string layer;
    int step;
    std::vector<std::string> hex;
};

struct Image {
    int index;
    std::vector<std::string> input;
    std::vector<Record> expected;
};

struct State {
    const Image *image = 0;
    size_t next = 0;
    long compared = 0;
    long mismatches = 0;
    bool reported = false;
};

inline State &state() {
    static State s;
    return s;
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Raw bits of v as W-bit lower-case hex, most significant digit first.
template <class T>
std::string to_hex(const T &v) {
    const int w = T::width;
    std::string s;
    for (int d = (w + 3) / 4 - 1; d >= 0; d--) {
        int nib = 0;
        for (int b = 3; b >= 0; b--) {
            const int bit = 4 * d + b;
            nib = (nib << 1) | ((bit < w && v[bit]) ? 1 : 0);
        }
        s += "0123456789abcdef"[nib];
    }
    return s;
}

// Loads a raw bit pattern into v; false when the text is not hex or does not fit in W bits.
template <class T>
bool from_hex(const std::string &s, T &v) {
    const int w = T::width;
    if (s.empty()) return false;
    v = 0;
    const int n = (int)s.size();
    for (int i = 0; i < n; i++) {
        const int nib = hex_digit(s[n - 1 - i]);
        if (nib < 0) return false;
        for (int b = 0; b < 4; b++) {
            const int bit = 4 * i + b;
            const bool one = ((nib >> b) & 1) != 0;
            if (bit < w) {
                v[bit] = one;
            } else if (one) {
                return false;
            }
        }
    }
    return true;
}

inline bool fail(const std::string &msg) {
    std::printf("ERROR %s\n", msg.c_str());
    return false;
}

inline bool read_words(std::istringstream &line, size_t n, std::vector<std::string> &out) {
    out.resize(n);
    for (size_t i = 0; i < n; i++) {
        if (!(line >> out[i])) return false;
    }
    std::string extra;
    return !(line >> extra);
}

// Reads the whole data file; on a malformed file prints one ERROR line and returns false.
inline bool load(const char *path, std::vector<Image> &images) {
    std::ifstream in(path);
    if (!in) return fail(std::string("cannot open testbench data ") + path);
    std::string text;
    if (!std::getline(in, text) || text != "dsodenet-tb 1") return fail(std::string(path) + ": not a dsodenet-tb 1 file");
    long lineNo = 1;
    bool ended = false;
    while (std::getline(in, text)) {
        lineNo++;
        std::istringstream line(text);
        std::string kind;
        if (!(line >> kind)) continue;
        std::ostringstream where;
        where << path << ":" << lineNo;
        if (kind == "image") {
            Image im;
            if (!(line >> im.index)) return fail(where.str() + ": bad image line");
            images.push_back(im);
        } else if (kind == "input" || kind == "expect") {
            if (images.empty()) return fail(where.str() + ": data before the first image line");
            Record r;
            size_t n = 0;
            if (kind == "expect" && !(line >> r.layer >> r.step)) return fail(where.str() + ": bad expect line");
            if (!(line >> n) || !read_words(line, n, r.hex)) return fail(where.str() + ": wrong value count");
            if (kind == "input") {
                images.back().input = r.hex;
            } else {
                images.back().expected.push_back(r);
            }
        } else if (kind == "end") {
            ended = true;
        } else {
            return fail(where.str() + ": unknown line kind " + kind);
        }
    }
    if (!ended) return fail(std::string(path) + ": truncated (no end line)");
    return true;
}

// Compares one traced array with the next expected record of the current image.
template <class T>
void check(const char *layer, int step, const T *a, unsigned n) {
    State &st = state();
    if (st.image == 0) return;
    if (st.next >= st.image->expected.size()) {
        st.mismatches++;
        if (!st.reported) {
            std::printf("MISMATCH image %d: unexpected trace of layer %s step %d\n", st.image->index, layer, step);
            st.reported = true;
        }
        return;
    }
    const Record &r = st.image->expected[st.next++];
    if (r.layer != layer || r.step != step || r.hex.size() != n) {
        st.mismatches++;
        if (!st.reported) {
            std::printf("MISMATCH image %d: traced %s step %d (%u values), expected %s step %d (%u values)\n",
                        st.image->index, layer, step, n, r.layer.c_str(), r.step, (unsigned)r.hex.size());
            st.reported = true;
        }
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        T e;
        st.compared++;
        if (!from_hex(r.hex[i], e) || !(a[i] == e)) {
            st.mismatches++;
            if (!st.reported) {
                std::printf("MISMATCH image %d layer %s step %d index %u: hls %s (%.17g) java %s\n", st.image->index,
                            layer, step, i, to_hex(a[i]).c_str(), a[i].to_double(), r.hex[i].c_str());
                st.reported = true;
            }
        }
    }
}

// Starts comparing against one image's records. With output_only (RTL co-simulation, where the layers inside the
// design cannot be traced) only the last record, the top function's output, is compared.
inline void begin(const Image &im, bool output_only) {
    state().image = &im;
    state().next = output_only && !im.expected.empty() ? im.expected.size() - 1 : 0;
}

// Every expected record must have been traced.
inline void finish() {
    State &st = state();
    if (st.image != 0 && st.next != st.image->expected.size()) {
        st.mismatches++;
        if (!st.reported) {
            std::printf("MISMATCH image %d: %u traced arrays, expected %u\n", st.image->index, (unsigned)st.next,
                        (unsigned)st.image->expected.size());
            st.reported = true;
        }
    }
    st.image = 0;
}

}  // namespace dsodenet_tb

#define DSODENET_TRACE(layer, step, array, n) dsodenet_tb::check(layer, step, array, n)

#endif
