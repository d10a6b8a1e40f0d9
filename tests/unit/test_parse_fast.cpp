// The fast line paths (plain_line.hpp, parse_pair_line's shortcuts, the
// reader's in-buffer parsing) against the general parser alone
// (parse_pair_line_reference): a seeded corpus of lines built from every
// grammar feature, edge values and malformed variants, plus random byte
// mutations. Same kind, same values, same message, line by line.

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/checkpoint_format.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/parse.hpp"
#include "gcd_mpi/core/plain_line.hpp"

namespace {

using gcd_mpi::LineKind;
using gcd_mpi::ParsedLine;

std::string pick(std::mt19937_64& rng, const std::vector<std::string>& choices) {
    return choices[rng() % choices.size()];
}

std::string random_digits(std::mt19937_64& rng, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    return s;
}

// A value token: edge values, random lengths 0-23, leading zeros, signs.
std::string random_value(std::mt19937_64& rng) {
    static const std::vector<std::string> edges = {
        "0",
        "1",
        "9",
        "10",
        "99999999",
        "100000000",
        "9999999999999999",
        "10000000000000000",
        "18446744073709551615",
        "18446744073709551616",
        "18446744073709551625",
        "19999999999999999999",
        "99999999999999999999",
        "100000000000000000000",
        "0000000000000000000000000018446744073709551615",
        "00000000000000000000",
        "000000000000000000001",
        "9223372036854775808",
        "1844674407370955161",
    };
    std::string v;
    switch (rng() % 4) {
        case 0:
            v = pick(rng, edges);
            break;
        case 1:
            v = random_digits(rng, rng() % 24);
            break;
        default:
            v = random_digits(rng, 18 + rng() % 3);
            break;  // the common 64-bit lengths
    }
    if (rng() % 8 == 0) v.insert(0, pick(rng, {"+", "-", "--", "+-"}));
    return v;
}

// A line from the grammar's pieces, often plain, sometimes broken.
std::string random_line(std::mt19937_64& rng) {
    if (rng() % 20 == 0) return pick(rng, {"", " ", "\t", "\r", "# comment", "  # 1 2", "(", ")", ",", "12", "1 2 3"});
    const bool plain = rng() % 2 == 0;
    std::string line;
    if (!plain && rng() % 4 == 0) line += pick(rng, {" ", "\t", "  "});
    const bool paren = !plain && rng() % 4 == 0;
    if (paren) line += "(";
    line += random_value(rng);
    line += plain ? pick(rng, {" ", "\t", ","}) : pick(rng, {" ", "\t", ",", ", ", " ,", " , ", "", ",,", "  ", "\v"});
    line += random_value(rng);
    if (paren && rng() % 8 != 0) line += ")";
    if (!plain && rng() % 4 == 0) line += pick(rng, {",", " ,", ",,", " 7"});
    if (!plain && rng() % 4 == 0) line += pick(rng, {" ", "\t", " # note", "#", " x"});
    if (rng() % 6 == 0) line += "\r";
    if (rng() % 10 == 0) {  // a random byte replaced or inserted
        const std::size_t at = rng() % (line.size() + 1);
        const char byte = static_cast<char>(rng() % 256);
        if (at < line.size() && rng() % 2 == 0) {
            line[at] = byte;
        } else {
            line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), byte);
        }
    }
    line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());  // one line
    return line;
}

std::vector<std::string> corpus() {
    std::mt19937_64 rng(20261202);
    std::vector<std::string> lines;
    for (int i = 0; i < 200000; ++i) lines.push_back(random_line(rng));
    return lines;
}

void expect_same(const ParsedLine& got, const ParsedLine& want) {
    ASSERT_EQ(got.kind, want.kind) << "error: " << got.error << " / reference: " << want.error;
    EXPECT_EQ(got.a, want.a);
    EXPECT_EQ(got.b, want.b);
    EXPECT_EQ(got.error, want.error);
}

TEST(PlainLine, AgreesWithTheGeneralParserOnEveryLineItAccepts) {
    std::mt19937_64 garbage(7);
    std::size_t accepted = 0;
    for (const std::string& line : corpus()) {
        SCOPED_TRACE(gcd_mpi::quote_for_message(line));
        // The line, its '\n', then bytes that must not matter (digits too).
        std::string window = line + '\n';
        while (window.size() < line.size() + 1 + gcd_mpi::plain_line_window) {
            window += garbage() % 2 == 0 ? static_cast<char>('0' + garbage() % 10) : static_cast<char>(garbage());
        }
        gcd_mpi::SignedValue a;
        gcd_mpi::SignedValue b;
        const std::size_t len = gcd_mpi::parse_plain_line(window.data(), a, b);
        if (len == 0) continue;
        ++accepted;
        ASSERT_EQ(len, line.size() + 1);
        const ParsedLine want = gcd_mpi::parse_pair_line_reference(line);
        ASSERT_EQ(want.kind, LineKind::pair) << want.error;
        EXPECT_EQ(a, want.a);
        EXPECT_EQ(b, want.b);
    }
    EXPECT_GT(accepted, 30000U);  // the corpus exercises the fast path
}

