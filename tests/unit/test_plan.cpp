// A schedule's plan as pure data, checked at "rank 63 of 64" without MPI.
// Expected block sizes are worked out by hand; LPT is held to the lower bound.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "cost_samples.hpp"
#include "gcd_mpi/core/affinity_queues.hpp"
#include "gcd_mpi/core/block.hpp"
#include "gcd_mpi/core/plan.hpp"

namespace gcd_mpi {
namespace {

const KernelProfile trial_profile = kernel_profile(Kernel::trial);
const KernelProfile fast_profile = kernel_profile(Kernel::euclid);
constexpr Schedule all_schedules[] = {Schedule::block, Schedule::balanced, Schedule::dynamic};

std::string describe(Schedule s, const KernelProfile& p, std::size_t n, int size) {
    return std::string(schedule_name(s)) + (p.costs_vary ? " trial" : " fast") + " n " + std::to_string(n) + " size " +
           std::to_string(size);
}

// Counts cover the ranks and add up to n; the order is empty or names every
// item once.
void expect_valid(const Assignment& a, std::size_t n, int size) {
    ASSERT_EQ(a.counts.size(), static_cast<std::size_t>(size));
    for (int c : a.counts) EXPECT_GE(c, 0);
    EXPECT_EQ(std::accumulate(a.counts.begin(), a.counts.end(), std::size_t{0}), n);
    if (a.order.empty()) return;
    ASSERT_EQ(a.order.size(), n);
    std::vector<std::size_t> sorted = a.order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(sorted[i], i);
}

std::vector<std::uint64_t> costs_for(const KernelProfile& p, std::size_t n) {
    return p.costs_vary ? test::skewed_costs(n, 42) : std::vector<std::uint64_t>(n, 1);
}

std::uint64_t max_load(const Assignment& a, const std::vector<std::uint64_t>& costs) {
    const auto loads = rank_loads(a, costs);
    return *std::max_element(loads.begin(), loads.end());
}

TEST(PlanAssignment, EveryScheduleAndProfileAtSixtyFourRanks) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{10}, std::size_t{63}, std::size_t{64},
                          std::size_t{1000}, std::size_t{10000}}) {
        for (const KernelProfile& p : {trial_profile, fast_profile}) {
            const auto costs = costs_for(p, n);
            for (Schedule s : all_schedules) {
                SCOPED_TRACE(describe(s, p, n, 64));
                const Assignment a = plan_assignment(s, p, costs, 64);
                expect_valid(a, n, 64);
                if (!p.root_computes) {
                    EXPECT_EQ(a.counts[0], 0) << "rank 0 does the I/O";
                }
                if (!p.costs_vary || s == Schedule::block) {
                    EXPECT_TRUE(a.order.empty()) << "input order";
                }
            }
        }
    }
}

TEST(PlanAssignment, FastKernelsSplitContiguousBlocksOverRanksOneToSixtyThree) {
    // 1000 = 63 * 15 + 55: ranks 1..55 get 16 pairs, ranks 56..63 get 15;
    // rank 63's block starts at 55 * 16 + 7 * 15 = 985.
    for (Schedule s : all_schedules) {
        const Assignment a = plan_assignment(s, fast_profile, costs_for(fast_profile, 1000), 64);
        SCOPED_TRACE(schedule_name(s));
        EXPECT_EQ(a.counts[0], 0);
        EXPECT_EQ(a.counts[1], 16);
        EXPECT_EQ(a.counts[55], 16);
        EXPECT_EQ(a.counts[56], 15);
        EXPECT_EQ(a.counts[63], 15);
        EXPECT_EQ(displacements(a.counts)[63], 985);
        EXPECT_TRUE(a.order.empty());
    }
    EXPECT_EQ(plan_assignment(Schedule::balanced, fast_profile, costs_for(fast_profile, 10), 4).counts,
              (std::vector<int>{0, 4, 3, 3}));
}

TEST(PlanAssignment, TrialBlockIsEqualBlocksOverEveryRank) {
    // 1000 = 64 * 15 + 40: ranks 0..39 get 16 pairs, ranks 40..63 get 15.
    const Assignment a = plan_assignment(Schedule::block, trial_profile, costs_for(trial_profile, 1000), 64);
    EXPECT_EQ(a.counts[0], 16);
    EXPECT_EQ(a.counts[39], 16);
    EXPECT_EQ(a.counts[40], 15);
    EXPECT_EQ(a.counts[63], 15);
    EXPECT_EQ(displacements(a.counts)[63], 985);
    EXPECT_TRUE(a.order.empty());
}

TEST(PlanAssignment, TrialBalancedIsLptNearTheLowerBound) {
    const auto costs = costs_for(trial_profile, 10000);
    for (Schedule s : {Schedule::balanced, Schedule::dynamic}) {
        SCOPED_TRACE(schedule_name(s));
        const Assignment a = plan_assignment(s, trial_profile, costs, 64);
        expect_valid(a, costs.size(), 64);
        ASSERT_FALSE(a.order.empty());
        const Assignment lpt = balanced_assignment(costs, 64);
        EXPECT_EQ(a.counts, lpt.counts);
        EXPECT_EQ(a.order, lpt.order);
        EXPECT_GT(a.counts[0], 0) << "rank 0 computes the trial kernels";
        EXPECT_LE(static_cast<double>(max_load(a, costs)), 1.05 * makespan_lower_bound(costs, 64));
        const Assignment block = plan_assignment(Schedule::block, trial_profile, costs, 64);
        EXPECT_LT(max_load(a, costs), max_load(block, costs)) << "LPT beats blocks on skewed costs";
    }
}

