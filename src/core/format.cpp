#include "gcd_mpi/core/format.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gcd_mpi {

std::string format_choices() { return joined_names(format_table); }

void append_header(std::string& out, OutputFormat f) {
    if (f == OutputFormat::csv) out += "a,b,gcd\n";
}

namespace {
static_assert(std::endian::native == std::endian::little, "the digit code stores eight bytes little-endian");

constexpr std::uint64_t ascii_zeros = 0x3030303030303030ULL;
constexpr std::uint64_t e8 = 100000000;

// The eight digits of v < 10^8 as byte values 0-9, the most significant in
// the lowest byte (first in memory), with leading zeros: two 4-digit halves
// in 32-bit lanes, split into 2-digit and then 1-digit lanes by multiplying
// with reciprocals, so all eight come out of a few multiplications instead
// of a chain of divisions or table look-ups.
std::uint64_t eight_digit_values(std::uint32_t v) noexcept {
    const std::uint64_t halves = (v / 10000) | (static_cast<std::uint64_t>(v % 10000) << 32);
    // x * 10486 >> 20 == x / 100 for x < 10^4, in each 32-bit lane.
    const std::uint64_t hundreds = ((halves * 10486) >> 20) & 0x0000007F0000007FULL;
    const std::uint64_t pairs = ((halves - 100 * hundreds) << 16) + hundreds;  // 16-bit lanes < 100
    // x * 103 >> 10 == x / 10 for x < 100, in each 16-bit lane.
    const std::uint64_t tens = ((pairs * 103) >> 10) & 0x000F000F000F000FULL;
    return tens + ((pairs - 10 * tens) << 8);
}

// Stores the eight digits of v < 10^8 at p (leading zeros kept).
void write8(char* p, std::uint32_t v) noexcept {
    const std::uint64_t digits = eight_digit_values(v) + ascii_zeros;
    std::memcpy(p, &digits, 8);
}

// Writes v < 10^8 without leading zeros ("0" for 0) and returns the end.
// Stores eight bytes whatever the length: the zero bytes shifted in beyond
// the end are overwritten by what follows.
char* write_upto8(char* p, std::uint32_t v) noexcept {
    const std::uint64_t values = eight_digit_values(v);
    // Leading zero digits are the low zero bytes; the last digit always stays.
    const auto leading_zeros = static_cast<unsigned>(std::countr_zero(values | (std::uint64_t{1} << 56))) / 8;
    const std::uint64_t digits = (values + ascii_zeros) >> (8 * leading_zeros);
    std::memcpy(p, &digits, 8);
    return p + 8 - leading_zeros;
}

// Stores the sixteen digits of v < 10^16 at p (leading zeros kept).
#if defined(__SSE2__)
// In SSE2 lanes (part of the x86-64 baseline, so no CPU check): the two
// 8-digit halves split into 4-digit quarters, 2-digit pairs and digits in
// parallel, with two scalar multiplications instead of ten; the scalar
// multiplier is what the eight-byte blocks wait on.
void write16(char* p, std::uint64_t v) noexcept {
    const __m128i halves = _mm_set_epi64x(static_cast<long long>(v % e8), static_cast<long long>(v / e8));
    // x / 10^4 == (x * 0xD1B71759) >> 45 for any 32-bit x.
    const __m128i q = _mm_srli_epi64(_mm_mul_epu32(halves, _mm_set1_epi32(static_cast<int>(0xD1B71759))), 45);
    const __m128i r = _mm_sub_epi32(halves, _mm_mul_epu32(q, _mm_set1_epi32(10000)));
    const __m128i quarters = _mm_or_si128(q, _mm_slli_epi64(r, 32));  // 32-bit lanes, in digit order
    // x / 100 == (x * 5243) >> 19 for x < 10^4.
    const __m128i h = _mm_srli_epi16(_mm_mulhi_epu16(quarters, _mm_set1_epi16(5243)), 3);
    // GCC expands a multiplication by a constant 100 or 10 into six or four
    // dependent shifts and adds; hidden from it, the constants stay one
    // pmullw each (callgrind: 7 instructions fewer a 16-digit block).
    __m128i hundred = _mm_set1_epi16(100);
    __m128i ten = _mm_set1_epi16(10);
    asm("" : "+x"(hundred), "+x"(ten));
    const __m128i low = _mm_sub_epi16(quarters, _mm_mullo_epi16(h, hundred));
    const __m128i pairs = _mm_or_si128(h, _mm_slli_epi32(low, 16));  // 16-bit lanes < 100, in digit order
    // x / 10 == (x * 6554) >> 16 for x < 100.
    const __m128i tens = _mm_mulhi_epu16(pairs, _mm_set1_epi16(6554));
    const __m128i ones = _mm_sub_epi16(pairs, _mm_mullo_epi16(tens, ten));
    const __m128i digits = _mm_or_si128(tens, _mm_slli_epi16(ones, 8));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_add_epi8(digits, _mm_set1_epi8('0')));
}
#else
void write16(char* p, std::uint64_t v) noexcept {
    write8(p, static_cast<std::uint32_t>(v / e8));
    write8(p + 8, static_cast<std::uint32_t>(v % e8));
}
#endif

