#include "gcd_mpi/core/kernel_profile.hpp"

namespace gcd_mpi {

KernelProfile kernel_profile(Kernel k) noexcept {
    if (is_trial_kernel(k)) {
        // Trial pairs cost milliseconds or more each: one is a chunk worth a
        // message, and rank 0's core is worth using.
        return KernelProfile{.costs_vary = true, .min_chunk = 1, .root_computes = true};
    }
    // Fast kernels: ~100 ns a pair, so a chunk must hold thousands to be worth
    // a message. They are I/O-bound: rank 0 already parses and formats every
    // pair (in its reader and writer threads), so its compute share goes to
    // the other ranks. Measured at -np 2 on 2 cores: rank 0's half took 3x
    // longer than rank 1's, and the whole run waited for it.
    return KernelProfile{.costs_vary = false, .min_chunk = 4096, .root_computes = false};
}

void estimate_costs(const KernelProfile& profile, std::span<const Pair> pairs, std::vector<std::uint64_t>& costs) {
    costs.resize(pairs.size());
    if (profile.costs_vary) {
        for (std::size_t i = 0; i < pairs.size(); ++i) costs[i] = trial_cost_bound(pairs[i]);
    } else {
        std::fill(costs.begin(), costs.end(), std::uint64_t{1});
    }
}

std::vector<std::uint64_t> estimated_costs(const KernelProfile& profile, std::span<const Pair> pairs) {
    std::vector<std::uint64_t> costs;
    estimate_costs(profile, pairs, costs);
    return costs;
}

std::vector<std::uint64_t> actual_work(const KernelProfile& profile, std::span<const PairResult> results) {
    std::vector<std::uint64_t> work(results.size(), 1);
    if (profile.costs_vary) {
        for (std::size_t i = 0; i < results.size(); ++i) work[i] = results[i].candidates;
    }
    return work;
}

}  // namespace gcd_mpi
