#pragma once
/// Computing a block of pairs on one rank, optionally with threads.

#include <chrono>
#include <cstdint>
#include <vector>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/stop.hpp"

namespace gcd_mpi {

struct BlockStats {
    std::uint64_t candidates = 0;
    double seconds = 0;                  ///< wall time for the whole block
    std::vector<double> thread_seconds;  ///< busy time of each thread
    /// When the block started, and each thread's start after it (seconds):
    /// with thread_seconds, each thread's span for --trace.
    std::chrono::steady_clock::time_point started{};
    std::vector<double> thread_start_seconds;
};

/// Computes results[i] = kernel(pairs[i]) for i < count with `threads`
/// threads (>= 1). Threads take chunks from a shared counter, so a slow pair
/// does not hold up the others; results land at their own index, so the
/// output does not depend on timing. Returns early, with some results
/// unset, once `stop` is requested: the caller must then discard the block.
BlockStats compute_block(Kernel kernel, const Pair* pairs, std::size_t count, PairResult* results, unsigned threads,
                         const StopFlag& stop = never_stop());

/// Threads `--threads 0` means: the CPUs this process may run on.
[[nodiscard]] unsigned usable_cpu_count() noexcept;

}  // namespace gcd_mpi