TEST(PlanAssignment, EqualCostsGetTheBlockPlanUnderEverySchedule) {
    for (int size : {2, 3, 63, 64}) {
        const auto costs = costs_for(fast_profile, 5000);
        const Assignment block = plan_assignment(Schedule::block, fast_profile, costs, size);
        for (Schedule s : {Schedule::balanced, Schedule::dynamic}) {
            const Assignment a = plan_assignment(s, fast_profile, costs, size);
            EXPECT_EQ(a.counts, block.counts) << describe(s, fast_profile, 5000, size);
            EXPECT_TRUE(a.order.empty());
        }
        std::vector<int> expected = block_counts(costs.size(), size - 1);
        expected.insert(expected.begin(), 0);
        EXPECT_EQ(block.counts, expected) << size;
    }
}

TEST(PlanAssignment, DynamicStartsFromTheBalancedPlan) {
    for (const KernelProfile& p : {trial_profile, fast_profile}) {
        for (int size : {2, 5, 64}) {
            const auto costs = costs_for(p, 3000);
            const Assignment dynamic = plan_assignment(Schedule::dynamic, p, costs, size);
            const Assignment balanced = plan_assignment(Schedule::balanced, p, costs, size);
            EXPECT_EQ(dynamic.counts, balanced.counts) << describe(Schedule::dynamic, p, 3000, size);
            EXPECT_EQ(dynamic.order, balanced.order) << describe(Schedule::dynamic, p, 3000, size);
        }
    }
}

TEST(PlanAssignment, FewerItemsThanRanks) {
    const std::vector<std::uint64_t> costs{50, 40, 30, 20, 10, 60, 70, 80, 90, 100};
    // Fast: ranks 1..10 get one pair each, everyone else nothing.
    const Assignment fast = plan_assignment(Schedule::dynamic, fast_profile, costs, 64);
    for (int r = 0; r < 64; ++r) EXPECT_EQ(fast.counts[static_cast<std::size_t>(r)], r >= 1 && r <= 10 ? 1 : 0) << r;
    // Trial block: ranks 0..9 one each.
    const Assignment block = plan_assignment(Schedule::block, trial_profile, costs, 64);
    for (int r = 0; r < 64; ++r) EXPECT_EQ(block.counts[static_cast<std::size_t>(r)], r < 10 ? 1 : 0) << r;
    // Trial balanced: ten ranks hold one item each, the costliest on rank 0.
    const Assignment lpt = plan_assignment(Schedule::balanced, trial_profile, costs, 64);
    expect_valid(lpt, costs.size(), 64);
    EXPECT_EQ(std::count(lpt.counts.begin(), lpt.counts.end(), 1), 10);
    EXPECT_EQ(std::count(lpt.counts.begin(), lpt.counts.end(), 0), 54);
    EXPECT_EQ(lpt.order.front(), 9U);
    EXPECT_DOUBLE_EQ(static_cast<double>(max_load(lpt, costs)), makespan_lower_bound(costs, 64));
}

TEST(PlanAssignment, NoItemsGiveZeroCountsAndNoOrder) {
    for (const KernelProfile& p : {trial_profile, fast_profile}) {
        for (Schedule s : all_schedules) {
            for (int size : {1, 2, 64}) {
                const Assignment a = plan_assignment(s, p, {}, size);
                EXPECT_EQ(a.counts, std::vector<int>(static_cast<std::size_t>(size), 0)) << describe(s, p, 0, size);
                EXPECT_TRUE(a.order.empty()) << describe(s, p, 0, size);
            }
        }
    }
}

TEST(PlanAssignment, OneRankComputesEverythingInInputOrder) {
    for (const KernelProfile& p : {trial_profile, fast_profile}) {
        const auto costs = costs_for(p, 777);
        for (Schedule s : all_schedules) {
            const Assignment a = plan_assignment(s, p, costs, 1);
            EXPECT_EQ(a.counts, (std::vector<int>{777})) << describe(s, p, 777, 1);
            EXPECT_TRUE(a.order.empty()) << describe(s, p, 777, 1);
        }
    }
}

TEST(PlanAssignment, RankZeroSitsOutOfLptTooWhenItDoesNotCompute) {
    // Not a kernel of ours, but a consistent rule: varying costs with rank 0
    // busy elsewhere plan LPT over ranks 1..size-1.
    const KernelProfile p{.costs_vary = true, .min_chunk = 1, .root_computes = false};
    const auto costs = test::skewed_costs(500, 5);
    const Assignment a = plan_assignment(Schedule::balanced, p, costs, 8);
    expect_valid(a, costs.size(), 8);
    EXPECT_EQ(a.counts[0], 0);
    const Assignment lpt = balanced_assignment(costs, 7);
    EXPECT_EQ(std::vector<int>(a.counts.begin() + 1, a.counts.end()), lpt.counts);
    EXPECT_EQ(a.order, lpt.order);
}

TEST(PlanAssignment, AffinityQueuesStartFromTheFastPlanWithoutAnOrder) {
    // 10000 pairs over ranks 1..3: blocks [0, 3334), [3334, 6667), [6667, 10000).
    const auto costs = costs_for(fast_profile, 10000);
    AffinityQueues queues(costs, plan_assignment(Schedule::dynamic, fast_profile, costs, 4), fast_profile.min_chunk);
    const auto first = queues.take(2);
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(first.front(), 3334U);
    EXPECT_EQ(first.size(), 3333U);  // min_chunk 4096 > the queue: one chunk takes it all
    EXPECT_EQ(first.back(), 6666U);
    EXPECT_EQ(queues.take(3).front(), 6667U);
    EXPECT_EQ(queues.take(1).front(), 0U);
    EXPECT_EQ(queues.stolen_items(), 0U);
}

}  // namespace
}  // namespace gcd_mpi
