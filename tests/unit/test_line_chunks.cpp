// The parallel data path's chunking: every byte of a file belongs to exactly
// one chunk's owned lines, in file order, whatever the line lengths, the
// chunk size and the rank count; a chunk read only through its end says
// when its last line needs more bytes.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "gcd_mpi/core/line_chunks.hpp"

namespace {

using gcd_mpi::ByteSpan;
using gcd_mpi::chunk_rounds;
using gcd_mpi::chunk_span;
using gcd_mpi::owned_lines;
using gcd_mpi::read_start;

std::string random_text(std::mt19937& rng, std::size_t lines, std::size_t max_len, bool final_newline) {
    std::uniform_int_distribution<std::size_t> len(0, max_len);
    std::string text;
    for (std::size_t i = 0; i < lines; ++i) {
        text.append(len(rng), 'x');
        if (i + 1 < lines || final_newline) text.push_back('\n');
    }
    return text;
}

// The owned lines of every chunk, read as the data path reads them: first
// through the chunk's end, then a few bytes more at a time until complete.
std::string reassemble(const std::string& file, std::uint64_t chunk_bytes, int ranks) {
    std::string out;
    const auto size = static_cast<std::uint64_t>(file.size());
    for (std::uint64_t round = 0; round < chunk_rounds(size, chunk_bytes, ranks); ++round) {
        for (int rank = 0; rank < ranks; ++rank) {
            const ByteSpan chunk = chunk_span(size, chunk_bytes, ranks, round, rank);
            std::uint64_t read_end = chunk.end;
            for (;;) {
                const std::string_view bytes =
                    std::string_view(file).substr(read_start(chunk), read_end - read_start(chunk));
                const auto owned = owned_lines(bytes, chunk, size);
                if (owned.complete) {
                    out.append(bytes.substr(owned.begin, owned.end - owned.begin));
                    break;
                }
                EXPECT_LT(read_end, size) << "incomplete at the end of the file";
                read_end = std::min<std::uint64_t>(size, read_end + 3);
            }
        }
    }
    return out;
}

TEST(LineChunks, EveryByteOnceInFileOrder) {
    std::mt19937 rng(42);
    for (int trial = 0; trial < 300; ++trial) {
        const bool final_newline = trial % 2 == 0;
        const std::string file = random_text(rng, 1 + trial % 40, trial % 7 == 0 ? 50 : 6, final_newline);
        for (std::uint64_t chunk : {1, 2, 3, 5, 8, 64}) {
            for (int ranks : {1, 2, 3, 4, 8}) {
                ASSERT_EQ(reassemble(file, chunk, ranks), file)
                    << "trial " << trial << ", chunk " << chunk << ", ranks " << ranks;
            }
        }
    }
}

TEST(LineChunks, FileSmallerThanTheRanks) {
    const std::string file = "1 2\n";
    EXPECT_EQ(reassemble(file, 1, 8), file);
    EXPECT_EQ(chunk_rounds(4, 1, 8), 1U);
    EXPECT_EQ(chunk_span(4, 1, 8, 0, 7), (ByteSpan{4, 4}));  // past the end: empty
}

TEST(LineChunks, EmptyFile) {
    EXPECT_EQ(chunk_rounds(0, 16, 4), 0U);
    const auto owned = owned_lines("", ByteSpan{0, 0}, 0);
    EXPECT_TRUE(owned.complete);
    EXPECT_EQ(owned.begin, owned.end);
}

TEST(LineChunks, RoundsCoverTheFileInRankOrder) {
    // 100 bytes, chunks of 10, 3 ranks: rounds of 30 bytes.
    EXPECT_EQ(chunk_rounds(100, 10, 3), 4U);
    EXPECT_EQ(chunk_span(100, 10, 3, 0, 0), (ByteSpan{0, 10}));
    EXPECT_EQ(chunk_span(100, 10, 3, 0, 2), (ByteSpan{20, 30}));
    EXPECT_EQ(chunk_span(100, 10, 3, 1, 0), (ByteSpan{30, 40}));
    EXPECT_EQ(chunk_span(100, 10, 3, 3, 0), (ByteSpan{90, 100}));
    EXPECT_EQ(chunk_span(100, 10, 3, 3, 1), (ByteSpan{100, 100}));
}

TEST(LineChunks, LineStartingAtTheChunksFirstByte) {
    // "ab\ncd\n", chunk [3, 6): the byte before is '\n', so "cd\n" is owned.
    const std::string file = "ab\ncd\n";
    const ByteSpan chunk{3, 6};
    const auto owned = owned_lines(std::string_view(file).substr(2), chunk, file.size());
    EXPECT_TRUE(owned.complete);
    EXPECT_EQ(std::string_view(file).substr(2).substr(owned.begin, owned.end - owned.begin), "cd\n");
}

TEST(LineChunks, ChunkInsideOneLongLineOwnsNothing) {
    const std::string file = "0123456789\n";
    const ByteSpan chunk{4, 8};
    const auto owned = owned_lines(std::string_view(file).substr(3, 5), chunk, file.size());
    EXPECT_TRUE(owned.complete);
    EXPECT_EQ(owned.begin, owned.end);
}

TEST(LineChunks, LastLineWithoutNewline) {
    const std::string file = "1 2\n3 4";
    const ByteSpan chunk{0, 7};
    const auto owned = owned_lines(file, chunk, file.size());
    EXPECT_TRUE(owned.complete);
    EXPECT_EQ(owned.end, file.size());
}

}  // namespace
