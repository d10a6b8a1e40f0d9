// The one-pass chunk parser (chunk_parse.hpp) against its reference, the
// per-line split and parse_pair_line_reference: every grammar rule and edge
// one by one, then seeded random chunks of valid and invalid lines cut at
// random places. Same pairs, same line numbers, same line count, same first
// bad line and message. The values in the rule tests are written out, not
// computed by the code under test.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/chunk_parse.hpp"
#include "gcd_mpi/core/parse.hpp"

namespace {

using gcd_mpi::ChunkParse;
using gcd_mpi::ChunkParseOptions;
using gcd_mpi::InputPair;
using gcd_mpi::SignedValue;

struct Both {
    ChunkParse fast;
    ChunkParse reference;
    std::vector<InputPair> fast_pairs;
    std::vector<InputPair> reference_pairs;
};

// Runs both on `text` (a view into a longer buffer whose bytes after the
// text are digits, which must not be read as part of it) and expects the same answers.
Both both(const std::string& text, const ChunkParseOptions& options = {}) {
    const std::string buffer = text + "987654321 123456789\n" + std::string(64, '7');
    const std::string_view view(buffer.data(), text.size());
    Both b;
    b.fast = gcd_mpi::parse_chunk(view, options, b.fast_pairs);
    b.reference = gcd_mpi::parse_chunk_reference(view, options, b.reference_pairs);
    EXPECT_EQ(b.fast.lines, b.reference.lines) << gcd_mpi::quote_for_message(text);
    EXPECT_EQ(b.fast.error_line, b.reference.error_line) << gcd_mpi::quote_for_message(text);
    EXPECT_EQ(b.fast.error, b.reference.error) << gcd_mpi::quote_for_message(text);
    EXPECT_EQ(b.fast_pairs, b.reference_pairs) << gcd_mpi::quote_for_message(text);
    return b;
}

InputPair pair(std::uint64_t a, std::uint64_t b, std::uint64_t line, bool neg_a = false, bool neg_b = false) {
    return InputPair{SignedValue{a, neg_a}, SignedValue{b, neg_b}, line};
}

// Long enough that the fast path's window fits in front of every line.
const std::string padding = "# a comment line long enough for the window, padding padding\n";

TEST(ChunkParse, PlainLinesGiveTheirValuesAndLineNumbers) {
    const Both b =
        both("12 18\n18446744073709551615,0\n7\t5\n" + padding + padding, ChunkParseOptions{.first_line = 41});
    EXPECT_TRUE(b.fast.ok());
    EXPECT_EQ(b.fast.lines, 5U);
    EXPECT_EQ(b.fast_pairs,
              (std::vector<InputPair>{pair(12, 18, 41), pair(18446744073709551615ULL, 0, 42), pair(7, 5, 43)}));
}

TEST(ChunkParse, TheGeneralGrammarIsAccepted) {
    const Both b = both(padding + "(12, 18),\n  -7 +5  \n-0 3 # note\n\n   \n#only\n1 2\r\n3,4\r\n" + padding);
    EXPECT_TRUE(b.fast.ok()) << b.fast.error;
    EXPECT_EQ(b.fast.lines, 10U);
    EXPECT_EQ(b.fast_pairs, (std::vector<InputPair>{pair(12, 18, 2), pair(7, 5, 3, true, false), pair(0, 3, 4),
                                                    pair(1, 2, 8), pair(3, 4, 9)}));
}

TEST(ChunkParse, ALastLineWithoutNewlineCountsAndParses) {
    const Both b = both("1 2\n3 4");
    EXPECT_EQ(b.fast.lines, 2U);
    EXPECT_EQ(b.fast_pairs, (std::vector<InputPair>{pair(1, 2, 1), pair(3, 4, 2)}));
}

TEST(ChunkParse, EmptyAndBlankChunks) {
    EXPECT_EQ(both("").fast.lines, 0U);
    EXPECT_EQ(both("\n").fast.lines, 1U);
    EXPECT_EQ(both("\n\n\r\n").fast.lines, 3U);
    EXPECT_TRUE(both("\n\n\r\n").fast_pairs.empty());
}

TEST(ChunkParse, TheFirstBadLineWinsAndEveryLineIsCounted) {
    const std::string text = "1 2\n" + padding + "1 2 3\n5 x\n6 7\n8";
    const Both b = both(text, ChunkParseOptions{.first_line = 100});
    EXPECT_EQ(b.fast.error_line, 102U);
    EXPECT_EQ(b.fast.error, gcd_mpi::parse_pair_line_reference("1 2 3").error);
    EXPECT_NE(b.fast.error.find("more than two values"), std::string::npos) << b.fast.error;
    EXPECT_EQ(b.fast.lines, 6U);
    EXPECT_EQ(b.fast_pairs, (std::vector<InputPair>{pair(1, 2, 100)}));
}

TEST(ChunkParse, ABadLastLineWithoutNewline) {
    const Both b = both("1 2\n(3 4");
    EXPECT_EQ(b.fast.error_line, 2U);
    EXPECT_EQ(b.fast.lines, 2U);
    EXPECT_NE(b.fast.error.find("unbalanced parenthesis"), std::string::npos) << b.fast.error;
}

TEST(ChunkParse, OverflowAndStraySignsAreErrorsWithTheParsersWords) {
    const Both over = both(padding + "18446744073709551616 1\n" + padding);
    EXPECT_EQ(over.fast.error_line, 2U);
    EXPECT_NE(over.fast.error.find("does not fit in 64 bits"), std::string::npos) << over.fast.error;
    const Both sign = both(padding + "1 -\n" + padding);
    EXPECT_EQ(sign.fast.error_line, 2U);
    EXPECT_NE(sign.fast.error.find("stray sign"), std::string::npos) << sign.fast.error;
    const Both many = both(padding + "000000000000000000000000000000000000012 5\n" + padding);
    EXPECT_TRUE(many.fast.ok()) << many.fast.error;
    EXPECT_EQ(many.fast_pairs, (std::vector<InputPair>{pair(12, 5, 2)}));
}

TEST(ChunkParse, ABomIsSkippedOnlyOnTheFilesFirstLine) {
    const std::string bom = "\xEF\xBB\xBF";
    const Both first = both(bom + "1 2\n" + padding, ChunkParseOptions{.strip_bom = true});
    EXPECT_TRUE(first.fast.ok()) << first.fast.error;
    EXPECT_EQ(first.fast_pairs, (std::vector<InputPair>{pair(1, 2, 1)}));
    // Not the file's start (another rank's chunk), or not its first line: an error.
    EXPECT_EQ(both(bom + "1 2\n" + padding).fast.error_line, 1U);
    EXPECT_EQ(both("3 4\n" + bom + "1 2\n", ChunkParseOptions{.strip_bom = true}).fast.error_line, 2U);
}

TEST(ChunkParse, ALineLongerThanTheLimitIsAnError) {
    const Both b = both("1 2\n" + std::string(30, ' ') + "3 4\n5 6\n", ChunkParseOptions{.max_line = 20});
    EXPECT_EQ(b.fast.error_line, 2U);
    EXPECT_EQ(b.fast.error, "line longer than 20 bytes");
    EXPECT_EQ(b.fast.lines, 3U);
    // A plain line longer than a short limit is too long as well.
    EXPECT_EQ(both("12345678901234567890 1\n" + padding, ChunkParseOptions{.max_line = 20}).fast.error_line, 1U);
    const Both fits = both("1 2\n" + padding, ChunkParseOptions{.max_line = padding.size() - 1});
    EXPECT_TRUE(fits.fast.ok()) << fits.fast.error;
}

// --- randomized: valid and invalid lines, random cuts ---

std::string random_digits(std::mt19937_64& rng, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
    return s;
}

std::string random_value(std::mt19937_64& rng) {
    static const std::vector<std::string> edges = {
        "0", "9", "18446744073709551615", "18446744073709551616", "99999999999999999999", "00000000000000000000000001"};
    std::string v = rng() % 4 == 0 ? edges[rng() % edges.size()] : random_digits(rng, 1 + rng() % 20);
    if (rng() % 10 == 0) v.insert(0, rng() % 2 == 0 ? "-" : "+");
    if (rng() % 50 == 0) v = rng() % 2 == 0 ? "-" : "x1";
    return v;
}

std::string random_line(std::mt19937_64& rng) {
    static const std::vector<std::string> odd = {"",
                                                 " ",
                                                 "\r",
                                                 "# c",
                                                 "(",
                                                 "1",
                                                 "1 2 3",
                                                 "\xEF\xBB\xBF"
                                                 "1 2",
                                                 "(1, 2),",
                                                 " 1 ,2 ",
                                                 "1,,2",
                                                 "1 2)"};
    if (rng() % 10 == 0) return odd[rng() % odd.size()];
    static const std::vector<std::string> seps = {" ", ",", "\t", ", ", "  "};
    std::string line = random_value(rng) + seps[rng() % seps.size()] + random_value(rng);
    if (rng() % 8 == 0) line += " # note";
    if (rng() % 6 == 0) line += "\r";
    if (rng() % 40 == 0) line[rng() % line.size()] = static_cast<char>(rng() % 256);
    std::replace(line.begin(), line.end(), '\n', ' ');
    return line;
}

// Mostly valid lines, so a bad one sits deep in the chunk.
std::string random_text(std::mt19937_64& rng, std::size_t lines, bool valid_only) {
    std::string text;
    for (std::size_t i = 0; i < lines; ++i) {
        std::string line;
        do {
            line = random_line(rng);
        } while (valid_only && gcd_mpi::parse_pair_line_reference(line).kind == gcd_mpi::LineKind::error);
        text += line;
        if (i + 1 < lines || rng() % 2 == 0) text += '\n';
    }
    return text;
}

TEST(ChunkParse, RandomChunksCutAnywhereAgreeWithTheReference) {
    std::mt19937_64 rng(20261202);
    std::size_t errors = 0;
    std::size_t pairs = 0;
    for (int round = 0; round < 400; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 300, rng() % 3 != 0);
        // Cut at random bytes (not only line ends): each piece is a chunk of its own.
        std::size_t at = 0;
        while (at < text.size()) {
            const std::size_t len = std::min<std::size_t>(text.size() - at, 1 + rng() % 400);
            const ChunkParseOptions options{.first_line = 1 + rng() % 1000,
                                            .strip_bom = rng() % 2 == 0,
                                            .max_line = rng() % 10 == 0 ? 1 + rng() % 50 : SIZE_MAX};
            const Both b = both(text.substr(at, len), options);
            errors += b.fast.ok() ? 0 : 1;
            pairs += b.fast_pairs.size();
            at += len;
        }
    }
    // The corpus exercises both outcomes.
    EXPECT_GT(errors, 100U);
    EXPECT_GT(pairs, 10000U);
}

