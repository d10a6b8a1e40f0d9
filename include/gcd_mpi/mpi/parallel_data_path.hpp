#pragma once
/// The parallel data path (--io parallel): every rank reads its own chunks
/// of the input with MPI-IO, parses and computes them, and writes its
/// formatted results at its own offset of the output with a collective
/// write, so no pair goes through rank 0.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/io_hints.hpp"
#include "gcd_mpi/core/output.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::mpi {

struct ParallelPathSetup {
    std::string input;                               ///< a regular file's path, the same on every rank
    std::string input_name;                          ///< for messages (file:line)
    std::size_t chunk_bytes = std::size_t{4} << 20;  ///< each rank reads this much a round
    OutputFormat format = OutputFormat::text;
    /// Rank 0's output. Its temporary file, if it has one, is written by
    /// every rank at its offset; a stream (stdout, a FIFO) gets the ranks'
    /// formatted bytes gathered to rank 0 in order. nullptr on other ranks.
    OutputFile* output = nullptr;
    /// Rank 0's MPI-IO hints (GCD_MPI_IO_HINTS, checked), given to
    /// MPI_File_open for the input and the output's temporary on every rank:
    /// rank 0 broadcasts them. Other ranks' lists are ignored.
    std::vector<IoHint> hints;
    /// --threads: each round's chunk is parsed and its results formatted on
    /// this many threads (core/chunk_threads.hpp), as the compute is.
    unsigned threads = 1;
    /// Trial kernels: sum the rounds' cost bounds (one division a pair) for
    /// the progress line's candidate totals. The same on every rank.
    bool count_costs = false;
    /// --trace: this rank's recorder (nullptr: none). Each round's read and
    /// write, collectives included, become read and write spans on the main track.
    TraceRecorder* trace = nullptr;
};

/// collective: opens the input (and the output's temporary) on every rank.
/// Needs the MPI team (the serial team has no MPI-IO). Throws GcdError.
[[nodiscard]] std::unique_ptr<pipeline::DataPath> make_parallel_data_path(pipeline::Team& team,
                                                                          const ParallelPathSetup& setup);

}  // namespace gcd_mpi::mpi
