#include "gcd_mpi/core/affinity_queues.hpp"

#include <algorithm>
#include <numeric>

namespace gcd_mpi {

AffinityQueues::AffinityQueues(const std::vector<std::uint64_t>& costs, const Assignment& plan, std::size_t min_items)
    : costs_(costs), queues_(plan.counts.size()), min_items_(std::max<std::size_t>(min_items, 1)) {
    std::size_t k = 0;
    CostSum total = 0;
    for (std::size_t r = 0; r < plan.counts.size(); ++r) {
        Queue& q = queues_[r];
        const auto count = static_cast<std::size_t>(plan.counts[r]);
        if (plan.order.empty()) {  // the identity: contiguous blocks in input order
            q.items.resize(count);
            std::iota(q.items.begin(), q.items.end(), k);
        } else {
            q.items.assign(plan.order.begin() + static_cast<std::ptrdiff_t>(k),
                           plan.order.begin() + static_cast<std::ptrdiff_t>(k + count));
        }
        k += count;
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
