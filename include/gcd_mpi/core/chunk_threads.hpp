#pragma once
/// Parsing and formatting one chunk on several threads, with the answers of
/// one: the chunk is cut at line ends into nearly equal pieces (the results
/// into nearly equal slices), each thread works on its own piece into its
/// own buffer, and the buffers are joined in input order. Pure: no MPI.
/// Threads come from start_thread (threads.hpp) and are joined on every way
/// out; with one thread, or pieces below the thresholds, the work is done
/// inline and no thread starts.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/chunk_parse.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// A piece smaller than this is parsed by the thread that has the piece
/// before it (a thread's start and join cost tens of microseconds; 64 KiB
/// of plain lines take about 50 us to parse).
inline constexpr std::size_t min_parse_piece_bytes = std::size_t{64} << 10;
/// The same for formatting, in pairs (about 64 KiB of random 64-bit text output).
inline constexpr std::size_t min_format_slice_pairs = 1536;

/// Offsets cutting `text` into at most `pieces` pieces of nearly equal size,
/// each but the last ending just after a '\n': cuts.front() == 0,
/// cuts.back() == text.size(), strictly increasing (so fewer pieces when
/// lines are long or the text is short; {0} for an empty text).
[[nodiscard]] std::vector<std::size_t> line_aligned_cuts(std::string_view text, std::size_t pieces);

/// parse_chunk(text, options, out) on up to `threads` threads, pieces of
/// at least `min_piece_bytes`: the same pairs appended in the same order
/// with the same line numbers, the same line count and the same first bad
/// line and message. Exceptions (bad_alloc, GcdError from start_thread)
/// leave after every started thread is joined.
ChunkParse parse_chunk_threads(std::string_view text, const ChunkParseOptions& options, std::vector<InputPair>& out,
                               unsigned threads, std::size_t min_piece_bytes = min_parse_piece_bytes);

/// append_results(out, f, pairs, results) on up to `threads` threads,
/// slices of at least `min_slice_pairs`: the same bytes appended.
void append_results_threads(std::string& out, OutputFormat f, std::span<const InputPair> pairs,
                            std::span<const PairResult> results, unsigned threads,
                            std::size_t min_slice_pairs = min_format_slice_pairs);

}  // namespace gcd_mpi
