// append_result, append_results and append_value against a plain reference
// formatter (std::to_chars) on edge and random values, for every format.

#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/format.hpp"

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

}  // namespace
