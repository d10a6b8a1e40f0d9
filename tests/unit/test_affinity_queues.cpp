// The dynamic schedule's queues as pure code, played out in simulated time.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "cost_samples.hpp"
#include "gcd_mpi/core/affinity_queues.hpp"

namespace gcd_mpi {
namespace {

using test::sample_costs;
using test::skewed_costs;

// Plays the dynamic schedule out in simulated time: every rank, when idle,
// takes a chunk and is busy for its cost / speed. Returns each rank's work.
std::vector<std::uint64_t> simulate_affinity(const std::vector<std::uint64_t>& costs, int size,
                                             const std::vector<double>& speeds, std::size_t min_items,
                                             std::vector<int>* times_taken = nullptr, double* makespan = nullptr) {
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
                  1.05 * makespan_lower_bound(sample_costs, p))
            << "p=" << p;
    }
    const auto skewed = skewed_costs(10000, 42);
    for (int p : {2, 4, 8}) {
        const std::vector<double> speeds(static_cast<std::size_t>(p), 1.0);
        const auto work = simulate_affinity(skewed, p, speeds, 1);
        EXPECT_LE(static_cast<double>(*std::max_element(work.begin(), work.end())),
                  1.05 * makespan_lower_bound(skewed, p))
            << "p=" << p;
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
    EXPECT_LT(work[2], plan[2] / 2);                     // the slow rank gave most of its share away
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
    while (spare.take(0).size() > 0) {}
    EXPECT_TRUE(spare.take(2).empty());
    const std::vector<std::uint64_t> costs{50, 40, 30, 20, 10};
    Assignment two_left{{2, 3, 0}, {0, 1, 2, 3, 4}};
    AffinityQueues small(costs, two_left, 1);
    EXPECT_EQ(small.take(2), (std::vector<std::size_t>{4}));  // from rank 1's three (60 / 3 = 20 >= 10)
    EXPECT_TRUE(small.take(2).empty());                       // now two and two: nothing to spare
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

TEST(AffinityQueues, AnEmptyOrderIsTheIdentity) {
    const auto costs = skewed_costs(400, 29);
    const Assignment explicit_order = block_assignment(costs.size(), 3);
    const Assignment no_order{explicit_order.counts, {}};
    AffinityQueues a(costs, explicit_order, 2);
    AffinityQueues b(costs, no_order, 2);
    for (int r = 0, idle = 0; idle < 3; r = (r + 1) % 3) {
        const auto chunk = a.take(r);
        EXPECT_EQ(b.take(r), chunk) << "rank " << r;
        idle = chunk.empty() ? idle + 1 : 0;
    }
    EXPECT_EQ(a.stolen_items(), b.stolen_items());
}

}  // namespace
}  // namespace gcd_mpi
