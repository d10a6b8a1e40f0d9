#pragma once
/// The run itself, batch by batch, on every rank of a Team: the data path
/// brings a batch, the schedule computes it, every rank votes on how it
/// ended, and the data path sends its results out. Uses only the Team and
/// DataPath interfaces, so the same code runs with MPI and without it.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/schedule.hpp"
#include "gcd_mpi/core/stats.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::pipeline {

/// Test facility: GCD_MPI_TEST_FAIL_RANK=R makes rank R fail while computing.
inline constexpr std::string_view test_fail_rank_env_var = "GCD_MPI_TEST_FAIL_RANK";

struct PipelineOptions {
    Kernel kernel = defaults::kernel;
    Schedule schedule = defaults::schedule;
    std::size_t batch_pairs = defaults::batch_pairs;  ///< what the data path reads per batch (for the cost note)
    bool verify = false;
    bool io_only = false;  ///< benchmark aid: skip the kernel, results are all zero
    unsigned threads = defaults::threads;
    /// Print an up-front estimate when a trial batch looks longer than this.
    double estimate_note_seconds = defaults::estimate_note_seconds;
    /// Rank 0: seconds between progress lines; 0 = no progress (then no rank
    /// sends progress messages). Rank 0's value reaches every rank.
    double progress_interval_seconds = 0;
    /// The source ends a trial batch once its estimated cost reaches this
    /// (0: no limit); tells the estimate whether a short batch is all there is.
    std::uint64_t batch_cost_limit = 0;
    /// --trace: this rank's recorder (on, or nullptr for no trace; the same
    /// choice on every rank). The loop and the schedules record their phases
    /// into it and the end-of-run gather brings every rank's spans to rank 0.
    TraceRecorder* trace = nullptr;
};

struct PipelineResult {
    int exit_code = 0;        ///< the same on every rank
    std::string error;        ///< rank 0: what went wrong, for the user
    std::uint64_t pairs = 0;  ///< rank 0: pairs computed and written (this run; 0 after a failure, kept on a stop)
    std::uint64_t batches = 0;
    /// rank 0: sum over batches of max(total / p, largest), from the work
    /// actually done (candidates per pair for the trial kernels, one per pair otherwise).
    double lower_bound = 0;
    std::uint64_t stolen_pairs = 0;                   ///< rank 0, dynamic: pairs computed by another rank than planned
    PhaseSeconds phases;                              ///< rank 0
    std::vector<RankStats> per_rank;                  ///< rank 0: finished batches' work, also on a stop
    std::vector<std::string> hosts;                   ///< rank 0
    std::vector<std::vector<double>> thread_seconds;  ///< rank 0
    std::vector<TraceRank> trace;                     ///< rank 0, with --trace: every rank's spans, in rank order
};

/// collective: every rank calls this with its own data path. `stop` is this
/// rank's stop request (the signal handlers' flag in a run), read once per
/// batch where every rank votes; the kernels get it too, so a long batch ends
/// early and is discarded. `notes` is used on rank 0 only (may be nullptr).
/// `phases` gathers rank 0's phase seconds (the data path adds its own).
[[nodiscard]] PipelineResult run_pipeline(Team& team, const PipelineOptions& options, DataPath& data,
                                          const StopFlag& stop, PhaseSeconds& phases, std::ostream* notes);

}  // namespace gcd_mpi::pipeline
