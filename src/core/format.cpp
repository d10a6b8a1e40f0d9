#include "gcd_mpi/core/format.hpp"


namespace gcd_mpi {

std::string_view format_name(OutputFormat f) noexcept {
    switch (f) {
        case OutputFormat::text: return "text";
        case OutputFormat::csv: return "csv";
        case OutputFormat::jsonl: return "jsonl";
    }
    return "?";
}

std::optional<OutputFormat> format_from_name(std::string_view name) noexcept {
    for (auto f : {OutputFormat::text, OutputFormat::csv, OutputFormat::jsonl}) {
        if (format_name(f) == name) return f;
    }
    return std::nullopt;
}

void append_header(std::string& out, OutputFormat f) {
    if (f == OutputFormat::csv) out += "a,b,gcd\n";
}

namespace {
// Writes v in decimal at p and returns the end. Two digits per step from a
// table, as in libstdc++'s to_chars, but without its length pre-pass.
char* write_u64(char* p, std::uint64_t v) noexcept {
    static constexpr char digits[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char buf[20];
    char* end = buf + sizeof buf;
    char* q = end;
    while (v >= 100) {
        const auto two = static_cast<std::size_t>(v % 100) * 2;
        v /= 100;
        *--q = digits[two + 1];
        *--q = digits[two];
    }
    if (v >= 10) {
        const auto two = static_cast<std::size_t>(v) * 2;
        *--q = digits[two + 1];
        *--q = digits[two];
    } else {
        *--q = static_cast<char>('0' + v);
    }
    const auto n = static_cast<std::size_t>(end - q);
    for (std::size_t i = 0; i < n; ++i) p[i] = q[i];
    return p + n;
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