TEST(ChunkParse, LineAlignedPiecesNumberedInTurnMatchTheWholeChunk) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 100; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 500, rng() % 2 == 0);
        std::vector<InputPair> whole_pairs;
        const ChunkParse whole = gcd_mpi::parse_chunk_reference(text, {}, whole_pairs);
        // Pieces ending after a '\n', as the parallel path's ranks own them.
        std::vector<InputPair> pieces_pairs;
        ChunkParse first_bad;
        std::uint64_t next_line = 1;
        for (std::size_t at = 0; at < text.size();) {
            std::size_t end = text.find('\n', std::min(text.size() - 1, at + rng() % 200));
            end = end == std::string::npos ? text.size() : end + 1;
            const ChunkParse piece = gcd_mpi::parse_chunk(std::string_view(text).substr(at, end - at),
                                                          ChunkParseOptions{.first_line = next_line}, pieces_pairs);
            if (!piece.ok() && first_bad.ok()) first_bad = piece;
            if (!first_bad.ok()) break;
            next_line += piece.lines;
            at = end;
        }
        EXPECT_EQ(first_bad.error_line, whole.error_line);
        EXPECT_EQ(first_bad.error, whole.error);
        if (whole.ok()) {
            EXPECT_EQ(next_line - 1, whole.lines);
        }
        EXPECT_EQ(pieces_pairs, whole_pairs);
    }
}

}  // namespace
