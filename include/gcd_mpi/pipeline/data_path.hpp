#pragma once
/// Where each batch's pairs come from and where its results go, per rank:
/// the seam between the batch loop and the job's I/O. The root path (the
/// lesson's scatter/gather: rank 0 reads, parses, formats and writes every
/// pair) is the first implementation; a path where every rank reads and
/// writes its own part of the files plugs in here too.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gcd_mpi/core/pair.hpp"
#include "gcd_mpi/core/stats.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::pipeline {

/// A batch as read, with an opaque tag the source attaches (the input hash
/// at the batch's end, for checkpoints) and the sink gets back.
struct InputBatch {
    std::vector<InputPair> pairs;
    std::uint64_t tag = 0;
};

/// The pairs of one batch this rank holds, and their results. In the root
/// path rank 0 holds the whole batch and the others nothing until the
/// schedule hands them their part.
struct Batch {
    InputBatch input;                  ///< as read (signs and line numbers kept)
    std::vector<Pair> pairs;           ///< magnitudes of input.pairs: what the kernels take
    std::vector<PairResult> results;   ///< in input order, once computed
    std::vector<std::uint64_t> costs;  ///< the plan's estimates (rank 0; kept, like `pairs`, for the next batch)
};

/// A failure the data path reports: the exit code (0: none) and what to tell the user.
struct PathFailure {
    int exit_code = 0;
    std::string message;
    explicit operator bool() const noexcept { return exit_code != 0; }
};

class DataPath {
public:
    virtual ~DataPath() = default;
    /// collective: the next batch's header, the same on every rank, and this
    /// rank's pairs of it in `batch`. A header of kind end with a non-zero
    /// exit code ends the run; `failure` then says why (where it is known).
    [[nodiscard]] virtual BatchHeader next_batch(Team& team, Batch& batch, PathFailure& failure) = 0;
    /// True when rank 0 holds each whole batch and the schedules spread it
    /// (the root path); false when every rank holds its own part and
    /// computes it where it is (the parallel path).
    [[nodiscard]] virtual bool pairs_on_root() const noexcept { return true; }
    /// A failure of the output of earlier batches, seen on this rank, or none.
    [[nodiscard]] virtual PathFailure output_failure() = 0;
    /// After every rank agreed the batch succeeded: its results go out
    /// (taken from `batch`; its other buffers stay for the next batch).
    /// `seconds`: the batch's wall time, whole job, read to results.
    virtual void deliver(Batch& batch, double seconds) = 0;
    /// Once, on every way out of the loop: waits until everything delivered
    /// is out and returns a failure that showed meanwhile, or none.
    [[nodiscard]] virtual PathFailure finish() = 0;
};

/// Produces the input on rank 0, a batch at a time. Called from a reader
/// thread (never concurrently), so reading overlaps computing.
class BatchSource {
public:
    virtual ~BatchSource() = default;
    /// Replaces `batch` with the next pairs (at most `max_pairs`); false when
    /// the input is exhausted. Throws GcdError on bad input.
    virtual bool next(InputBatch& batch, std::size_t max_pairs) = 0;
    /// The oldest batch handed out and not yet reported took `seconds` (wall,
    /// whole job, from its start to every rank's results). Called on rank 0's
    /// main thread, so possibly while next() runs.
    virtual void batch_done(double /*seconds*/) {}
};

/// Consumes results on rank 0, in input order. Called from a writer thread
/// (never concurrently), so writing overlaps computing. Throws GcdError.
class ResultSink {
public:
    virtual ~ResultSink() = default;
    virtual void write(const InputBatch& batch, const std::vector<PairResult>& results) = 0;
};

/// The root path: rank 0 reads batches of at most `batch_pairs` from
/// `source` in a reader thread and writes results to `sink` in a writer
/// thread, so its I/O overlaps everyone's computing; neither thread calls
/// MPI. `source` and `sink` are used on rank 0 only (nullptr elsewhere).
/// `phases` receives rank 0's read, read_wait, write and write_wait seconds.
/// With `count_costs`, the progress counters also get each batch's
/// estimated cost as it is read. With `trace` (--trace), the same timers
/// record spans: read and write on the reader and writer tracks, read_wait,
/// wait (the header's broadcast) and write_wait on the main track.
[[nodiscard]] std::unique_ptr<DataPath> make_root_data_path(const Team& team, BatchSource* source, ResultSink* sink,
                                                            std::size_t batch_pairs, bool count_costs,
                                                            PhaseSeconds& phases, TraceRecorder* trace = nullptr);

}  // namespace gcd_mpi::pipeline
