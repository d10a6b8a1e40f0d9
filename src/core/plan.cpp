#include "gcd_mpi/core/plan.hpp"

#include <vector>

#include "gcd_mpi/core/block.hpp"

namespace gcd_mpi {

namespace {

// Rank 0 sits out when it does not compute (and others can).
bool root_sits_out(const KernelProfile& profile, int size) { return size > 1 && !profile.root_computes; }

// Contiguous equal blocks over the computing ranks, in input order.
Assignment contiguous_plan(const KernelProfile& profile, std::size_t n, int size) {
    Assignment a;
    if (root_sits_out(profile, size)) {
        a.counts = block_counts(n, size - 1);
        a.counts.insert(a.counts.begin(), 0);
    } else {
        a.counts = block_counts(n, size);
    }
    return a;
}

// LPT over the computing ranks.
Assignment lpt_plan(const KernelProfile& profile, std::span<const std::uint64_t> costs, int size) {
    const std::vector<std::uint64_t> copy(costs.begin(), costs.end());
    if (!root_sits_out(profile, size)) return balanced_assignment(copy, size);
    Assignment a = balanced_assignment(copy, size - 1);
    a.counts.insert(a.counts.begin(), 0);  // rank 0's items come first: there are none
    return a;
}

}  // namespace

Assignment plan_assignment(Schedule schedule, const KernelProfile& profile, std::span<const std::uint64_t> costs,
                           int size) {
    const std::size_t n = costs.size();
    if (size == 1) return Assignment{{static_cast<int>(n)}, {}};
    switch (schedule) {
        case Schedule::block:
            return contiguous_plan(profile, n, size);
        case Schedule::balanced:
        case Schedule::dynamic:
            if (!profile.costs_vary) return contiguous_plan(profile, n, size);
            return lpt_plan(profile, costs, size);
    }
    return contiguous_plan(profile, n, size);
}

}  // namespace gcd_mpi
