#include "gcd_mpi/core/format.hpp"

#include <cstring>

namespace gcd_mpi {

std::string format_choices() { return joined_names(format_table); }

void append_header(std::string& out, OutputFormat f) {
    if (f == OutputFormat::csv) out += "a,b,gcd\n";
}

namespace {
constexpr char two_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Exactly four digits of v < 10^4 (leading zeros kept).
void write4(char* p, std::uint32_t v) noexcept {
    std::memcpy(p, two_digits + 2 * (v / 100), 2);
    std::memcpy(p + 2, two_digits + 2 * (v % 100), 2);
}
// Exactly eight digits of v < 10^8: two independent halves, so the CPU
// works on both at once (a digit-pair loop is one long dependency chain).
void write8(char* p, std::uint32_t v) noexcept {
    write4(p, v / 10000);
    write4(p + 4, v % 10000);
}
// v < 10^4 without leading zeros.
char* write_upto4(char* p, std::uint32_t v) noexcept {
    if (v < 10) {
        *p = static_cast<char>('0' + v);
        return p + 1;
    }
    if (v < 100) {
        std::memcpy(p, two_digits + 2 * v, 2);
        return p + 2;
    }
    if (v < 1000) {
        *p = static_cast<char>('0' + v / 100);
        std::memcpy(p + 1, two_digits + 2 * (v % 100), 2);
        return p + 3;
    }
    write4(p, v);
    return p + 4;
}
// v < 10^8 without leading zeros.
char* write_upto8(char* p, std::uint32_t v) noexcept {
    if (v < 10000) return write_upto4(p, v);
    p = write_upto4(p, v / 10000);
    write4(p, v % 10000);
    return p + 4;
}

// Writes v in decimal at p and returns the end, in blocks of eight digits.
// gcd_mpi_bench_kernels format/random64 (a text line of three random 64-bit
// values): 87 ns a line with a digit pair per step, 42 ns with this.
char* write_u64(char* p, std::uint64_t v) noexcept {
    constexpr std::uint64_t e8 = 100000000;
    if (v < e8) return write_upto8(p, static_cast<std::uint32_t>(v));
    if (v < e8 * e8) {
        p = write_upto8(p, static_cast<std::uint32_t>(v / e8));
        write8(p, static_cast<std::uint32_t>(v % e8));
        return p + 8;
    }
    const std::uint64_t low16 = v % (e8 * e8);
    p = write_upto4(p, static_cast<std::uint32_t>(v / (e8 * e8)));  // <= 1844
    write8(p, static_cast<std::uint32_t>(low16 / e8));
    write8(p + 8, static_cast<std::uint32_t>(low16 % e8));
    return p + 16;
}

char* write_value(char* p, const SignedValue& v) noexcept {
    if (v.negative && v.magnitude != 0) *p++ = '-';
    return write_u64(p, v.magnitude);
}

char* write_literal(char* p, std::string_view s) noexcept {
    for (char c : s) *p++ = c;
    return p;
}
}  // namespace

void append_value(std::string& out, const SignedValue& v) {
    char buf[24];
    out.append(buf, write_value(buf, v));
}

void append_result(std::string& out, OutputFormat f, const InputPair& pair, std::uint64_t gcd) {
    // Longest line: jsonl with two signed 20-digit values and a gcd, < 96 bytes.
    char buf[96];
    char* p = buf;
    switch (f) {
        case OutputFormat::text:
        case OutputFormat::csv: {
            const char sep = f == OutputFormat::text ? ' ' : ',';
            p = write_value(p, pair.a);
            *p++ = sep;
            p = write_value(p, pair.b);
            *p++ = sep;
            p = write_u64(p, gcd);
            break;
        }
        case OutputFormat::jsonl:
            p = write_literal(p, "{\"a\":");
            p = write_value(p, pair.a);
            p = write_literal(p, ",\"b\":");
            p = write_value(p, pair.b);
            p = write_literal(p, ",\"gcd\":");
            p = write_u64(p, gcd);
            *p++ = '}';
            break;
    }
    *p++ = '\n';
    out.append(buf, p);
}

}  // namespace gcd_mpi
