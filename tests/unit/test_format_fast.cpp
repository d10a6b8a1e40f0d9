// append_result, append_results and append_value against a plain reference
// formatter (std::to_chars) on edge and random values, for every format; and
// text lines read back by the general parser give the pairs they came from.

#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/parse.hpp"

namespace {

using gcd_mpi::InputPair;
using gcd_mpi::OutputFormat;
using gcd_mpi::PairResult;
using gcd_mpi::SignedValue;

std::string decimal(std::uint64_t v) {
    char buf[24];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string reference_value(const SignedValue& v) {
    std::string out;
    if (v.negative && v.magnitude != 0) out += '-';
    out += decimal(v.magnitude);
    return out;
}

std::string reference_line(OutputFormat f, const InputPair& p, std::uint64_t gcd) {
    const bool json = f == OutputFormat::jsonl || f == OutputFormat::jsonl_strings;
    const std::string q = f == OutputFormat::jsonl_strings ? "\"" : "";  // around every value
    const char* sep = f == OutputFormat::csv ? "," : " ";
    std::string out;
    out += json ? "{\"a\":" + q : "";
    out += reference_value(p.a);
    out += json ? q + ",\"b\":" + q : sep;
    out += reference_value(p.b);
    out += json ? q + ",\"gcd\":" + q : sep;
    out += decimal(gcd);
    out += json ? q + "}\n" : "\n";
    return out;
}

// Every power of ten and its neighbours, the ends of the range, and random
// values of every bit length.
std::vector<std::uint64_t> values() {
    std::vector<std::uint64_t> out = {0, UINT64_MAX, UINT64_MAX - 1, std::uint64_t{1} << 63};
    std::uint64_t p = 1;
    for (int k = 0; k < 20; ++k, p *= 10) {
        for (const std::uint64_t v : {p - 1, p, p + 1, 2 * p - 1}) out.push_back(v);
        if (k == 19) break;
    }
    std::mt19937_64 rng(99);
    for (int i = 0; i < 3000; ++i) out.push_back(rng() >> (rng() % 64));
    return out;
}

std::vector<InputPair> pairs_of(const std::vector<std::uint64_t>& vs) {
    std::vector<InputPair> pairs;
    std::mt19937_64 rng(5);
    for (std::size_t i = 0; i < vs.size(); ++i) {
        pairs.push_back({{vs[i], rng() % 3 == 0}, {vs[(i * 7 + 3) % vs.size()], rng() % 3 == 0}, i + 1});
    }
    return pairs;
}

constexpr OutputFormat all_formats[] = {OutputFormat::text, OutputFormat::csv, OutputFormat::jsonl,
                                        OutputFormat::jsonl_strings};

TEST(FormatFast, AppendValueMatchesToChars) {
    for (const std::uint64_t v : values()) {
        for (const bool negative : {false, true}) {
            std::string out = "x";
            gcd_mpi::append_value(out, SignedValue{v, negative});
            EXPECT_EQ(out, std::string("x").append(reference_value(SignedValue{v, negative})));
        }
    }
}

TEST(FormatFast, AppendResultMatchesTheReferenceInEveryFormat) {
    const std::vector<std::uint64_t> vs = values();
    const std::vector<InputPair> pairs = pairs_of(vs);
    for (const OutputFormat f : all_formats) {
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const std::uint64_t gcd = vs[(i * 13 + 1) % vs.size()];
            std::string out = "prefix\n";
            gcd_mpi::append_result(out, f, pairs[i], gcd);
            ASSERT_EQ(out, std::string("prefix\n").append(reference_line(f, pairs[i], gcd))) << gcd_mpi::format_name(f);
        }
    }
}

TEST(FormatFast, AppendResultsEqualsOneAppendResultPerLine) {
    const std::vector<std::uint64_t> vs = values();
    const std::vector<InputPair> pairs = pairs_of(vs);
    std::vector<PairResult> results;
    for (std::size_t i = 0; i < pairs.size(); ++i) results.push_back({vs[(i * 13 + 1) % vs.size()], i});
    for (const OutputFormat f : all_formats) {
        std::string want = "a,b,gcd\n";
        for (std::size_t i = 0; i < pairs.size(); ++i) want += reference_line(f, pairs[i], results[i].gcd);
        std::string got = "a,b,gcd\n";
        gcd_mpi::append_results(got, f, pairs, results);
        EXPECT_EQ(got, want) << gcd_mpi::format_name(f);
        std::string none = "kept";
        gcd_mpi::append_results(none, f, {}, {});
        EXPECT_EQ(none, "kept");
    }
}

// The digit conversion at each length's ends: 0, 9, 10, 99, 100, ... 10^19,
// 2^64 - 1, each against std::to_chars, alone and with a neighbour after it
// (the conversion stores spare bytes past a value's end).
TEST(FormatFast, EveryPowerOfTenBoundary) {
    std::vector<std::uint64_t> boundaries = {0};
    std::uint64_t p = 10;
    for (int k = 1; k < 20; ++k, p *= 10) {
        boundaries.push_back(p - 1);
        boundaries.push_back(p);
    }
    boundaries.push_back(UINT64_MAX);
    ASSERT_EQ(boundaries.size(), 40U);
    EXPECT_EQ(boundaries[38], 10000000000000000000ULL);
    for (const std::uint64_t v : boundaries) {
        std::string out;
        gcd_mpi::append_value(out, SignedValue{v, false});
        EXPECT_EQ(out, decimal(v));
        out.clear();
        gcd_mpi::append_result(out, OutputFormat::text, InputPair{{v, true}, {v, false}, 1}, v);
        std::string want(v == 0 ? "" : "-");  // "-0" prints as "0"
        want.append(decimal(v)).append(" ").append(decimal(v)).append(" ").append(decimal(v)).append("\n");
        EXPECT_EQ(out, want);
    }
}

// The top 1-4 digits of a 17-20 digit value (v / 10^16: 1 to 1844) each come
// from their own table entry: every one of them, at both ends of its range.
TEST(FormatFast, EveryTopBlockOfASeventeenToTwentyDigitValue) {
    constexpr std::uint64_t e16 = 10000000000000000ULL;
    std::mt19937_64 rng(16);
    for (std::uint64_t top = 1; top <= UINT64_MAX / e16; ++top) {
        const std::uint64_t room = top == UINT64_MAX / e16 ? UINT64_MAX - top * e16 : e16 - 1;
        for (const std::uint64_t low : {std::uint64_t{0}, room, rng() % (room + 1)}) {
            const std::uint64_t v = top * e16 + low;
            std::string out;
            gcd_mpi::append_value(out, SignedValue{v, false});
            ASSERT_EQ(out, decimal(v)) << "top " << top;
        }
    }
}

// Random values of every length against std::to_chars, a million of them.
TEST(FormatFast, RandomValuesMatchToChars) {
    std::mt19937_64 rng(2024);
    std::string out;
    for (int i = 0; i < 1000000; ++i) {
        const std::uint64_t v = rng() >> (rng() % 64);
        out.clear();
        gcd_mpi::append_value(out, SignedValue{v, false});
        ASSERT_EQ(out, decimal(v));
    }
}

// Fuzz-style round trip: random signed pairs, formatted as text lines in one
// batch, read back by the general parser, give the same values (a "-0"
// input is stored unsigned, so every sign survives).
TEST(FormatFast, TextLinesReadBackAsThePairsTheyCameFrom) {
    std::mt19937_64 rng(77);
    std::vector<InputPair> pairs;
    std::vector<PairResult> results;
    for (std::uint64_t i = 0; i < 20000; ++i) {
        const std::uint64_t a = rng() >> (rng() % 64);
        const std::uint64_t b = rng() >> (rng() % 64);
        pairs.push_back({{a, a != 0 && rng() % 2 == 0}, {b, b != 0 && rng() % 2 == 0}, i + 1});
        results.push_back({rng() >> (rng() % 64), 0});
    }
    std::string out;
    gcd_mpi::append_results(out, OutputFormat::text, pairs, results);
    std::size_t start = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const std::size_t end = out.find('\n', start);
        ASSERT_NE(end, std::string::npos) << "line " << i + 1;
        const std::string_view line(out.data() + start, end - start);
        const std::size_t last_space = line.rfind(' ');
        ASSERT_NE(last_space, std::string_view::npos);
        const gcd_mpi::ParsedLine parsed = gcd_mpi::parse_pair_line_reference(line.substr(0, last_space));
        ASSERT_EQ(parsed.kind, gcd_mpi::LineKind::pair) << line;
        EXPECT_EQ(parsed.a, pairs[i].a) << line;
        EXPECT_EQ(parsed.b, pairs[i].b) << line;
        EXPECT_EQ(line.substr(last_space + 1), decimal(results[i].gcd)) << line;
        start = end + 1;
    }
    EXPECT_EQ(start, out.size());
}

}  // namespace
