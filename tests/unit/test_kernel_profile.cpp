// What schedules know about each kernel, and the costs they plan with.
// Expected costs are worked out by hand from the definition of the bound.
#include <gtest/gtest.h>

#include <vector>

#include "gcd_mpi/core/kernel_profile.hpp"

namespace gcd_mpi {
namespace {

TEST(KernelProfile, TrialKernelsVaryInCostTakeSinglePairsAndUseRankZero) {
    for (Kernel k : {Kernel::trial, Kernel::trial_naive}) {
        const KernelProfile p = kernel_profile(k);
        EXPECT_TRUE(p.costs_vary) << kernel_name(k);
        EXPECT_EQ(p.min_chunk, 1U) << kernel_name(k);
        EXPECT_TRUE(p.root_computes) << kernel_name(k);
    }
}

TEST(KernelProfile, FastKernelsCostTheSameTakeThousandsAndLeaveRankZeroToIo) {
    for (Kernel k : {Kernel::euclid, Kernel::binary}) {
        const KernelProfile p = kernel_profile(k);
        EXPECT_FALSE(p.costs_vary) << kernel_name(k);
        EXPECT_EQ(p.min_chunk, 4096U) << kernel_name(k);
        EXPECT_FALSE(p.root_computes) << kernel_name(k);
    }
}

TEST(KernelProfile, EveryKernelHasTheProfileOfItsFamily) {
    for (Kernel k : all_kernels()) {
        EXPECT_EQ(kernel_profile(k).costs_vary, is_trial_kernel(k)) << kernel_name(k);
        EXPECT_EQ(kernel_profile(k).root_computes, is_trial_kernel(k)) << kernel_name(k);
    }
}

// (12, 18): 18 % 12 != 0, bound 12. (0, 5): no candidate, 0. (7, 7): found
// at the first candidate, 1. (10, 3): 10 % 3 != 0, bound 3. (4, 20): 1.
const std::vector<Pair> pairs{{12, 18}, {0, 5}, {7, 7}, {10, 3}, {4, 20}};

TEST(EstimatedCosts, TrialCostBoundWhenCostsVary) {
    EXPECT_EQ(estimated_costs(kernel_profile(Kernel::trial), pairs), (std::vector<std::uint64_t>{12, 0, 1, 3, 1}));
    for (const Pair& p : pairs) EXPECT_EQ(estimated_cost(kernel_profile(Kernel::trial_naive), p), trial_cost_bound(p));
}

TEST(EstimatedCosts, OnePerPairWhenCostsDoNotVary) {
    EXPECT_EQ(estimated_costs(kernel_profile(Kernel::euclid), pairs), (std::vector<std::uint64_t>(5, 1)));
    EXPECT_EQ(estimated_cost(kernel_profile(Kernel::binary), Pair{0, 0}), 1U);
    EXPECT_TRUE(estimated_costs(kernel_profile(Kernel::trial), {}).empty());
}

TEST(ActualWork, CandidatesWhenCostsVaryElseOnePerPair) {
    // The candidates the brute force tried: min - gcd + 1, 0 with a zero.
    const std::vector<PairResult> results{{6, 7}, {5, 0}, {7, 1}, {1, 3}, {4, 1}};
    EXPECT_EQ(actual_work(kernel_profile(Kernel::trial), results), (std::vector<std::uint64_t>{7, 0, 1, 3, 1}));
    EXPECT_EQ(actual_work(kernel_profile(Kernel::euclid), results), (std::vector<std::uint64_t>(5, 1)));
    EXPECT_TRUE(actual_work(kernel_profile(Kernel::binary), {}).empty());
}

}  // namespace
}  // namespace gcd_mpi
