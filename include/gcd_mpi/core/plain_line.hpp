#pragma once
/// The readers' fast path for the common line, "digits SP digits\n".
///
/// parse_plain_line accepts a strict subset of the pairs grammar (parse.hpp):
/// two unsigned integers of 1 to 20 digits (leading zeros allowed) that fit
/// in 64 bits, separated by one space, tab or comma, ended by "\n" or "\r\n".
/// For such a line it gives the values parse_pair_line gives; anything else
/// (signs, more spacing, parentheses, comments, errors) returns 0 and goes
/// the general way, so the grammar and every message stay the general
/// parser's. Inline because PairReader::read_batch runs it once a line: the
/// call alone was a tenth of the line's time.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// Bytes from a line's start that parse_plain_line may read, whatever the
/// line holds: 21 for a 20-digit value and its separator, then 24 for the
/// second value's three eight-byte loads.
inline constexpr std::size_t plain_line_window = 48;

namespace plain_line_detail {

static_assert(std::endian::native == std::endian::little, "the digit code reads eight bytes little-endian");

constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t ascii_zeros = 0x30 * ones;
constexpr std::uint64_t pow10[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

inline std::uint64_t load8(const char* p) noexcept {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    return x;
}

// A byte's high nibble is non-zero where x holds something other than an
// ASCII digit ('0'-'9': high nibble 3, and still 3 after adding 6). Exact up
// to the first such byte: only a byte >= 0xFA carries, into later bytes.
inline std::uint64_t non_digits(std::uint64_t x) noexcept {
    constexpr std::uint64_t high = 0xF0 * ones;
    return ((x & high) ^ ascii_zeros) | (((x + 6 * ones) & high) ^ ascii_zeros);
}

// Leading digits of x: 0-8.
inline unsigned digit_count(std::uint64_t non_digit_mask) noexcept {
    return static_cast<unsigned>(std::countr_zero(non_digit_mask)) / 8;
}

// Eight digit values (first byte most significant) to their number, in
// three multiply-add steps instead of eight dependent ones.
inline std::uint64_t eight_digit_values(std::uint64_t chunk) noexcept {
    chunk = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FFULL;
    chunk = (chunk * 100 + (chunk >> 16)) & 0x0000FFFF0000FFFFULL;
    chunk = (chunk * 10000 + (chunk >> 32)) & 0x00000000FFFFFFFFULL;
    return chunk;
}

// The number of the first n (0-8) digits of x: shifted up so zeros lead.
// Two shifts, as one by 64 (n == 0) would be undefined.
inline std::uint64_t leading_digits(std::uint64_t x, unsigned n) noexcept {
    const unsigned half = 32 - 4 * n;
    return eight_digit_values(((x - ascii_zeros) << half) << half);
}

// Parses 1-20 digits at p into `value`; returns their end, or nullptr when
// there is no digit, more than 20, or the value exceeds 2^64 - 1. Reads
// p[0, 24) whatever the text.
inline const char* parse_digits(const char* p, std::uint64_t& value) noexcept {
    const std::uint64_t x0 = load8(p);
    const std::uint64_t m0 = non_digits(x0);
    if (m0 != 0) {
        const unsigned n = digit_count(m0);
        if (n == 0) return nullptr;
        value = leading_digits(x0, n);
        return p + n;
    }
    const std::uint64_t x1 = load8(p + 8);
    const std::uint64_t m1 = non_digits(x1);
    const std::uint64_t first8 = eight_digit_values(x0 - ascii_zeros);
    if (m1 != 0) {
        const unsigned n = digit_count(m1);
        value = first8 * pow10[n] + leading_digits(x1, n);
        return p + 8 + n;
    }
    const std::uint64_t x2 = load8(p + 16);
    const unsigned n = digit_count(non_digits(x2));  // 8 when all are digits
    if (n > 4) return nullptr;                       // more than 20 digits
    const std::uint64_t first16 = first8 * pow10[8] + eight_digit_values(x1 - ascii_zeros);
    std::uint64_t v = 0;
    // Up to 19 digits cannot overflow; a 20-digit value is checked.
    if (__builtin_mul_overflow(first16, pow10[n], &v) || __builtin_add_overflow(v, leading_digits(x2, n), &v)) {
        return nullptr;
    }
    value = v;
    return p + 16 + n;
}

}  // namespace plain_line_detail

/// Parses the plain line starting at `p` into (a, b) and returns its length
/// with its '\n'; returns 0 for any other line. p[0, plain_line_window)
/// must be readable; bytes after the line's '\n' do not matter.
[[nodiscard]] inline std::size_t parse_plain_line(const char* p, SignedValue& a, SignedValue& b) noexcept {
    using plain_line_detail::parse_digits;
    std::uint64_t va = 0;
    std::uint64_t vb = 0;
    const char* q = parse_digits(p, va);
    if (q == nullptr || !(*q == ' ' || *q == ',' || *q == '\t')) return 0;
    q = parse_digits(q + 1, vb);
    if (q == nullptr) return 0;
    if (*q == '\r') ++q;
    if (*q != '\n') return 0;
    a = SignedValue{va, false};
    b = SignedValue{vb, false};
    return static_cast<std::size_t>(q + 1 - p);
}

}  // namespace gcd_mpi
