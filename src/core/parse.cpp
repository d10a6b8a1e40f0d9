#include "gcd_mpi/core/parse.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

#include "gcd_mpi/core/plain_line.hpp"

namespace gcd_mpi {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view strip_comment(std::string_view s) noexcept {
    const auto hash = s.find('#');
    return hash == std::string_view::npos ? s : s.substr(0, hash);
}

ParsedLine error_line(std::string message) {
    ParsedLine out;
    out.kind = LineKind::error;
    out.error = std::move(message);
    return out;
}

// Parses [+-]digits at s[i...] into v; false (leaving i anywhere) if the text
// there is not a plain in-range integer.
// Eight ASCII digits at p (little-endian load) to their value, in three
// multiply-add steps instead of eight dependent ones.
std::uint64_t eight_digits(const char* p) noexcept {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    chunk -= 0x3030303030303030ULL;
    chunk = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FFULL;
    chunk = (chunk * 100 + (chunk >> 16)) & 0x0000FFFF0000FFFFULL;
    chunk = (chunk * 10000 + (chunk >> 32)) & 0x00000000FFFFFFFFULL;
    return chunk;
}

bool fast_integer(std::string_view s, std::size_t& i, SignedValue& v) noexcept {
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    const std::size_t n = i - start;
    if (n == 0 || n > 20) return false;
    const char* p = s.data() + start;
    std::uint64_t magnitude = 0;
    std::size_t k = 0;
    for (; k < n % 8; ++k) magnitude = magnitude * 10 + static_cast<std::uint64_t>(p[k] - '0');
    for (; k + 8 <= n; k += 8) {
        // Up to 19 digits cannot overflow; a 20-digit value is checked.
        if (__builtin_mul_overflow(magnitude, 100000000U, &magnitude) ||
            __builtin_add_overflow(magnitude, eight_digits(p + k), &magnitude)) {
            return false;
        }
    }
    v.magnitude = magnitude;
    v.negative = negative && magnitude != 0;
    return true;
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// The common case, "a b" or "a,b" with plain spacing, without allocating.
// Anything else (comments, parentheses, errors) goes the general way.
bool parse_plain_pair(std::string_view s, ParsedLine& out) noexcept {
    std::size_t i = 0;
    while (i < s.size() && is_blank(s[i])) ++i;
    if (!fast_integer(s, i, out.a)) return false;
    const std::size_t after_a = i;
    while (i < s.size() && is_blank(s[i])) ++i;
    if (i < s.size() && s[i] == ',') ++i;
    while (i < s.size() && is_blank(s[i])) ++i;
    if (i == after_a) return false;  // no separator at all
    if (!fast_integer(s, i, out.b)) return false;
    while (i < s.size() && (is_blank(s[i]) || s[i] == '\r')) ++i;
    if (i != s.size()) return false;
    out.kind = LineKind::pair;
    return true;
}

}  // namespace

std::string quote_for_message(std::string_view text, std::size_t max_chars) {
    // max_chars bounds what is shown (escapes count in full), so a line of
    // binary garbage gives as short a message as a line of text.
    std::string out = "\"";
    std::size_t shown = 0;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        char piece[8];
        if (c == '"' || c == '\\') {
            piece[0] = '\\';
            piece[1] = ch;
            piece[2] = '\0';
        } else if (c < 0x20 || c >= 0x7f) {
            std::snprintf(piece, sizeof piece, "\\x%02X", c);
        } else {
            piece[0] = ch;
            piece[1] = '\0';
        }
        const std::size_t len = std::strlen(piece);
        if (shown + len > max_chars) {
            out += "...";
            break;
        }
        out += piece;
        shown += len;
    }
    out += '"';
    return out;
}

std::optional<SignedValue> parse_integer(std::string_view token, std::string& why) {
    SignedValue value;
    std::string_view digits = token;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
        value.negative = digits.front() == '-';
        digits.remove_prefix(1);
    }
    if (digits.empty()) {
        why = "stray sign " + quote_for_message(token) + " (a sign must be followed by digits)";
        return std::nullopt;
    }
    std::uint64_t magnitude = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            why = quote_for_message(token) + " is not an integer";
            return std::nullopt;
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (__builtin_mul_overflow(magnitude, 10U, &magnitude) ||
            __builtin_add_overflow(magnitude, digit, &magnitude)) {
            why = quote_for_message(token) + " does not fit in 64 bits (magnitude at most 18446744073709551615)";
            return std::nullopt;
        }
    }
    value.magnitude = magnitude;
    if (magnitude == 0) value.negative = false;  // "-0" is 0
    return value;
}

ParsedLine parse_pair_line(std::string_view raw) {
    ParsedLine plain;
    if (raw.size() < plain_line_window) {
        // parse_plain_line reads a fixed window and wants the '\n'.
        char window[plain_line_window + 1];
        std::memcpy(window, raw.data(), raw.size());
        window[raw.size()] = '\n';
        std::memset(window + raw.size() + 1, 0, plain_line_window - raw.size());
        if (parse_plain_line(window, plain.a, plain.b) == raw.size() + 1) {
            plain.kind = LineKind::pair;
            return plain;
        }
    }
    if (parse_plain_pair(raw, plain)) return plain;
    return parse_pair_line_reference(raw);
}

ParsedLine parse_pair_line_reference(std::string_view raw) {
    std::string_view s = trim(strip_comment(raw));
    if (s.empty()) return {};

    // A Python tuple as pasted from a list: "(a, b)," -- one trailing comma,
    // then one pair of parentheses around the whole.
    std::string_view body = s;
    if (body.back() == ',') body = trim(body.substr(0, body.size() - 1));
    if (!body.empty() && body.front() == '(') {
        if (body.back() != ')') {
            return error_line("unbalanced parenthesis in " + quote_for_message(s));
        }
        body = trim(body.substr(1, body.size() - 2));
    } else if (!body.empty() && body.back() == ')') {
        return error_line("unbalanced parenthesis in " + quote_for_message(s));
    }

    // Split into tokens; between tokens: whitespace and at most one comma.
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    bool leading = true;
    while (i < body.size()) {
        int commas = 0;
        while (i < body.size() && (is_space(body[i]) || body[i] == ',')) {
            commas += body[i] == ',';
            ++i;
        }
        if (commas > 1 || (commas == 1 && (leading || i == body.size()))) {
            return error_line("expected two integers separated by whitespace and/or one comma, found " +
                              quote_for_message(s));
        }
        if (i == body.size()) break;
        const std::size_t start = i;
        while (i < body.size() && !is_space(body[i]) && body[i] != ',') ++i;
        tokens.push_back(body.substr(start, i - start));
        leading = false;
    }

    if (tokens.size() != 2) {
        const char* what = tokens.empty() ? "none" : tokens.size() == 1 ? "one value" : "more than two values";
        return error_line("expected two integers, found " + std::string(what) + ": " + quote_for_message(s));
    }
    ParsedLine out;
    std::string why;
    const auto a = parse_integer(tokens[0], why);
    if (!a) return error_line("expected two integers, found " + quote_for_message(s) + ": " + why);
    const auto b = parse_integer(tokens[1], why);
    if (!b) return error_line("expected two integers, found " + quote_for_message(s) + ": " + why);
    out.kind = LineKind::pair;
    out.a = *a;
    out.b = *b;
    return out;
}

}  // namespace gcd_mpi
