#pragma once
// What the schedules share: the run's fixed facts, and what one rank did in
// one batch. Below static_schedule and dynamic_schedule, so neither includes
// the other or the loop.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "gcd_mpi/core/affinity_queues.hpp"
#include "gcd_mpi/core/block.hpp"
#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/kernel_profile.hpp"
#include "gcd_mpi/core/schedule.hpp"
#include "gcd_mpi/core/stats.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"
#include "gcd_mpi/pipeline/team.hpp"
#include "progress_relay.hpp"

namespace gcd_mpi::pipeline::detail {

using Clock = std::chrono::steady_clock;

// What one rank did in one batch.
struct BatchWork {
    std::uint64_t pairs = 0;
    std::uint64_t candidates = 0;
    double seconds = 0;
    std::vector<double> thread_seconds;

    void add(const BlockStats& block, std::size_t count) {
        pairs += count;
        candidates += block.candidates;
        seconds += block.seconds;
        thread_seconds.resize(std::max(thread_seconds.size(), block.thread_seconds.size()), 0.0);
        for (std::size_t t = 0; t < block.thread_seconds.size(); ++t) thread_seconds[t] += block.thread_seconds[t];
    }
};

// The run's facts every schedule works with, the same for every batch.
struct ScheduleContext {
    Team& team;
    Kernel kernel;
    KernelProfile profile;
    Schedule schedule;
    unsigned threads;
    bool io_only;  // benchmark aid: skip the kernel, results are all zero
    const StopFlag& stop;
    ProgressPlan progress;
    PhaseSeconds& phases;  // rank 0's report
    TraceRecorder* trace;  // --trace; nullptr: off

    // compute_block, or nothing at all for --io-only (the I/O floor benchmark).
    // With --trace, each worker thread's busy time becomes a span on its
    // compute track (the block's own measurement, as the report's thread_seconds).
    [[nodiscard]] BlockStats compute(const Pair* pairs, std::size_t count, PairResult* results) const {
        if (io_only) {
            std::fill(results, results + count, PairResult{});
            return BlockStats{0, 0, std::vector<double>(threads, 0.0), {}, {}};
        }
        BlockStats block = compute_block(kernel, pairs, count, results, threads, stop);
        if (trace != nullptr && trace->on()) {
            for (std::size_t t = 0; t < block.thread_seconds.size() && t < block.thread_start_seconds.size(); ++t) {
                using seconds = std::chrono::duration<double>;
                const auto begin =
                    block.started + std::chrono::duration_cast<Clock::duration>(seconds(block.thread_start_seconds[t]));
                const auto end = begin + std::chrono::duration_cast<Clock::duration>(seconds(block.thread_seconds[t]));
                trace->record(TracePhase::compute, trace_track::first_compute + static_cast<std::int32_t>(t), begin,
                              end);
            }
        }
        return block;
    }
};

}  // namespace gcd_mpi::pipeline::detail
