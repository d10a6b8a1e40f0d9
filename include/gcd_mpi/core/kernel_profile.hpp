#pragma once
/// What a schedule needs to know about a kernel, as one plain value: whether
/// pair costs vary (and so what to plan with), the smallest chunk worth a
/// message, and whether rank 0 computes. Schedules read this instead of
/// asking which kernel runs.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

struct KernelProfile {
    bool costs_vary = true;     ///< cost estimate = trial_cost_bound; else 1 per pair
    std::size_t min_chunk = 1;  ///< smallest dynamic chunk worth a message
    bool root_computes = true;  ///< with other ranks present, does rank 0 compute?
    friend bool operator==(const KernelProfile&, const KernelProfile&) = default;
};

/// The brute-force kernels: costs vary (candidates), one pair is a chunk,
/// rank 0 computes. The fast kernels: costs are about equal, chunks of
/// thousands, and rank 0 (busy with all the I/O) computes nothing when other
/// ranks exist.
[[nodiscard]] KernelProfile kernel_profile(Kernel k) noexcept;

/// One pair's cost estimate: trial_cost_bound(p) if costs vary, else 1.
[[nodiscard]] constexpr std::uint64_t estimated_cost(const KernelProfile& profile, const Pair& p) noexcept {
    return profile.costs_vary ? trial_cost_bound(p) : 1;
}

/// The costs schedules plan with: estimated_cost of every pair, in input order.
[[nodiscard]] std::vector<std::uint64_t> estimated_costs(const KernelProfile& profile, std::span<const Pair> pairs);
/// The same into `costs`, reusing its memory (a batch loop's buffer: fresh
/// megabytes per batch cost page faults that showed in whole runs).
void estimate_costs(const KernelProfile& profile, std::span<const Pair> pairs, std::vector<std::uint64_t>& costs);

/// The work actually done per pair, for the lower bound: results[i].candidates
/// if costs vary, else 1 per pair.
[[nodiscard]] std::vector<std::uint64_t> actual_work(const KernelProfile& profile, std::span<const PairResult> results);

}  // namespace gcd_mpi
