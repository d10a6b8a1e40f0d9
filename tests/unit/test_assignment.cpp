// Static assignments (block, LPT) and the send layout, as pure code: rank
// and size are ints.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "cost_samples.hpp"
#include "gcd_mpi/core/assignment.hpp"

namespace gcd_mpi {
namespace {

using test::skewed_costs;

// Every input index appears exactly once, counts add up, and within a rank
// the items keep input order.
void expect_valid(const Assignment& a, std::size_t n, int size) {
    ASSERT_EQ(a.counts.size(), static_cast<std::size_t>(size));
    ASSERT_EQ(a.order.size(), n);
    EXPECT_EQ(std::accumulate(a.counts.begin(), a.counts.end(), std::size_t{0}), n);
    std::vector<std::size_t> sorted = a.order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(sorted[i], i);
    std::size_t k = 0;
    for (int r = 0; r < size; ++r) {
        for (int c = 1; c < a.counts[static_cast<std::size_t>(r)]; ++c) {
            EXPECT_LT(a.order[k + static_cast<std::size_t>(c) - 1], a.order[k + static_cast<std::size_t>(c)]);
        }
        k += static_cast<std::size_t>(a.counts[static_cast<std::size_t>(r)]);
    }
}

std::uint64_t max_load(const Assignment& a, const std::vector<std::uint64_t>& costs) {
    const auto loads = rank_loads(a, costs);
    return *std::max_element(loads.begin(), loads.end());
}

TEST(BlockAssignment, IsIdentityOrderWithBlockCounts) {
    const Assignment a = block_assignment(10, 3);
    expect_valid(a, 10, 3);
    EXPECT_EQ(a.counts, (std::vector<int>{4, 3, 3}));
    for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(a.order[i], i);
}

TEST(BalancedAssignment, SamplePairsNearLowerBound) {
    // min(a, b) of the ten sample pairs: the trial kernel's cost estimate.
    const std::vector<std::uint64_t> costs{19633090, 20306770, 15516450, 20208020, 18237120,
                                           10204910, 12812380, 38238120, 38127410, 12923910};
    for (int p : {1, 2, 3, 4, 8, 16}) {
        const Assignment a = balanced_assignment(costs, p);
        expect_valid(a, costs.size(), p);
        const double bound = makespan_lower_bound(costs, p);
        EXPECT_LE(static_cast<double>(max_load(a, costs)), 1.05 * bound) << "p=" << p;
    }
}

TEST(BalancedAssignment, SkewedWorkloadNearLowerBound) {
    std::mt19937_64 rng(42);
    std::vector<std::uint64_t> costs(10000);
    for (auto& c : costs) {
        // Pareto-like heavy tail: most pairs cheap, a few thousands of times costlier.
        const double u = std::uniform_real_distribution<double>(1e-6, 1.0)(rng);
        c = static_cast<std::uint64_t>(20000.0 / std::pow(u, 1.0 / 1.2));
    }
    for (int p : {2, 4, 8, 64}) {
        const Assignment a = balanced_assignment(costs, p);
        expect_valid(a, costs.size(), p);
        EXPECT_LE(static_cast<double>(max_load(a, costs)), 1.05 * makespan_lower_bound(costs, p)) << "p=" << p;
    }
}

TEST(BalancedAssignment, BeatsBlockWhenCostsAreSorted) {
    std::vector<std::uint64_t> costs(100);
    std::iota(costs.begin(), costs.end(), std::uint64_t{1});  // block puts the big ones together
    const auto balanced = max_load(balanced_assignment(costs, 4), costs);
    const auto block = max_load(block_assignment(costs.size(), 4), costs);
    EXPECT_LT(balanced, block);
    EXPECT_LE(static_cast<double>(balanced), 1.01 * makespan_lower_bound(costs, 4));
}

TEST(BalancedAssignment, ZeroCostsTiesAndMoreRanksThanItems) {
    const std::vector<std::uint64_t> zeros(7, 0);
    expect_valid(balanced_assignment(zeros, 3), 7, 3);
    const std::vector<std::uint64_t> ties(9, 5);
    const Assignment t = balanced_assignment(ties, 3);
    expect_valid(t, 9, 3);
    EXPECT_EQ(t.counts, (std::vector<int>{3, 3, 3}));
    const std::vector<std::uint64_t> few{3, 1};
    const Assignment f = balanced_assignment(few, 5);
    expect_valid(f, 2, 5);
    EXPECT_EQ(std::count(f.counts.begin(), f.counts.end(), 0), 3);
    expect_valid(balanced_assignment({}, 4), 0, 4);
}

TEST(BalancedAssignment, IsDeterministic) {
    std::mt19937_64 rng(7);
    std::vector<std::uint64_t> costs(500);
    for (auto& c : costs) c = rng() % 1000;
    const Assignment a = balanced_assignment(costs, 6);
    const Assignment b = balanced_assignment(costs, 6);
    EXPECT_EQ(a.counts, b.counts);
    EXPECT_EQ(a.order, b.order);
}

TEST(MakespanLowerBound, IsMaxOfMeanAndLargest) {
    EXPECT_DOUBLE_EQ(makespan_lower_bound({10, 10, 10, 10}, 2), 20.0);
    EXPECT_DOUBLE_EQ(makespan_lower_bound({100, 1, 1}, 2), 100.0);
    EXPECT_DOUBLE_EQ(makespan_lower_bound({}, 3), 0.0);
}

TEST(DispatchOrder, CostliestFirstTiesByIndex) {
    const std::vector<std::uint64_t> costs{5, 9, 5, 0, 9};
    EXPECT_EQ(dispatch_order(costs), (std::vector<std::size_t>{1, 4, 0, 2, 3}));
}

TEST(OrderRestore, SendLayoutAndBackIsTheIdentity) {
    const auto costs = skewed_costs(1000, 17);
    for (int p : {1, 2, 3, 8, 1500}) {
        const Assignment a = balanced_assignment(costs, p);
        std::vector<std::uint64_t> sent(costs.size());
        to_send_order<std::uint64_t>(costs, a.order, sent);
        // What a rank computes for an item lands where the item came from.
        std::vector<std::uint64_t> back(costs.size(), 0);
        restore_input_order<std::uint64_t>(sent, a.order, back);
        EXPECT_EQ(back, costs) << "p=" << p;
    }
}

TEST(OrderRestore, LeavesUnnamedSlotsAlone) {
    const std::vector<int> sent{7, 8};
    const std::vector<std::size_t> order{3, 0};
    std::vector<int> out{-1, -1, -1, -1};
    restore_input_order<int>(sent, order, out);
    EXPECT_EQ(out, (std::vector<int>{8, -1, -1, 7}));
}

TEST(RankLoads, AnEmptyOrderIsTheIdentity) {
    const Assignment blocks{{2, 0, 1}, {}};
    EXPECT_EQ(rank_loads(blocks, {5, 6, 7}), (std::vector<std::uint64_t>{11, 0, 7}));
    const Assignment permuted{{2, 0, 1}, {2, 0, 1}};
    EXPECT_EQ(rank_loads(permuted, {5, 6, 7}), (std::vector<std::uint64_t>{12, 0, 6}));
}

}  // namespace
}  // namespace gcd_mpi