// The digits of t < 1845 (the top of any 64-bit value over 10^16) as
// ASCII in the low bytes of a word, first digit lowest, zero bytes above:
// one load instead of the 4-digit block's five dependent multiplications
// (7.4 KiB, a quarter of the L1 cache). Digit bytes are >= 0x30, so the
// highest set bit says the length.
constexpr std::size_t top_digit_count = 1845;  // UINT64_MAX / 10^16 == 1844
constexpr std::array<std::uint32_t, top_digit_count> top_digits = [] {
    std::array<std::uint32_t, top_digit_count> table{};
    for (std::uint32_t t = 0; t < top_digit_count; ++t) {
        std::uint32_t reversed = 0;  // digits, last first
        unsigned n = 0;
        std::uint32_t rest = t;
        do {
            reversed = reversed * 10 + rest % 10;
            rest /= 10;
            ++n;
        } while (rest != 0);
        std::uint32_t word = 0;
        for (unsigned i = 0; i < n; ++i, reversed /= 10) word |= ('0' + reversed % 10) << (8 * i);
        table[t] = word;
    }
    return table;
}();

// Writes t < 1845 without leading zeros and returns the end; stores four
// bytes whatever the length.
[[gnu::always_inline]] inline char* write_top(char* p, std::uint64_t t) noexcept {
    const std::uint32_t word = top_digits[t];
    std::memcpy(p, &word, 4);
    // The highest set bit is bit 5 or 4 of the last digit's byte; the
    // builtin, as word != 0, spares std::bit_width's zero test and branch
    // (31 ^ clz == 31 - clz here, without a sign extension).
    return p + (31U ^ static_cast<unsigned>(__builtin_clz(word))) / 8 + 1;
}

// Writes v in decimal at p and returns the end. Stores up to 20 bytes (8
// for v < 10^8), so p needs that much room whatever v's length.
// gcd_mpi_bench_kernels (a text line of two random 64-bit values and a
// 24-bit gcd; a loaded shared Xeon, medians in one run): 87 ns a line with
// a digit pair per step, 42 ns, later 35-47, with eight-digit blocks from a
// digit-pair table; with these blocks and SSE2 27-41 ns a line through
// append_result and 26-34 through append_results. The line's arithmetic
// alone takes about 21 ns there: the rest is the string's bookkeeping.
// With the top digits of a 17-20 digit value from top_digits instead of a
// 4-digit block and pmullw kept in write16: callgrind 264 -> 183
// instructions a text line through append_results (307 -> 240 through
// append_result), on a loaded AMD EPYC (Zen 4, load 10-16 on 2 cores)
// medians 17-23 -> 12-18 ns a line.
[[gnu::always_inline]] inline char* write_u64(char* p, std::uint64_t v) noexcept {
    constexpr std::uint64_t e16 = e8 * e8;
    if (v >= e16) {
        const std::uint64_t top = v / e16;  // 1-1844
        p = write_top(p, top);
        write16(p, v - top * e16);
        return p + 16;
    }
    if (v < e8) return write_upto8(p, static_cast<std::uint32_t>(v));
    p = write_upto8(p, static_cast<std::uint32_t>(v / e8));
    write8(p, static_cast<std::uint32_t>(v % e8));
    return p + 8;
}

[[gnu::always_inline]] inline char* write_value(char* p, const SignedValue& v) noexcept {
    *p = '-';  // stays only when there is a sign: the digits start on it otherwise
    return write_u64(p + (v.negative && v.magnitude != 0 ? 1 : 0), v.magnitude);
}

