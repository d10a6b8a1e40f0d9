// Output formats: text, csv, jsonl lines; expected strings written by hand.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/format.hpp"

namespace {

using gcd_mpi::InputPair;
using gcd_mpi::OutputFormat;
using gcd_mpi::SignedValue;

constexpr std::uint64_t u64_max = 18446744073709551615ULL;

std::string line(OutputFormat f, SignedValue a, SignedValue b, std::uint64_t gcd) {
    std::string out;
    gcd_mpi::append_result(out, f, InputPair{a, b, 1}, gcd);
    return out;
}

std::string header(OutputFormat f) {
    std::string out;
    gcd_mpi::append_header(out, f);
    return out;
}

std::string value(SignedValue v) {
    std::string out;
    gcd_mpi::append_value(out, v);
    return out;
}

TEST(Format, TextLine) { EXPECT_EQ(line(OutputFormat::text, {12, false}, {18, false}, 6), "12 18 6\n"); }

TEST(Format, CsvLine) { EXPECT_EQ(line(OutputFormat::csv, {12, false}, {18, false}, 6), "12,18,6\n"); }

TEST(Format, JsonlLine) {
    EXPECT_EQ(line(OutputFormat::jsonl, {12, false}, {18, false}, 6), "{\"a\":12,\"b\":18,\"gcd\":6}\n");
}

TEST(Format, NegativeValuesKeepTheirSign) {
    EXPECT_EQ(line(OutputFormat::text, {12, true}, {18, false}, 6), "-12 18 6\n");
    EXPECT_EQ(line(OutputFormat::csv, {12, false}, {18, true}, 6), "12,-18,6\n");
    EXPECT_EQ(line(OutputFormat::jsonl, {12, true}, {18, true}, 6), "{\"a\":-12,\"b\":-18,\"gcd\":6}\n");
}

TEST(Format, LargestMagnitudePrintsInFull) {
    EXPECT_EQ(line(OutputFormat::text, {u64_max, false}, {u64_max, true}, u64_max),
              "18446744073709551615 -18446744073709551615 18446744073709551615\n");
    EXPECT_EQ(line(OutputFormat::csv, {u64_max, true}, {0, false}, u64_max),
              "-18446744073709551615,0,18446744073709551615\n");
    EXPECT_EQ(line(OutputFormat::jsonl, {u64_max, false}, {1, false}, 1),
              "{\"a\":18446744073709551615,\"b\":1,\"gcd\":1}\n");
}

// --json-strings: every value quoted, whatever its size, so the schema does
// not depend on the value; digits and sign as in jsonl.
TEST(Format, JsonlStringsQuoteEveryValue) {
    EXPECT_EQ(line(OutputFormat::jsonl_strings, {12, false}, {18, false}, 6),
              "{\"a\":\"12\",\"b\":\"18\",\"gcd\":\"6\"}\n");
    EXPECT_EQ(line(OutputFormat::jsonl_strings, {0, false}, {0, true}, 0), "{\"a\":\"0\",\"b\":\"0\",\"gcd\":\"0\"}\n");
}

TEST(Format, JsonlStringsKeepEveryDigitAroundTwoToThe53) {
    constexpr std::uint64_t two53 = std::uint64_t{1} << 53;  // 9007199254740992
    EXPECT_EQ(line(OutputFormat::jsonl_strings, {two53, false}, {two53 + 1, true}, 1),
              "{\"a\":\"9007199254740992\",\"b\":\"-9007199254740993\",\"gcd\":\"1\"}\n");
    EXPECT_EQ(line(OutputFormat::jsonl_strings, {u64_max, true}, {u64_max, false}, u64_max),
              "{\"a\":\"-18446744073709551615\",\"b\":\"18446744073709551615\",\"gcd\":\"18446744073709551615\"}\n");
}

TEST(Format, JsonlStringsHaveNoHeaderAndNoFormatName) {
    EXPECT_EQ(header(OutputFormat::jsonl_strings), "");
    // Selected by --json-strings, not by a --format name of its own.
    EXPECT_FALSE(gcd_mpi::format_from_name("jsonl_strings").has_value());
    EXPECT_FALSE(gcd_mpi::format_from_name("jsonl-strings").has_value());
}

TEST(Format, ZeroPrintsAsZero) { EXPECT_EQ(line(OutputFormat::text, {0, false}, {0, false}, 0), "0 0 0\n"); }

TEST(Format, NegativeZeroPrintsWithoutSign) {
    // The parser never makes one, but a hand-built {0, true} must not print "-0".
    EXPECT_EQ(value({0, true}), "0");
}

TEST(Format, AppendValue) {
    EXPECT_EQ(value({7, false}), "7");
    EXPECT_EQ(value({7, true}), "-7");
    EXPECT_EQ(value({4294967296ULL, false}), "4294967296");
    EXPECT_EQ(value({u64_max, true}), "-18446744073709551615");
}

TEST(Format, HeaderOnlyForCsv) {
    EXPECT_EQ(header(OutputFormat::csv), "a,b,gcd\n");
    EXPECT_EQ(header(OutputFormat::text), "");
    EXPECT_EQ(header(OutputFormat::jsonl), "");
}

TEST(Format, AppendsWithoutClearing) {
    std::string out = "keep\n";
    gcd_mpi::append_header(out, OutputFormat::csv);
    gcd_mpi::append_result(out, OutputFormat::csv, InputPair{{1, false}, {2, false}, 1}, 1);
    gcd_mpi::append_result(out, OutputFormat::csv, InputPair{{4, true}, {6, false}, 2}, 2);
    EXPECT_EQ(out, "keep\na,b,gcd\n1,2,1\n-4,6,2\n");
}

TEST(Format, EveryDigitCountMatchesToString) {
    // Around every power of ten (where the digit count changes) and random
    // values of every length, against the standard library.
    std::vector<std::uint64_t> values{0, u64_max, u64_max - 1};
    for (std::uint64_t p = 1; p <= u64_max / 10; p *= 10) {
        for (std::uint64_t d : {p - 1, p, p + 1, 2 * p, 9 * p, 10 * p - 1}) values.push_back(d);
    }
    std::mt19937_64 rng(2024);
    for (int i = 0; i < 20000; ++i) values.push_back(rng() >> (rng() % 64));
    for (std::uint64_t v : values) {
        ASSERT_EQ(value(SignedValue{v, false}), std::to_string(v));
        std::string expected = v == 0 ? "" : "-";
        expected.append(std::to_string(v)).append(" ").append(std::to_string(v / 3));
        expected.append(" ").append(std::to_string(v / 7)).append("\n");
        ASSERT_EQ(line(OutputFormat::text, SignedValue{v, true}, SignedValue{v / 3, false}, v / 7), expected);
    }
}

TEST(FormatNames, CanonicalNames) {
    EXPECT_EQ(gcd_mpi::format_name(OutputFormat::text), "text");
    EXPECT_EQ(gcd_mpi::format_name(OutputFormat::csv), "csv");
    EXPECT_EQ(gcd_mpi::format_name(OutputFormat::jsonl), "jsonl");
}

TEST(FormatNames, RoundTrip) {
    for (OutputFormat f : {OutputFormat::text, OutputFormat::csv, OutputFormat::jsonl}) {
        const auto back = gcd_mpi::format_from_name(gcd_mpi::format_name(f));
        ASSERT_TRUE(back.has_value()) << gcd_mpi::format_name(f);
        EXPECT_EQ(*back, f);
    }
}

TEST(FormatNames, UnknownNamesAreRejected) {
    for (const char* name : {"", "TEXT", "Csv", "json", "jsonl ", "tsv", "?"}) {
        EXPECT_FALSE(gcd_mpi::format_from_name(name).has_value()) << '"' << name << '"';
    }
}

TEST(FormatNames, ChoicesListEveryNameOnceInTableOrder) {
    EXPECT_EQ(gcd_mpi::format_choices(), "text, csv, jsonl");
    static_assert(gcd_mpi::format_from_name("csv") == OutputFormat::csv);
    EXPECT_EQ(gcd_mpi::format_name(static_cast<OutputFormat>(99)), "?");
}

}  // namespace
