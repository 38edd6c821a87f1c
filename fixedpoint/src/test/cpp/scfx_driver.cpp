// Differential-test driver: evaluates fixed-point operations with SystemC's sc_fix/sc_ufix (runtime types), one
// request per input line, one answer per output line. Used by fixedpoint's SystemcDifferentialTest; see
// fixedpoint/SYSTEMC.md.
//
// A type is six tokens: signed(0|1) W I Q O N, where Q and O are the ap_q_mode / ap_o_mode indices
// (the order of the golden files; mapped explicitly below). Raw values are W-bit patterns in hex.
//
//   cast T raw D                  -> ok <D raw>                       d = x
//   dbl bits D                    -> ok <D raw>                       d = double(bits)
//   add|sub|mul A ra B rb R D     -> ok <R raw> <D raw> <exact 0|1>   r = a op b; d = r; exact: r == a op b
//   shl|shr T raw n D             -> ok <T raw> <D raw> <D raw>       t = x (modes TRN/WRAP), t <<= n; d = t;
//                                                                      and d2 = x << n (exact value) for the last
//   todouble T raw                -> ok <16 hex digits of the double's bits>
// Errors (SystemC reports, bad lines) answer "err <message>" and the driver goes on with the next line.
#define SC_INCLUDE_FX
#include <systemc.h>

#include <cstdint>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Type {
    bool is_signed;
    int w;
    int i;
    sc_dt::sc_q_mode q;
    sc_dt::sc_o_mode o;
    int n;
};

sc_dt::sc_q_mode quant_mode(int index) {
    switch (index) {
        case 0: return sc_dt::SC_RND;          // AP_RND
        case 1: return sc_dt::SC_RND_ZERO;     // AP_RND_ZERO
        case 2: return sc_dt::SC_RND_MIN_INF;  // AP_RND_MIN_INF
        case 3: return sc_dt::SC_RND_INF;      // AP_RND_INF
        case 4: return sc_dt::SC_RND_CONV;     // AP_RND_CONV
        case 5: return sc_dt::SC_TRN;          // AP_TRN
        case 6: return sc_dt::SC_TRN_ZERO;     // AP_TRN_ZERO
        default: throw std::invalid_argument("quantization index out of range");
    }
}

sc_dt::sc_o_mode overflow_mode(int index) {
    switch (index) {
        case 0: return sc_dt::SC_SAT;       // AP_SAT
        case 1: return sc_dt::SC_SAT_ZERO;  // AP_SAT_ZERO
        case 2: return sc_dt::SC_SAT_SYM;   // AP_SAT_SYM
        case 3: return sc_dt::SC_WRAP;      // AP_WRAP
        case 4: return sc_dt::SC_WRAP_SM;   // AP_WRAP_SM
        default: throw std::invalid_argument("overflow index out of range");
    }
}

Type read_type(std::istream& in) {
    int s, w, i, q, o, n;
    if (!(in >> s >> w >> i >> q >> o >> n)) {
        throw std::invalid_argument("expected a type: signed W I Q O N");
    }
    if (w < 1) {
        throw std::invalid_argument("W must be at least 1");
    }
    return Type{s != 0, w, i, quant_mode(q), overflow_mode(o), n};
}

// Plain variant of a type: what ap_fixed's operators return, and what holds a raw pattern without applying modes.
Type plain(const Type& t) {
    return Type{t.is_signed, t.w, t.i, sc_dt::SC_TRN, sc_dt::SC_WRAP, 0};
}

// A variable of a runtime type. sc_fxnum's destructor is protected, so the variable owns the concrete class.
class Var {
public:
    explicit Var(const Type& t) {
        // The cast switch stays on (the default): assignments quantize and overflow with the type's modes.
        if (t.is_signed) {
            s_.reset(new sc_dt::sc_fix(t.w, t.i, t.q, t.o, t.n));
        } else {
            u_.reset(new sc_dt::sc_ufix(t.w, t.i, t.q, t.o, t.n));
        }
    }
    sc_dt::sc_fxnum& operator*() { return s_ ? static_cast<sc_dt::sc_fxnum&>(*s_) : *u_; }

private:
    std::unique_ptr<sc_dt::sc_fix> s_;
    std::unique_ptr<sc_dt::sc_ufix> u_;
};

std::unique_ptr<Var> make(const Type& t) {
    return std::unique_ptr<Var>(new Var(t));
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("raw is not hexadecimal");
}

