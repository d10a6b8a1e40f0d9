#include "gcd_mpi/core/plan.hpp"

#include "gcd_mpi/core/block.hpp"

namespace gcd_mpi {

KernelProfile kernel_profile(Kernel k) noexcept {
    if (is_trial_kernel(k)) return {true, 1, true};
    return {false, 4096, false};
}

std::vector<std::uint64_t> estimated_costs(const KernelProfile& profile, std::span<const Pair> pairs) {
    std::vector<std::uint64_t> costs(pairs.size(), 1);
    if (profile.costs_vary) {
        for (std::size_t i = 0; i < pairs.size(); ++i) costs[i] = trial_cost_bound(pairs[i]);
    }
    return costs;
}

std::vector<std::uint64_t> actual_work(const KernelProfile& profile, std::span<const PairResult> results) {
    std::vector<std::uint64_t> work(results.size(), 1);
    if (profile.costs_vary) {
        for (std::size_t i = 0; i < results.size(); ++i) work[i] = results[i].candidates;
    }
    return work;
}

Assignment plan_assignment(Schedule schedule, const KernelProfile& profile, std::span<const std::uint64_t> costs,
                           int size) {
    Assignment plan;
    if (size > 1 && !profile.root_computes) {
        plan.counts = block_counts(costs.size(), size - 1);
        plan.counts.insert(plan.counts.begin(), 0);
        return plan;
    }
    if (schedule == Schedule::block || !profile.costs_vary || size == 1) {
        plan.counts = block_counts(costs.size(), size);
        return plan;
    }
    return balanced_assignment(std::vector<std::uint64_t>(costs.begin(), costs.end()), size);
}

}  // namespace gcd_mpi
