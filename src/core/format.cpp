#include "gcd_mpi/core/format.hpp"

#include <charconv>

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
void append_u64(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}
}  // namespace

void append_value(std::string& out, const SignedValue& v) {
    if (v.negative && v.magnitude != 0) out += '-';
    append_u64(out, v.magnitude);
}

void append_result(std::string& out, OutputFormat f, const InputPair& pair, std::uint64_t gcd) {
    switch (f) {
        case OutputFormat::text:
            append_value(out, pair.a);
            out += ' ';
            append_value(out, pair.b);
            out += ' ';
            append_u64(out, gcd);
            break;
        case OutputFormat::csv:
            append_value(out, pair.a);
            out += ',';
            append_value(out, pair.b);
            out += ',';
            append_u64(out, gcd);
            break;
        case OutputFormat::jsonl:
            out += "{\"a\":";
            append_value(out, pair.a);
            out += ",\"b\":";
            append_value(out, pair.b);
            out += ",\"gcd\":";
            append_u64(out, gcd);
            out += '}';
            break;
    }
    out += '\n';
}

}  // namespace gcd_mpi
