// The threaded chunk parser and formatter (chunk_threads.hpp) against the
// one-thread ones: parse_chunk and append_results on the whole chunk. Same
// pairs, line numbers, line count, first bad line and message; same bytes.
// Seeded random text of valid and invalid lines cut at random bytes, at
// 1..8 threads and thresholds small enough that the threads do start; then
// the edges one by one, with their values written out.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/chunk_threads.hpp"
#include "gcd_mpi/core/parse.hpp"

namespace {

using gcd_mpi::ChunkParse;
using gcd_mpi::ChunkParseOptions;
using gcd_mpi::InputPair;
using gcd_mpi::OutputFormat;
using gcd_mpi::PairResult;
using gcd_mpi::SignedValue;

std::string random_value(std::mt19937_64& rng) {
    static const std::vector<std::string> edges = {"0", "18446744073709551615", "18446744073709551616", "-5", "+007",
                                                   "x"};
    if (rng() % 5 == 0) return edges[rng() % edges.size()];
    return std::to_string(rng() >> (rng() % 64));
}

// Mostly plain lines (the fast path), some of the general grammar, some bad.
std::string random_line(std::mt19937_64& rng) {
    static const std::vector<std::string> odd = {"",
                                                 " ",
                                                 "\r",
                                                 "# c",
                                                 "(4, 6),",
                                                 " 1 ,2 ",
                                                 "1 2 3",
                                                 "1,,2",
                                                 "\xEF\xBB\xBF"
                                                 "1 2"};
    if (rng() % 12 == 0) return odd[rng() % odd.size()];
    std::string line = random_value(rng) + (rng() % 5 == 0 ? "," : " ") + random_value(rng);
    if (rng() % 10 == 0) line += "\r";
    return line;
}

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

// parse_chunk_threads against parse_chunk on the same text, both appending
// after the same earlier pair; returns the threaded answer.
ChunkParse expect_same_parse(std::string_view text, const ChunkParseOptions& options, unsigned threads,
                             std::size_t min_piece, std::vector<InputPair>* pairs_out = nullptr) {
    const std::vector<InputPair> before{InputPair{SignedValue{1, false}, SignedValue{2, true}, 99}};
    std::vector<InputPair> one = before;
    std::vector<InputPair> many = before;
    const ChunkParse want = gcd_mpi::parse_chunk(text, options, one);
    const ChunkParse got = gcd_mpi::parse_chunk_threads(text, options, many, threads, min_piece);
    const std::string where = gcd_mpi::quote_for_message(text.substr(0, 200)) + " threads " + std::to_string(threads) +
                              " min_piece " + std::to_string(min_piece);
    EXPECT_EQ(got.lines, want.lines) << where;
    EXPECT_EQ(got.error_line, want.error_line) << where;
    EXPECT_EQ(got.error, want.error) << where;
    EXPECT_EQ(many, one) << where;
    if (pairs_out != nullptr) pairs_out->assign(many.begin() + 1, many.end());
    return got;
}

TEST(ChunkThreads, CutsEndAfterANewlineAndShareTheTextNearlyEvenly) {
    std::mt19937_64 rng(13);
    for (int round = 0; round < 200; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 400, false);
        const std::size_t pieces = 1 + rng() % 8;
        const std::vector<std::size_t> cuts = gcd_mpi::line_aligned_cuts(text, pieces);
        ASSERT_GE(cuts.size(), 2U);
        EXPECT_LE(cuts.size(), pieces + 1);
        EXPECT_EQ(cuts.front(), 0U);
        EXPECT_EQ(cuts.back(), text.size());
        std::size_t longest = 0;
        for (std::size_t at = 0, nl; at < text.size(); at = nl + 1) {
            nl = std::min(text.find('\n', at), text.size());
            longest = std::max(longest, nl + 1 - at);
        }
        for (std::size_t i = 1; i < cuts.size(); ++i) {
            EXPECT_LT(cuts[i - 1], cuts[i]);
            if (i + 1 < cuts.size()) {
                EXPECT_EQ(text[cuts[i] - 1], '\n');
            }
            EXPECT_LE(cuts[i] - cuts[i - 1], text.size() / pieces + 2 * longest + 1);
        }
    }
    EXPECT_EQ(gcd_mpi::line_aligned_cuts("", 4), std::vector<std::size_t>{0});
    EXPECT_EQ(gcd_mpi::line_aligned_cuts("one line, no newline", 4), (std::vector<std::size_t>{0, 20}));
    EXPECT_EQ(gcd_mpi::line_aligned_cuts("1 2\n3 4\n5 6\n7 8\n", 4), (std::vector<std::size_t>{0, 4, 8, 12, 16}));
}

