// Checks the host model's conversion core against the golden vectors (format: fixedpoint/src/test/resources/oracles/
// README.md), read from standard input. Types are only known at run time, so this calls the runtime core that the
// ap_fixed templates call. Usage: golden_driver auto|wide  (auto: the dispatcher with its one-word fast path; wide:
// the multi-word path for every case). Prints each mismatch (up to 20) and a last line "N cases, M mismatches";
// exits 1 on mismatches and 2 on malformed input.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ap_host/core.h"

using ap_host::word;

namespace {

int bad_input(long line, const char* why) {
    std::printf("line %ld: %s\n", line, why);
    return 2;
}

bool parse_int(const char* s, long* v) {
    char* end;
    *v = std::strtol(s, &end, 10);
    return *end == '\0' && end != s;
}

// Reads a W-bit pattern in hex into n words, extended per signedness.
bool parse_raw(const char* hex, int w, bool sgn, word* out, int n) {
    ap_host::set_zero(out, n);
    size_t len = std::strlen(hex);
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++) {
        char c = hex[len - 1 - i];
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else {
            return false;
        }
        long long bit = 4LL * static_cast<long long>(i);
        if (v != 0 && bit + (v >= 8 ? 4 : v >= 4 ? 3 : v >= 2 ? 2 : 1) > w) return false;
        if (v != 0) out[bit / 64] |= static_cast<word>(v) << (bit % 64);
    }
    ap_host::extend(out, n, w, sgn);
    return true;
}

std::string format_raw(const word* a, int w) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (int p = ((w + 3) / 4 - 1) * 4; p >= 0; p -= 4) {
        int v = static_cast<int>((a[p / 64] >> (p % 64)) & 0xf);
        if (p + 4 > w) v &= (1 << (w - p)) - 1;
        if (s.empty() && v == 0) continue;
        s += digits[v];
    }
    return s.empty() ? "0" : s;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || (std::strcmp(argv[1], "auto") != 0 && std::strcmp(argv[1], "wide") != 0)) {
        std::printf("usage: golden_driver auto|wide\n");
        return 2;
    }
    bool wide = std::strcmp(argv[1], "wide") == 0;
    char buf[4096];
    long line = 0;
    long cases = 0;
    long mismatches = 0;
    while (std::fgets(buf, sizeof buf, stdin)) {
        line++;
        size_t len = std::strlen(buf);
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
        if (len == 0 || buf[0] == '#') continue;
        std::string original(buf);
        char* f[16];
        int nf = 0;
        for (char* p = buf; nf < 16;) {
            f[nf++] = p;
            char* c = std::strchr(p, ',');
            if (!c) break;
            *c = '\0';
            p = c + 1;
        }
        bool dbl = std::strcmp(f[0], "dbl") == 0;
        if (!dbl && std::strcmp(f[0], "cast") != 0) return bad_input(line, "unknown kind");
        if (nf != (dbl ? 9 : 12)) return bad_input(line, "wrong number of fields");
        int at = dbl ? 2 : 5;
        long v[6];
        for (int i = 0; i < 6; i++) {
            if (!parse_int(f[at + i], &v[i])) return bad_input(line, "not an integer");
        }
        ap_host::Target t;
        t.sgn = v[0] != 0;
        t.w = static_cast<int>(v[1]);
        t.f = static_cast<int>(v[1] - v[2]);
        t.q = static_cast<int>(v[3]);
        t.o = static_cast<int>(v[4]);
        t.n = static_cast<int>(v[5]);
        if (t.w < 1 || t.w > AP_INT_MAX_W || t.q < 0 || t.q > 6 || t.o < 0 || t.o > 4 || t.n < 0 || t.n > t.w) {
            return bad_input(line, "bad destination type");
        }
        int nd = ap_host::words_for(t.w);
        word expected[ap_host::kMaxWords];
        if (!parse_raw(f[at + 6], t.w, t.sgn, expected, nd)) return bad_input(line, "bad expected raw");
        word got[ap_host::kMaxWords];
        if (dbl) {
            char* end;
            unsigned long long bits = std::strtoull(f[1], &end, 16);
            if (*end != '\0') return bad_input(line, "bad double bits");
            double d;
            std::memcpy(&d, &bits, sizeof d);
            word man;
            long long frac;
            if (!ap_host::double_parts(d, &man, &frac)) {
                ap_host::set_zero(got, nd);
            } else if (wide) {
                ap_host::convert_wide(&man, 1, true, 54, frac, t, got);
            } else {
                ap_host::convert_double(d, t, got);
            }
        } else {
            long sv[3];
            for (int i = 0; i < 3; i++) {
                if (!parse_int(f[1 + i], &sv[i])) return bad_input(line, "not an integer");
            }
            bool ssgn = sv[0] != 0;
            int sw = static_cast<int>(sv[1]);
            if (sw < 1 || sw > AP_INT_MAX_W) return bad_input(line, "bad source width");
            int ns = ap_host::words_for(sw);
            word src[ap_host::kMaxWords];
            if (!parse_raw(f[4], sw, ssgn, src, ns)) return bad_input(line, "bad source raw");
            long long sf = sv[1] - sv[2];
            if (wide) {
                ap_host::convert_wide(src, ns, ssgn, sw, sf, t, got);
            } else {
                ap_host::convert(src, ns, ssgn, sw, sf, t, got);
            }
        }
        cases++;
        bool same = true;
        for (int i = 0; i < nd; i++) same = same && got[i] == expected[i];
        if (!same) {
            mismatches++;
            if (mismatches <= 20) {
                std::printf("MISMATCH line %ld: %s -> got %s\n", line, original.c_str(), format_raw(got, t.w).c_str());
            }
        }
    }
    std::printf("%ld cases, %ld mismatches\n", cases, mismatches);
    return mismatches == 0 ? 0 : 1;
}
