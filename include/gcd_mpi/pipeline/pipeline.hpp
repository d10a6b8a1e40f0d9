#pragma once
/// The run itself: read -> scatter -> compute -> gather -> merge/write, batch
/// by batch, on every rank of a Team. Uses only the Team interface, so the
/// same code runs with MPI and without it.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/partition.hpp"
#include "gcd_mpi/core/stats.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::pipeline {

/// A batch as read on rank 0, with an opaque tag the source attaches (the
/// input hash at the batch's end, for checkpoints) and the sink gets back.
struct InputBatch {
    std::vector<InputPair> pairs;
    std::uint64_t tag = 0;
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

struct PipelineOptions {
    Kernel kernel = Kernel::trial;
    Schedule schedule = Schedule::block;
    std::size_t batch_pairs = 1 << 18;
    bool verify = false;
    bool io_only = false;  ///< benchmark aid: skip the kernel, results are all zero
    unsigned threads = 1;
    /// Print an up-front estimate when a trial batch looks longer than this.
    double estimate_note_seconds = 60;
    /// Rank 0: seconds between progress lines; 0 = no progress (then no rank
    /// sends progress messages). Rank 0's value reaches every rank.
    double progress_interval_seconds = 0;
    /// The source ends a trial batch once its estimated cost reaches this
    /// (0: no limit); tells the estimate whether a short batch is all there is.
    std::uint64_t batch_cost_limit = 0;
};

struct PipelineResult {
    int exit_code = 0;           ///< same on every rank
    std::string error;           ///< rank 0: what went wrong, for the user
    std::uint64_t pairs = 0;     ///< rank 0: pairs computed and written (this run; 0 after a failure, kept on a stop)
    std::uint64_t batches = 0;
    double lower_bound = 0;      ///< rank 0: sum over batches of max(total/p, largest) estimated cost
    std::uint64_t stolen_pairs = 0;  ///< rank 0, dynamic: pairs computed by another rank than planned
    PhaseSeconds phases;         ///< rank 0
    std::vector<RankStats> per_rank;                 ///< rank 0: finished batches' work, also on a stop
    std::vector<std::string> hosts;                  ///< rank 0
    std::vector<std::vector<double>> thread_seconds; ///< rank 0
};

/// collective: every rank calls this. `source`, `sink` and `notes` are used on
/// rank 0 only (others may pass nullptr).
[[nodiscard]] PipelineResult run_pipeline(Team& team, const PipelineOptions& options,
                                          BatchSource* source, ResultSink* sink, std::ostream* notes);

}  // namespace gcd_mpi::pipeline
