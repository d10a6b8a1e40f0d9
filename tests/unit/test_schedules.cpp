// Cost-aware and dynamic schedules as pure code: rank and size are ints.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <cmath>

#include "gcd_mpi/core/partition.hpp"

namespace gcd_mpi {
namespace {

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
        EXPECT_LE(static_cast<double>(max_load(a, costs)), 1.05 * makespan_lower_bound(costs, p))
            << "p=" << p;
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

// Plays the dynamic schedule out in simulated time: every rank, when idle,
// takes a chunk and is busy for its cost / speed. Returns each rank's work.
std::vector<std::uint64_t> simulate_affinity(const std::vector<std::uint64_t>& costs, int size,
                                             const std::vector<double>& speeds, std::size_t min_items,
                                             std::vector<int>* times_taken = nullptr,
                                             double* makespan = nullptr) {
    AffinityQueues queues(costs, balanced_assignment(costs, size), min_items);
    std::vector<std::uint64_t> work(static_cast<std::size_t>(size), 0);
    std::vector<double> free_at(static_cast<std::size_t>(size), 0.0);
    std::vector<bool> done(static_cast<std::size_t>(size), false);
    std::vector<int> taken(costs.size(), 0);
    double end = 0;
    for (;;) {
        int next = -1;
        for (int r = 0; r < size; ++r) {
            const auto u = static_cast<std::size_t>(r);
            if (!done[u] && (next < 0 || free_at[u] < free_at[static_cast<std::size_t>(next)])) next = r;
        }
        if (next < 0) break;
        const auto u = static_cast<std::size_t>(next);
        const auto chunk = queues.take(next);
        if (chunk.empty()) {
            done[u] = true;
            continue;
        }
        std::uint64_t cost = 0;
        for (auto i : chunk) {
            cost += costs[i];
            ++taken[i];
        }
        work[u] += cost;
        free_at[u] += static_cast<double>(cost) / speeds[u];
        end = std::max(end, free_at[u]);
    }
    if (times_taken != nullptr) *times_taken = taken;
    if (makespan != nullptr) *makespan = end;
    return work;
}

const std::vector<std::uint64_t> sample_costs{19633090, 20306770, 15516450, 20208020, 18237120,
                                              10204910, 12812380, 38238120, 38127410, 12923910};

std::vector<std::uint64_t> skewed_costs(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> costs(n);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto& c : costs) c = static_cast<std::uint64_t>(1000.0 / std::pow(1.0 - u(rng), 1.5));
    return costs;
}

TEST(AffinityQueues, EveryItemHandedOutExactlyOnce) {
    for (int size : {1, 2, 3, 8, 40}) {
        for (std::size_t min_items : {std::size_t{1}, std::size_t{7}}) {
            std::vector<int> taken;
            const std::vector<double> speeds(static_cast<std::size_t>(size), 1.0);
            (void)simulate_affinity(skewed_costs(500, 7), size, speeds, min_items, &taken);
            for (std::size_t i = 0; i < taken.size(); ++i) ASSERT_EQ(taken[i], 1) << "item " << i << " size " << size;
        }
    }
}

TEST(AffinityQueues, RandomRequestOrderStillCoversEverything) {
    const auto costs = skewed_costs(300, 3);
    AffinityQueues queues(costs, balanced_assignment(costs, 5), 1);
    std::mt19937 rng(11);
    std::vector<int> taken(costs.size(), 0);
    std::vector<bool> done(5, false);
    int remaining = 5;
    while (remaining > 0) {
        const int r = static_cast<int>(rng() % 5);
        if (done[static_cast<std::size_t>(r)]) continue;
        const auto chunk = queues.take(r);
        if (chunk.empty()) {
            done[static_cast<std::size_t>(r)] = true;
            --remaining;
        }
        for (auto i : chunk) ++taken[i];
    }
    for (int t : taken) EXPECT_EQ(t, 1);
}

TEST(AffinityQueues, EqualSpeedsKeepTheBalancedPlan) {
    for (int p : {2, 3, 4, 8}) {
        const std::vector<double> speeds(static_cast<std::size_t>(p), 1.0);
        const auto work = simulate_affinity(sample_costs, p, speeds, 1);
        const auto plan = rank_loads(balanced_assignment(sample_costs, p), sample_costs);
        EXPECT_EQ(work, plan) << "p=" << p;
        EXPECT_LE(static_cast<double>(*std::max_element(work.begin(), work.end())),
                  1.05 * makespan_lower_bound(sample_costs, p)) << "p=" << p;
    }
    const auto skewed = skewed_costs(10000, 42);
    for (int p : {2, 4, 8}) {
        const std::vector<double> speeds(static_cast<std::size_t>(p), 1.0);
        const auto work = simulate_affinity(skewed, p, speeds, 1);
        EXPECT_LE(static_cast<double>(*std::max_element(work.begin(), work.end())),
                  1.05 * makespan_lower_bound(skewed, p)) << "p=" << p;
    }
}

TEST(AffinityQueues, FastRanksTakeOverASlowRanksTail) {
    std::mt19937_64 rng(5);
    std::vector<std::uint64_t> costs(2000);
    for (auto& c : costs) c = 1000 + rng() % 100000;  // no single pair dominates
    const int p = 4;
    std::vector<double> speeds(p, 1.0);
    speeds[2] = 0.25;  // one rank on a busy core
    double dynamic_makespan = 0;
    const auto work = simulate_affinity(costs, p, speeds, 1, nullptr, &dynamic_makespan);
    const auto plan = rank_loads(balanced_assignment(costs, p), costs);
    const double static_makespan = static_cast<double>(plan[2]) / speeds[2];
    EXPECT_LT(work[2], plan[2] / 2);                    // the slow rank gave most of its share away
    EXPECT_LT(dynamic_makespan, 0.5 * static_makespan);  // and the job did not wait for it
}

TEST(AffinityQueues, OwnChunksShrinkAndStealsTakeTheCheapEnd) {
    // One rank owns everything: its chunks are about a quarter of what it has left.
    const std::vector<std::uint64_t> equal(100, 1);
    Assignment all_on_zero{{100, 0}, {}};
    for (std::size_t i = 0; i < 100; ++i) all_on_zero.order.push_back(i);
    AffinityQueues queues(equal, all_on_zero, 1);
    EXPECT_EQ(queues.take(0).size(), 25U);  // 100 / 4
    EXPECT_EQ(queues.take(0).size(), 18U);  // 75 / 4
    // Rank 1 owns nothing: it steals 1/p = half of what is left (57), from the back.
    const auto stolen = queues.take(1);
    EXPECT_EQ(stolen.size(), 28U);
    EXPECT_EQ(stolen.back(), 99U);
    EXPECT_EQ(queues.stolen_items(), 28U);
    EXPECT_EQ(queues.take(0).front(), 43U);  // rank 0 goes on from its front
}

TEST(AffinityQueues, RespectsMinItemsAndLeavesALoneItemToItsOwner) {
    const std::vector<std::uint64_t> costs{100, 100, 10, 10, 10};
    Assignment plan{{5, 0}, {0, 1, 2, 3, 4}};
    AffinityQueues queues(costs, plan, 3);
    EXPECT_EQ(queues.take(0).size(), 3U);  // at least three, though 100 > 230 / 4
    // Left with rank 0: items 3 and 4 (cost 10 each). Rank 1 may take one.
    EXPECT_EQ(queues.take(1), (std::vector<std::size_t>{4}));
    EXPECT_TRUE(queues.take(1).empty());  // a lone item stays with rank 0
    EXPECT_EQ(queues.take(0), (std::vector<std::size_t>{3}));
    EXPECT_TRUE(queues.take(0).empty());
}

TEST(AffinityQueues, AQueueNearlyDoneIsNotRobbed) {
    // Even share 101.5; left with rank 0 after its first chunk: 2, under 1/20 of it.
    const std::vector<std::uint64_t> costs{100, 100, 1, 1, 1};
    AffinityQueues queues(costs, Assignment{{5, 0}, {0, 1, 2, 3, 4}}, 3);
    EXPECT_EQ(queues.take(0).size(), 3U);
    EXPECT_TRUE(queues.take(1).empty());
    EXPECT_EQ(queues.take(0).size(), 2U);
}

TEST(AffinityQueues, SmallLagMovesNoWorkLargeLagDoes) {
    std::mt19937_64 rng(9);
    std::vector<std::uint64_t> costs(4000);
    for (auto& c : costs) c = 1000 + rng() % 100000;
    const auto plan = rank_loads(balanced_assignment(costs, 4), costs);
    // One rank 3% slow (a lost time slice): the plan's split stands.
    EXPECT_EQ(simulate_affinity(costs, 4, {1.0, 1.0, 0.97, 1.0}, 1), plan);
    // One rank 30% slow: the others take over part of its queue.
    const auto work = simulate_affinity(costs, 4, {1.0, 1.0, 0.7, 1.0}, 1);
    EXPECT_LT(work[2], plan[2] * 9 / 10);
}

TEST(AffinityQueues, StealsAtMostOneOverPOfAQueue) {
    // Three ranks, everything planned on rank 0: a thief takes a third.
    const std::vector<std::uint64_t> equal(90, 1);
    Assignment plan{{90, 0, 0}, {}};
    for (std::size_t i = 0; i < 90; ++i) plan.order.push_back(i);
    AffinityQueues queues(equal, plan, 100);  // min_items 100 > 90: one chunk takes all
    EXPECT_EQ(queues.take(0).size(), 90U);
    EXPECT_TRUE(queues.take(1).empty());
    AffinityQueues spare(equal, plan, 1);
    EXPECT_EQ(spare.take(0).size(), 22U);  // 90 / 4
    EXPECT_EQ(spare.take(1).size(), 22U);  // 68 / 3
    // Two items left with rank 0 after more own chunks: fewer than p = 3, kept.
    while (spare.take(0).size() > 0) {
    }
    EXPECT_TRUE(spare.take(2).empty());
    const std::vector<std::uint64_t> costs{50, 40, 30, 20, 10};
    Assignment two_left{{2, 3, 0}, {0, 1, 2, 3, 4}};
    AffinityQueues small(costs, two_left, 1);
    EXPECT_EQ(small.take(2), (std::vector<std::size_t>{4}));  // from rank 1's three (60 / 3 = 20 >= 10)
    EXPECT_TRUE(small.take(2).empty());                          // now two and two: nothing to spare
}

TEST(AffinityQueues, CostsNearTwoToThe64DoNotWrap) {
    // Estimates of pairs like (2^64-1, 2^64-1): sums must not wrap to small.
    const std::vector<std::uint64_t> costs{UINT64_MAX, 5, UINT64_MAX, 7, UINT64_MAX - 1, 3};
    for (int p : {2, 3, 4}) {
        const Assignment plan = balanced_assignment(costs, p);
        // The huge items go to different ranks while there are ranks to spare.
        std::vector<int> owner(costs.size());
        std::size_t k = 0;
        for (int r = 0; r < p; ++r) {
            for (int c = 0; c < plan.counts[static_cast<std::size_t>(r)]; ++c) owner[plan.order[k++]] = r;
        }
        if (p >= 3) {
            EXPECT_NE(owner[0], owner[2]) << "p=" << p;
            EXPECT_NE(owner[0], owner[4]) << "p=" << p;
            EXPECT_NE(owner[2], owner[4]) << "p=" << p;
        }
        AffinityQueues queues(costs, plan, 1);
        std::vector<int> taken(costs.size(), 0);
        for (int r = 0, idle = 0; idle < p; r = (r + 1) % p) {
            const auto chunk = queues.take(r);
            idle = chunk.empty() ? idle + 1 : 0;
            for (auto i : chunk) ++taken[i];
        }
        for (int t : taken) EXPECT_EQ(t, 1) << "p=" << p;
    }
    // A wrapped (or saturated) load would look nearly empty (or tie) and
    // take every small item, or every huge one.
    const Assignment two = balanced_assignment({UINT64_MAX, UINT64_MAX - 1, 10, 10, 10, 10}, 2);
    EXPECT_EQ(two.counts, (std::vector<int>{3, 3}));
    const Assignment huge = balanced_assignment({UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX}, 2);
    EXPECT_EQ(huge.counts, (std::vector<int>{2, 2}));
}

TEST(AffinityQueues, ZeroCostsAndMoreRanksThanItems) {
    const std::vector<std::uint64_t> zeros(6, 0);
    std::vector<int> taken;
    (void)simulate_affinity(zeros, 16, std::vector<double>(16, 1.0), 1, &taken);
    for (int t : taken) EXPECT_EQ(t, 1);
    AffinityQueues none({}, balanced_assignment({}, 3), 1);
    for (int r = 0; r < 3; ++r) EXPECT_TRUE(none.take(r).empty());
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

TEST(OrderRestore, ChunkByChunkFillsEverySlotOnce) {
    // Dynamic: results arrive one chunk at a time, in any order.
    const auto costs = skewed_costs(500, 23);
    AffinityQueues queues(costs, balanced_assignment(costs, 3), 1);
    std::vector<std::vector<std::size_t>> chunks;
    for (int r = 0, idle = 0; idle < 3; r = (r + 1) % 3) {
        auto chunk = queues.take(r);
        if (chunk.empty()) {
            ++idle;
            continue;
        }
        idle = 0;
        chunks.push_back(std::move(chunk));
    }
    std::reverse(chunks.begin(), chunks.end());  // returned out of order
    std::vector<std::uint64_t> out(costs.size(), UINT64_MAX);
    std::vector<int> writes(costs.size(), 0);
    for (const auto& chunk : chunks) {
        std::vector<std::uint64_t> results(chunk.size());
        to_send_order<std::uint64_t>(costs, chunk, results);
        restore_input_order<std::uint64_t>(results, chunk, out);
        for (auto i : chunk) ++writes[i];
    }
    EXPECT_EQ(out, costs);
    for (int w : writes) EXPECT_EQ(w, 1);
}

TEST(OrderRestore, LeavesUnnamedSlotsAlone) {
    const std::vector<int> sent{7, 8};
    const std::vector<std::size_t> order{3, 0};
    std::vector<int> out{-1, -1, -1, -1};
    restore_input_order<int>(sent, order, out);
    EXPECT_EQ(out, (std::vector<int>{8, -1, -1, 7}));
}

TEST(ScheduleNames, RoundTrip) {
    for (auto s : {Schedule::block, Schedule::balanced, Schedule::dynamic}) {
        EXPECT_EQ(schedule_from_name(schedule_name(s)), s);
    }
    EXPECT_FALSE(schedule_from_name("static").has_value());
}

}  // namespace
}  // namespace gcd_mpi
