#pragma once
// How the job's progress moves between ranks while they compute.

#include <chrono>
#include <functional>

#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::pipeline::detail {

// How often progress moves between ranks. Workers report at most 4 times a
// second, so rank 0 takes in a bounded number of messages whatever the job
// size; rank 0 looks twice per line it prints.
struct ProgressPlan {
    bool on = false;
    std::chrono::milliseconds worker_tick{1000};
    std::chrono::milliseconds root_tick{500};
};

// The plan for rank 0's interval between progress lines (0: no progress).
[[nodiscard]] ProgressPlan progress_plan(int interval_ms);

// Runs `compute` on a thread of its own while this rank's main thread -- the
// only one that may call MPI (funneled) -- keeps the job's progress moving: a
// worker sends its counts to rank 0 every tick, rank 0 takes reports in. The
// main thread sleeps on a condition variable between ticks, never spins.
// Without progress, or alone, it just calls `compute`.
void compute_reporting(Team& team, const ProgressPlan& plan, const std::function<void()>& compute);

// Every worker's last report of the batch reaches rank 0 here, so no progress
// message is ever left unreceived (nothing to do without progress or alone).
void end_progress_round(Team& team, const ProgressPlan& plan);

}  // namespace gcd_mpi::pipeline::detail