// A variable of the plain version of t holding the W-bit pattern given in hex.
std::unique_ptr<Var> from_raw(const Type& t, const std::string& hex) {
    std::unique_ptr<Var> x = make(plain(t));
    **x = 0;
    const int digits = static_cast<int>(hex.size());
    if (digits == 0) {
        throw std::invalid_argument("empty raw");
    }
    for (int k = 0; k < digits; ++k) {
        int d = hex_digit(hex[digits - 1 - k]);
        for (int b = 0; b < 4; ++b) {
            int bit = 4 * k + b;
            bool one = (d >> b) & 1;
            if (bit >= t.w) {
                if (one) throw std::invalid_argument("raw does not fit W bits");
                continue;
            }
            (**x)[bit] = one;
        }
    }
    return x;
}

std::string to_raw(const sc_dt::sc_fxnum& x) {
    const int w = x.wl();
    std::string out;
    for (int k = (w + 3) / 4 - 1; k >= 0; --k) {
        int d = 0;
        for (int b = 3; b >= 0; --b) {
            int bit = 4 * k + b;
            d = d * 2 + ((bit < w && x[bit]) ? 1 : 0);
        }
        if (out.empty() && d == 0 && k > 0) {
            continue;  // drop leading zeros, as the golden files do
        }
        out.push_back("0123456789abcdef"[d]);
    }
    return out;
}

std::string double_bits(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(bits));
    return buf;
}

std::string next_token(std::istream& in, const char* what) {
    std::string s;
    if (!(in >> s)) {
        throw std::invalid_argument(std::string("missing ") + what);
    }
    return s;
}

std::string evaluate(const std::string& line) {
    std::istringstream in(line);
    std::string op = next_token(in, "operation");
    if (op == "cast") {
        Type st = read_type(in);
        std::string raw = next_token(in, "raw");
        Type dt = read_type(in);
        std::unique_ptr<Var> x = from_raw(st, raw);
        std::unique_ptr<Var> d = make(dt);
        **d = **x;
        return to_raw(**d);
    }
    if (op == "dbl") {
        std::string hex = next_token(in, "double bits");
        std::uint64_t bits = std::stoull(hex, nullptr, 16);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        Type dt = read_type(in);
        std::unique_ptr<Var> d = make(dt);
        **d = v;
        return to_raw(**d);
    }
    if (op == "add" || op == "sub" || op == "mul") {
        Type at = read_type(in);
        std::string ra = next_token(in, "raw a");
        Type bt = read_type(in);
        std::string rb = next_token(in, "raw b");
        Type rt = read_type(in);
        Type dt = read_type(in);
        std::unique_ptr<Var> a = from_raw(at, ra);
        std::unique_ptr<Var> b = from_raw(bt, rb);
        // sc_fxval arithmetic is exact for +, - and *; r is the ap_fixed result type given by the caller.
        sc_dt::sc_fxval exact = op == "add" ? **a + **b : op == "sub" ? **a - **b : **a * **b;
        std::unique_ptr<Var> r = make(plain(rt));
        **r = exact;
        std::unique_ptr<Var> d = make(dt);
        **d = **r;
        bool same = sc_dt::sc_fxval(**r) == exact;
        return to_raw(**r) + " " + to_raw(**d) + " " + (same ? "1" : "0");
    }
    if (op == "shl" || op == "shr") {
        Type tt = read_type(in);
        std::string raw = next_token(in, "raw");
        int n;
        if (!(in >> n)) {
            throw std::invalid_argument("missing shift amount");
        }
        Type dt = read_type(in);
        std::unique_ptr<Var> x = from_raw(tt, raw);
        // In place on the plain type: TRN/WRAP make SystemC's shift-assign move bits like ap_fixed's shift.
        std::unique_ptr<Var> t = from_raw(tt, raw);
        if (op == "shl") {
            **t <<= n;
        } else {
            **t >>= n;
        }
        std::unique_ptr<Var> d = make(dt);
        **d = **t;
        std::unique_ptr<Var> d2 = make(dt);
        if (op == "shl") {
            **d2 = **x << n;
        } else {
            **d2 = **x >> n;
        }
        return to_raw(**t) + " " + to_raw(**d) + " " + to_raw(**d2);
    }
    if (op == "todouble") {
        Type tt = read_type(in);
        std::string raw = next_token(in, "raw");
        std::unique_ptr<Var> x = from_raw(tt, raw);
        return double_bits((**x).to_double());
    }
    throw std::invalid_argument("unknown operation " + op);
}

}  // namespace

int sc_main(int, char*[]) {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        try {
            std::string answer = evaluate(line);
            std::cout << "ok " << answer << '\n';
        } catch (const sc_core::sc_report& e) {
            std::string msg = e.what();
            for (char& c : msg) {
                if (c == '\n' || c == '\r') c = ' ';
            }
            std::cout << "err " << msg << '\n';
        } catch (const std::exception& e) {
            std::cout << "err " << e.what() << '\n';
        }
    }
    std::cout.flush();
    return 0;
}