TEST(PlainLine, LeavesEveryOtherFormToTheGeneralParser) {
    for (const char* line : {"+1 2\n", "-1 2\n", "1  2\n", "1, 2\n", " 1 2\n", "1 2 \n", "(1 2)\n", "1 2,\n", "1 2#\n",
                             "1 2\r\r\n", "1\n", "1 2 3\n", "123456789012345678901 2\n", "18446744073709551616 1\n",
                             "1 18446744073709551616\n", "1 2", "1 2\v\n"}) {
        std::string window = line;
        window.resize(window.size() + gcd_mpi::plain_line_window, 'x');
        gcd_mpi::SignedValue a;
        gcd_mpi::SignedValue b;
        EXPECT_EQ(gcd_mpi::parse_plain_line(window.data(), a, b), 0U) << gcd_mpi::quote_for_message(line);
    }
}

TEST(PlainLine, ParsesEdgeValues) {
    std::string window = "18446744073709551615,00000000000000000000\r\n";
    window.resize(window.size() + gcd_mpi::plain_line_window, '7');
    gcd_mpi::SignedValue a;
    gcd_mpi::SignedValue b;
    ASSERT_EQ(gcd_mpi::parse_plain_line(window.data(), a, b), 43U);
    EXPECT_EQ(a, (gcd_mpi::SignedValue{UINT64_MAX, false}));
    EXPECT_EQ(b, (gcd_mpi::SignedValue{0, false}));
}

TEST(ParsePairLine, FastPathsGiveTheReferenceAnswerOnARandomCorpus) {
    for (const std::string& line : corpus()) {
        SCOPED_TRACE(gcd_mpi::quote_for_message(line));
        expect_same(gcd_mpi::parse_pair_line(line), gcd_mpi::parse_pair_line_reference(line));
    }
}

// The reader over a whole file of corpus lines: every pair and the first
// bad line's message as the reference gives them, across buffer refills.
TEST(PairReaderFastPath, ReadsTheCorpusAsTheReferenceParsesItLineByLine) {
    const auto path = std::filesystem::temp_directory_path() / ("gcd_mpi_fast_path_" + std::to_string(::getpid()));
    std::string text;
    std::vector<gcd_mpi::InputPair> want;
    std::string want_error;
    std::uint64_t number = 0;
    std::string bad_line;
    for (const std::string& line : corpus()) {  // the pairs and skipped lines, then one bad line
        const ParsedLine ref = gcd_mpi::parse_pair_line_reference(line);
        if (ref.kind == LineKind::error) {
            if (bad_line.empty()) bad_line = line;
            continue;
        }
        text += line + '\n';
        ++number;
        if (ref.kind == LineKind::pair) want.push_back({ref.a, ref.b, number});
    }
    text += bad_line + '\n';
    want_error =
        path.string() + ":" + std::to_string(number + 1) + ": " + gcd_mpi::parse_pair_line_reference(bad_line).error;
    ASSERT_GT(text.size(), std::size_t{1} << 20) << "the file must span several buffer fills";
    ASSERT_FALSE(bad_line.empty());
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
        std::fclose(f);
    }
    for (const std::size_t batch_size : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
        SCOPED_TRACE(batch_size);
        gcd_mpi::PairReader reader(path.string());
        std::vector<gcd_mpi::InputPair> got;
        std::string error;
        try {
            while (reader.read_batch(got, batch_size)) {}
        } catch (const gcd_mpi::GcdError& e) {
            error = e.what();
        }
        EXPECT_EQ(error, want_error);
        ASSERT_EQ(got.size(), want.size());
        for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], want[i]) << "pair " << i;
    }
    std::filesystem::remove(path);
}

// Hashes and byte counts the checkpoints rely on, over fast-path lines.
TEST(PairReaderFastPath, HashesAndCountsEveryConsumedByte) {
    const auto path = std::filesystem::temp_directory_path() / ("gcd_mpi_fast_hash_" + std::to_string(::getpid()));
    std::string text;
    std::mt19937_64 rng(3);
    for (int i = 0; i < 50000; ++i) {
        text += std::to_string(rng()) + (i % 3 == 0 ? "," : " ") + std::to_string(rng() >> (rng() % 64)) +
                (i % 5 == 0 ? "\r\n" : "\n");
        if (i % 1000 == 0) text += "# comment\n(1, 2),\n";
    }
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
        std::fclose(f);
    }
    gcd_mpi::PairReader reader(path.string());
    reader.enable_hash();
    std::vector<gcd_mpi::InputPair> got;
    while (reader.read_batch(got, 999)) {}
    gcd_mpi::InputHash whole;
    whole.update(text.data(), text.size());
    EXPECT_EQ(reader.input_hash(), whole.value());
    EXPECT_EQ(reader.pairs_hash(), whole.value());  // the file ends with a pair's line
    EXPECT_EQ(reader.bytes_consumed(), text.size());
    EXPECT_EQ(got.size(), 50000U + 50U);
    std::filesystem::remove(path);
}

}  // namespace
