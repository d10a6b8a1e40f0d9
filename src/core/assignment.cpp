#include "gcd_mpi/core/assignment.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>
#include <utility>

#include "gcd_mpi/core/block.hpp"

namespace gcd_mpi {

Assignment block_assignment(std::size_t n, int size) {
    Assignment a;
    a.counts = block_counts(n, size);
    a.order.resize(n);
    std::iota(a.order.begin(), a.order.end(), std::size_t{0});
    return a;
}

std::vector<std::size_t> dispatch_order(const std::vector<std::uint64_t>& costs) {
    std::vector<std::size_t> order(costs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return costs[x] > costs[y]; });
    return order;
}

Assignment balanced_assignment(const std::vector<std::uint64_t>& costs, int size) {
    const auto p = static_cast<std::size_t>(size);
    // Min-heap of (load, rank): the least-loaded rank, lowest rank on ties.
    using Slot = std::pair<CostSum, int>;
    std::priority_queue<Slot, std::vector<Slot>, std::greater<>> heap;
    for (int r = 0; r < size; ++r) heap.emplace(0, r);
    std::vector<int> owner(costs.size());
    for (std::size_t i : dispatch_order(costs)) {
        auto [load, r] = heap.top();
        heap.pop();
        owner[i] = r;
        heap.emplace(load + costs[i], r);
    }
    Assignment a;
    a.counts.assign(p, 0);
    for (int r : owner) ++a.counts[static_cast<std::size_t>(r)];
    // Counting sort by owner keeps input order within each rank.
    std::vector<std::size_t> next(p, 0);
    for (std::size_t r = 1; r < p; ++r) next[r] = next[r - 1] + static_cast<std::size_t>(a.counts[r - 1]);
    a.order.resize(costs.size());
    for (std::size_t i = 0; i < costs.size(); ++i) a.order[next[static_cast<std::size_t>(owner[i])]++] = i;
    return a;
}

std::vector<std::uint64_t> rank_loads(const Assignment& a, const std::vector<std::uint64_t>& costs) {
    std::vector<std::uint64_t> loads(a.counts.size(), 0);
    std::size_t k = 0;
    for (std::size_t r = 0; r < a.counts.size(); ++r) {
        for (int c = 0; c < a.counts[r]; ++c, ++k) loads[r] += costs[a.order.empty() ? k : a.order[k]];
    }
    return loads;
}

double makespan_lower_bound(const std::vector<std::uint64_t>& costs, int size) noexcept {
    long double total = 0;
    std::uint64_t largest = 0;
    for (auto c : costs) {
        total += static_cast<long double>(c);
        largest = std::max(largest, c);
    }
    return std::max(static_cast<double>(total / size), static_cast<double>(largest));
}

}  // namespace gcd_mpi