TEST(ChunkThreads, RandomChunksCutAnywhereParseAsOneThreadDoes) {
    std::mt19937_64 rng(20261202);
    std::size_t errors = 0;
    std::size_t pairs = 0;
    for (int round = 0; round < 150; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 2000, rng() % 3 != 0);
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t len = std::min<std::size_t>(text.size() - at, 1 + rng() % 20000);
            const ChunkParseOptions options{.first_line = 1 + rng() % 1000,
                                            .strip_bom = rng() % 2 == 0,
                                            .max_line = rng() % 10 == 0 ? 1 + rng() % 30 : SIZE_MAX};
            const auto threads = static_cast<unsigned>(1 + rng() % 8);
            const ChunkParse got =
                expect_same_parse(std::string_view(text).substr(at, len), options, threads, 1 + rng() % 512);
            errors += got.ok() ? 0 : 1;
            at += len;
        }
        std::vector<InputPair> whole;
        expect_same_parse(text, {}, static_cast<unsigned>(1 + round % 8), 64, &whole);
        pairs += whole.size();
    }
    // The corpus exercises both outcomes.
    EXPECT_GT(errors, 50U);
    EXPECT_GT(pairs, 50000U);
}

// 4 pieces of 100 plain lines each (lines 1-400); a bad line where asked.
std::string four_pieces(const std::vector<std::size_t>& bad_lines) {
    std::string text;
    for (std::size_t line = 1; line <= 400; ++line) {
        const bool bad = std::find(bad_lines.begin(), bad_lines.end(), line) != bad_lines.end();
        text += bad ? std::string("12345 x4567\n") : std::to_string(100000 + line) + " 1234\n";  // 12 bytes a line
    }
    return text;
}

TEST(ChunkThreads, TheFirstBadLineInInputOrderWinsWhicheverPieceHoldsIt) {
    const std::string text = four_pieces({});
    ASSERT_EQ(gcd_mpi::line_aligned_cuts(text, 4), (std::vector<std::size_t>{0, 1200, 2400, 3600, 4800}));
    struct Case {
        std::vector<std::size_t> bad;
        std::uint64_t first;
    };
    for (const Case& c : {Case{{150}, 150}, Case{{301, 400}, 301}, Case{{400}, 400}, Case{{250, 120}, 120},
                          Case{{101}, 101}, Case{{1, 399}, 1}}) {
        const std::string bad_text = four_pieces(c.bad);
        std::vector<InputPair> pairs;
        const ChunkParse got = expect_same_parse(bad_text, ChunkParseOptions{.first_line = 1001}, 4, 1000, &pairs);
        EXPECT_EQ(got.error_line, 1000 + c.first);
        EXPECT_FALSE(got.error.empty());
        EXPECT_EQ(got.lines, 400U);
        ASSERT_EQ(pairs.size(), c.first - 1);  // the pairs before the bad line stay
        if (!pairs.empty()) {
            EXPECT_EQ(pairs.back(), (InputPair{{100000 + c.first - 1}, {1234}, 1000 + c.first - 1}));
        }
    }
}

TEST(ChunkThreads, EveryPiecesPairsCarryTheirTrueLineNumbers) {
    std::vector<InputPair> pairs;
    const ChunkParse got = expect_same_parse(four_pieces({}), ChunkParseOptions{.first_line = 7}, 4, 1000, &pairs);
    EXPECT_TRUE(got.ok());
    EXPECT_EQ(got.lines, 400U);
    ASSERT_EQ(pairs.size(), 400U);
    for (std::size_t i = 0; i < 400; ++i) EXPECT_EQ(pairs[i], (InputPair{{100001 + i}, {1234}, 7 + i}));
}

