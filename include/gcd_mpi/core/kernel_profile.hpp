#pragma once
/// What a schedule needs to know of a kernel (placeholder until the core
/// branch lands; same API).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gcd_mpi/core/kernels.hpp"

namespace gcd_mpi {

struct KernelProfile {
    bool costs_vary = true;     ///< cost estimate = trial_cost_bound; else 1 per pair
    std::size_t min_chunk = 1;  ///< smallest dynamic chunk worth a message
    bool root_computes = true;  ///< with other ranks present, does rank 0 compute?
};

[[nodiscard]] KernelProfile kernel_profile(Kernel k) noexcept;
[[nodiscard]] std::vector<std::uint64_t> estimated_costs(const KernelProfile& profile, std::span<const Pair> pairs);
[[nodiscard]] std::vector<std::uint64_t> actual_work(const KernelProfile& profile,
                                                     std::span<const PairResult> results);

}  // namespace gcd_mpi
