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

AffinityQueues::AffinityQueues(const std::vector<std::uint64_t>& costs, const Assignment& plan,
                               std::size_t min_items)
    : costs_(costs), queues_(plan.counts.size()), min_items_(std::max<std::size_t>(min_items, 1)) {
    std::size_t k = 0;
    CostSum total = 0;
    for (std::size_t r = 0; r < plan.counts.size(); ++r) {
        Queue& q = queues_[r];
        q.items.assign(plan.order.begin() + static_cast<std::ptrdiff_t>(k),
                       plan.order.begin() + static_cast<std::ptrdiff_t>(k + static_cast<std::size_t>(plan.counts[r])));
        k += static_cast<std::size_t>(plan.counts[r]);
        // Costliest first, then input order: big pairs start early, and equal
        // costs (the fast kernels) stay contiguous in memory.
        std::stable_sort(q.items.begin(), q.items.end(),
                         [&](std::size_t x, std::size_t y) { return costs_[x] > costs_[y]; });
        q.back = q.items.size();
        for (auto i : q.items) q.cost_left += costs_[i];
        total += q.cost_left;
    }
    steal_floor_ = queues_.empty() ? 0 : total / queues_.size() / steal_tolerance;
}

std::vector<std::size_t> AffinityQueues::take(int rank) {
    Queue& own = queues_[static_cast<std::size_t>(rank)];
    if (own.front < own.back) {
        const CostSum target = own.cost_left / 4;
        std::size_t end = own.front;
        CostSum cost = 0;
        while (end < own.back) {
            const std::uint64_t c = costs_[own.items[end]];
            if (end - own.front >= min_items_ && cost + c > target) break;
            cost += c;
            ++end;
        }
        std::vector<std::size_t> chunk(own.items.begin() + static_cast<std::ptrdiff_t>(own.front),
                                       own.items.begin() + static_cast<std::ptrdiff_t>(end));
        own.front = end;
        own.cost_left -= cost;
        return chunk;
    }
    // Own queue empty: steal from the queue with the most cost left (items
    // left, for zero costs; lowest rank on ties) that has something to spare:
    // 1/p of its cost and of its items, from the cheap end (p ranks; 1/p as
    // in Markatos and LeBlanc). Queues with fewer than p items, or less than
    // 1/steal_tolerance of an even share left, stay with their owners: such an
    // owner is nearly done, so a steal would gain little time, and an owner
    // only briefly slow (a time slice lost on a shared core) keeps its planned
    // work. What the thief may wait for is bounded by that same share.
    const std::size_t ranks = queues_.size();
    Queue* victim = nullptr;
    std::size_t steal_begin = 0;
    CostSum steal_cost = 0;
    for (Queue& q : queues_) {
        const std::size_t left = q.back - q.front;
        if (left < ranks || q.cost_left < steal_floor_) continue;
        if (victim != nullptr && (q.cost_left < victim->cost_left ||
                                  (q.cost_left == victim->cost_left && left <= victim->back - victim->front))) {
            continue;
        }
        std::size_t begin = q.back;
        CostSum cost = 0;
        while (q.back - begin < left / ranks) {
            const std::uint64_t c = costs_[q.items[begin - 1]];
            if (cost + c > q.cost_left / ranks) break;
            cost += c;
            --begin;
        }
        if (begin == q.back) continue;
        victim = &q;
        steal_begin = begin;
        steal_cost = cost;
    }
    if (victim == nullptr) return {};
    std::vector<std::size_t> chunk(victim->items.begin() + static_cast<std::ptrdiff_t>(steal_begin),
                                   victim->items.begin() + static_cast<std::ptrdiff_t>(victim->back));
    victim->back = steal_begin;
    victim->cost_left -= steal_cost;
    stolen_items_ += chunk.size();
    return chunk;
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
