#include "gcd_mpi/core/partition.hpp"

namespace gcd_mpi {

Block block_range(std::size_t n, int rank, int size) noexcept {
    const auto r = static_cast<std::size_t>(rank);
    const auto p = static_cast<std::size_t>(size);
    const std::size_t base = n / p;
    const std::size_t extra = n % p;
    const std::size_t begin = r * base + (r < extra ? r : extra);
    return Block{begin, base + (r < extra ? 1 : 0)};
}

std::vector<int> block_counts(std::size_t n, int size) {
    std::vector<int> counts(static_cast<std::size_t>(size));
    for (int r = 0; r < size; ++r) {
        counts[static_cast<std::size_t>(r)] = static_cast<int>(block_range(n, r, size).count);
    }
    return counts;
}

std::vector<int> displacements(const std::vector<int>& counts) {
    std::vector<int> displs(counts.size());
    int running = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        displs[i] = running;
        running += counts[i];
    }
    return displs;
}

}  // namespace gcd_mpi

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>

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
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return costs[x] > costs[y]; });
    return order;
}

Assignment balanced_assignment(const std::vector<std::uint64_t>& costs, int size) {
    const auto p = static_cast<std::size_t>(size);
    // Min-heap of (load, rank): the least-loaded rank, lowest rank on ties.
    using Slot = std::pair<std::uint64_t, int>;
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
        for (int c = 0; c < a.counts[r]; ++c) loads[r] += costs[a.order[k++]];
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

std::size_t guided_chunk(const std::vector<std::uint64_t>& costs, const std::vector<std::size_t>& order,
                         std::size_t next, std::uint64_t remaining_cost, int size,
                         std::size_t min_items) noexcept {
    if (next >= order.size()) return 0;
    const std::uint64_t target = remaining_cost / (2 * static_cast<std::uint64_t>(size));
    // At least min_items (and one); then more only while the chunk stays
    // within its share, so one chunk never swallows two big pairs.
    std::size_t taken = 0;
    std::uint64_t cost = 0;
    while (next + taken < order.size()) {
        const std::uint64_t c = costs[order[next + taken]];
        if (taken >= std::max<std::size_t>(min_items, 1) && cost + c > target) break;
        cost += c;
        ++taken;
    }
    return std::max<std::size_t>(taken, 1);
}

}  // namespace gcd_mpi

namespace gcd_mpi {

std::string_view schedule_name(Schedule s) noexcept {
    switch (s) {
        case Schedule::block: return "block";
        case Schedule::balanced: return "balanced";
        case Schedule::dynamic: return "dynamic";
    }
    return "?";
}

std::optional<Schedule> schedule_from_name(std::string_view name) noexcept {
    for (auto s : {Schedule::block, Schedule::balanced, Schedule::dynamic}) {
        if (schedule_name(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace gcd_mpi