// Longest line: jsonl_strings with two signed 20-digit values and a gcd, 87
// bytes (jsonl 81); with the last value's spare stores, under 96.
constexpr std::size_t max_result_line_bytes = 96;

template <std::size_t N>
char* write_literal(char* p, const char (&s)[N]) noexcept {
    std::memcpy(p, s, N - 1);  // a constant size: plain stores
    return p + N - 1;
}

// One result line at p, left to right; returns its end. Stores reach at
// most max_result_line_bytes from p.
template <OutputFormat F>
[[gnu::always_inline]] inline char* write_line(char* p, const InputPair& pair, std::uint64_t gcd) noexcept {
    if constexpr (F == OutputFormat::jsonl) {
        p = write_literal(p, "{\"a\":");
        p = write_value(p, pair.a);
        p = write_literal(p, ",\"b\":");
        p = write_value(p, pair.b);
        p = write_literal(p, ",\"gcd\":");
        p = write_u64(p, gcd);
        return write_literal(p, "}\n");
    } else if constexpr (F == OutputFormat::jsonl_strings) {
        // The same digits as jsonl, quoted: every value a string, whatever its size.
        p = write_literal(p, "{\"a\":\"");
        p = write_value(p, pair.a);
        p = write_literal(p, "\",\"b\":\"");
        p = write_value(p, pair.b);
        p = write_literal(p, "\",\"gcd\":\"");
        p = write_u64(p, gcd);
        return write_literal(p, "\"}\n");
    } else {
        constexpr char sep = F == OutputFormat::text ? ' ' : ',';
        p = write_value(p, pair.a);
        *p++ = sep;
        p = write_value(p, pair.b);
        *p++ = sep;
        p = write_u64(p, gcd);
        *p++ = '\n';
        return p;
    }
}

// Lines straight into `out`, a group at a time: grown by the most the group
// can take, then cut to what was written, so no line is built aside and
// copied. Small groups keep the zero-filled room in the L1 cache.
template <OutputFormat F>
void write_lines(std::string& out, const InputPair* pairs, const PairResult* results, std::size_t count) {
    constexpr std::size_t group = 64;
    for (std::size_t first = 0; first < count; first += group) {
        const std::size_t n = std::min(group, count - first);
        const std::size_t old_size = out.size();
        out.resize(old_size + n * max_result_line_bytes);
        char* const begin = out.data() + old_size;
        char* p = begin;
        for (std::size_t i = first; i < first + n; ++i) p = write_line<F>(p, pairs[i], results[i].gcd);
        out.resize(old_size + static_cast<std::size_t>(p - begin));
    }
}
}  // namespace

void append_value(std::string& out, const SignedValue& v) {
    char buf[24];  // '-', 20 digits
    out.append(buf, write_value(buf, v));
}

void append_result(std::string& out, OutputFormat f, const InputPair& pair, std::uint64_t gcd) {
    char buf[max_result_line_bytes];
    char* end = buf;
    switch (f) {
        case OutputFormat::text:
            end = write_line<OutputFormat::text>(buf, pair, gcd);
            break;
        case OutputFormat::csv:
            end = write_line<OutputFormat::csv>(buf, pair, gcd);
            break;
        case OutputFormat::jsonl:
            end = write_line<OutputFormat::jsonl>(buf, pair, gcd);
            break;
        case OutputFormat::jsonl_strings:
            end = write_line<OutputFormat::jsonl_strings>(buf, pair, gcd);
            break;
    }
    out.append(buf, end);
}

void append_results(std::string& out, OutputFormat f, std::span<const InputPair> pairs,
                    std::span<const PairResult> results) {
    const std::size_t count = std::min(pairs.size(), results.size());
    switch (f) {
        case OutputFormat::text:
            write_lines<OutputFormat::text>(out, pairs.data(), results.data(), count);
            break;
        case OutputFormat::csv:
            write_lines<OutputFormat::csv>(out, pairs.data(), results.data(), count);
            break;
        case OutputFormat::jsonl:
            write_lines<OutputFormat::jsonl>(out, pairs.data(), results.data(), count);
            break;
        case OutputFormat::jsonl_strings:
            write_lines<OutputFormat::jsonl_strings>(out, pairs.data(), results.data(), count);
            break;
    }
}

}  // namespace gcd_mpi