TEST(ChunkThreads, EmptyOneLineAndTheGeneralGrammarAtByteZero) {
    for (unsigned threads = 1; threads <= 8; ++threads) {
        std::vector<InputPair> pairs;
        ChunkParse got = expect_same_parse("", {}, threads, 1, &pairs);
        EXPECT_EQ(got.lines, 0U);
        EXPECT_TRUE(pairs.empty());
        got = expect_same_parse("12 18", {}, threads, 1, &pairs);
        EXPECT_EQ(got.lines, 1U);
        EXPECT_EQ(pairs, (std::vector<InputPair>{{{12}, {18}, 1}}));
        // A BOM, CRLF, a comment, a blank line and parentheses, cut into one-line pieces.
        const std::string mixed = "\xEF\xBB\xBF# comment\r\n12 18\r\n\r\n(4, 6),\r\n  # indented\n-7 0\n+9,12\n";
        got = expect_same_parse(mixed, ChunkParseOptions{.strip_bom = true}, threads, 1, &pairs);
        EXPECT_TRUE(got.ok());
        EXPECT_EQ(got.lines, 7U);
        EXPECT_EQ(pairs, (std::vector<InputPair>{{{12}, {18}, 2}, {{4}, {6}, 4}, {{7, true}, {0}, 6}, {{9}, {12}, 7}}));
        // Without strip_bom (not the file's first line) the BOM is an error on line 1.
        got = expect_same_parse(
            "\xEF\xBB\xBF"
            "1 2\n3 4\n",
            {}, threads, 1);
        EXPECT_EQ(got.error_line, 1U);
        // A BOM on a later piece's first line is no file start: an error there.
        got = expect_same_parse(
            "1 2\n3 4\n\xEF\xBB\xBF"
            "5 6\n",
            ChunkParseOptions{.strip_bom = true}, threads, 1);
        EXPECT_EQ(got.error_line, 3U);
    }
}

TEST(ChunkThreads, ALineLongerThanTheLimitIsNamedInAnyPiece) {
    std::string text;
    for (int i = 0; i < 20; ++i) text += "1 2\n";
    text += std::string(50, '1') + " 2\n5 6\n";  // line 21 of 22, in the third of four pieces
    ASSERT_EQ(gcd_mpi::line_aligned_cuts(text, 4), (std::vector<std::size_t>{0, 36, 68, 133, 137}));
    for (unsigned threads = 1; threads <= 4; ++threads) {
        const ChunkParse got = expect_same_parse(text, ChunkParseOptions{.max_line = 20}, threads, 1);
        EXPECT_EQ(got.error_line, 21U);
        EXPECT_EQ(got.lines, 22U);
    }
}

TEST(ChunkThreads, SlicesFormatAsOneThreadDoes) {
    std::mt19937_64 rng(5);
    for (int round = 0; round < 60; ++round) {
        std::vector<InputPair> pairs(rng() % 3000);
        std::vector<PairResult> results(pairs.size() - (rng() % 4 == 0 ? std::min<std::size_t>(pairs.size(), 7) : 0));
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            pairs[i] = InputPair{{rng() >> (rng() % 64), rng() % 7 == 0}, {rng(), rng() % 9 == 0}, i + 1};
        }
        for (PairResult& r : results) r.gcd = rng() >> (rng() % 64);
        for (const OutputFormat f :
             {OutputFormat::text, OutputFormat::csv, OutputFormat::jsonl, OutputFormat::jsonl_strings}) {
            const auto threads = static_cast<unsigned>(1 + rng() % 8);
            std::string one = "header\n";
            std::string many = one;
            gcd_mpi::append_results(one, f, pairs, results);
            gcd_mpi::append_results_threads(many, f, pairs, results, threads, 1 + rng() % 300);
            EXPECT_EQ(many, one) << "pairs " << pairs.size() << " threads " << threads;
        }
    }
}

}  // namespace
