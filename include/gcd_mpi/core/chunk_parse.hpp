#pragma once
/// Parsing a whole chunk of input bytes in one pass: line ends, comments,
/// blank lines, CR, a BOM, both integers and the line count, without a list
/// of lines in between. Pure: bytes in, pairs and the first bad line out.
///
/// The grammar and every message are parse_pair_line's (parse.hpp): a plain
/// line ("digits SP digits\n", plain_line.hpp) is parsed straight from the
/// chunk, every other line goes through parse_pair_line. parse_chunk_reference
/// is the same contract done the plain way (split into lines, then
/// parse_pair_line_reference line by line): the one the fast one is tested
/// against.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

struct ChunkParseOptions {
    std::uint64_t first_line = 1;     ///< the number of the chunk's first line
    bool strip_bom = false;           ///< the first line is the file's first: a UTF-8 BOM there is skipped
    std::size_t max_line = SIZE_MAX;  ///< a line longer than this (without '\n') is an error
};

struct ChunkParse {
    std::uint64_t lines = 0;       ///< lines in the chunk: every '\n', and a last line without one
    std::uint64_t error_line = 0;  ///< 0: no bad line; else the first bad line's number
    std::string error;             ///< its message, without file:line (parse_pair_line's words)
    [[nodiscard]] bool ok() const noexcept { return error_line == 0; }
};

/// Appends the pairs of `text`'s lines to `out`, numbered from
/// options.first_line, up to the first bad line (whose pairs before it stay
/// appended). `lines` counts every line of `text`, the bad line's followers
/// too, so a caller can number the next chunk's lines.
ChunkParse parse_chunk(std::string_view text, const ChunkParseOptions& options, std::vector<InputPair>& out);

/// The same answers the slow, obvious way: the reference for parse_chunk.
ChunkParse parse_chunk_reference(std::string_view text, const ChunkParseOptions& options, std::vector<InputPair>& out);

}  // namespace gcd_mpi
