#pragma once
/// How the parallel data path splits a text file between ranks, as pure
/// arithmetic on offsets: the file is read in rounds of `ranks` chunks of
/// `chunk_bytes`, rank r reading chunk (round * ranks + r), so each round
/// covers one contiguous stretch of the file in rank order (its output can
/// then be placed by an exclusive scan of the ranks' byte counts). A line
/// belongs to the chunk that holds its first byte; its owner reads past the
/// chunk's end to finish it.

#include <cstdint>
#include <string_view>

namespace gcd_mpi {

/// Bytes [begin, end) of a file.
struct ByteSpan {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    [[nodiscard]] std::uint64_t size() const noexcept { return end - begin; }
    friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

/// Rounds needed to cover `file_size` bytes (0 for an empty file).
[[nodiscard]] std::uint64_t chunk_rounds(std::uint64_t file_size, std::uint64_t chunk_bytes, int ranks) noexcept;

/// The chunk rank `rank` of `ranks` reads in `round`; empty past the end.
[[nodiscard]] ByteSpan chunk_span(std::uint64_t file_size, std::uint64_t chunk_bytes, int ranks, std::uint64_t round,
                                  int rank) noexcept;

/// Where a chunk's reading starts: one byte early (to see whether a line
/// starts at the chunk's first byte), except at the file's start.
[[nodiscard]] constexpr std::uint64_t read_start(const ByteSpan& chunk) noexcept {
    return chunk.begin == 0 ? 0 : chunk.begin - 1;
}

/// The lines a chunk owns, as offsets into the bytes read for it.
struct OwnedLines {
    std::size_t begin = 0;  ///< first byte of the first owned line
    std::size_t end = 0;    ///< one past the last owned line (its '\n' included)
    bool complete = false;  ///< false: the last owned line runs past the bytes read; read more
};

/// `bytes` were read from file offset read_start(chunk) on (at least through
/// chunk.end, or to the end of a file of `file_size` bytes). Returns the
/// owned lines: from the first line starting inside the chunk to the end of
/// the line holding the chunk's last byte. Empty (begin == end, complete)
/// when no line starts inside the chunk.
[[nodiscard]] OwnedLines owned_lines(std::string_view bytes, const ByteSpan& chunk, std::uint64_t file_size) noexcept;

}  // namespace gcd_mpi
