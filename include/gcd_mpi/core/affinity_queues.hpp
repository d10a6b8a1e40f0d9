#pragma once
/// The dynamic schedule's queues: chunks on demand from each rank's share of
/// a static plan, with stealing. Pure: ranks are ints, no messages, no locks.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gcd_mpi/core/assignment.hpp"

namespace gcd_mpi {

/// The dynamic schedule's bookkeeping, as pure code (the pipeline adds a
/// mutex and the messages). Affinity scheduling (Markatos and LeBlanc, 1994)
/// on top of the balanced plan: every rank owns a queue holding its share of
/// `plan`, costliest first, and asks for chunks from it on demand; a rank
/// whose queue is empty steals from the cheap end of the queue with the most
/// cost left. While ranks run at the same speed nobody runs dry early, so the
/// work split is the balanced plan's (deterministic, within a few percent of
/// the lower bound); when a rank is slower (a shared or older node), the others
/// take over the tail of its queue.
class AffinityQueues {
public:
    /// `min_items`: the smallest chunk worth a message (KernelProfile's
    /// min_chunk: one for trial pairs, thousands for the fast kernels). Ranks
    /// with no items in `plan` start with an empty queue (and may steal). An
    /// empty `plan.order` is the identity (rank 0's counts[0] items first,
    /// then rank 1's, ...).
    AffinityQueues(const std::vector<std::uint64_t>& costs, const Assignment& plan, std::size_t min_items);

    /// The next chunk for `rank`, as input indices: from the front of its own
    /// queue, about a quarter of the cost it has left (at least `min_items`);
    /// when its queue is empty, stolen from the cheap end of the fullest queue
    /// that can spare some: at most 1/p of its cost and of its items (p =
    /// ranks); a queue of fewer than p items, or holding less than
    /// 1/steal_tolerance of an even share (total cost / p), is never robbed.
    /// Empty: no more work for this rank.
    [[nodiscard]] std::vector<std::size_t> take(int rank);

    /// A rank behind by less than 1/20 of an even share finishes its own
    /// queue: the balance target is 1.05 of the lower bound.
    static constexpr std::uint64_t steal_tolerance = 20;

    /// Items taken by a rank other than the one the plan gave them to.
    [[nodiscard]] std::uint64_t stolen_items() const noexcept { return stolen_items_; }

private:
    struct Queue {
        std::vector<std::size_t> items;  // costliest first
        std::size_t front = 0;           // next own chunk starts here
        std::size_t back = 0;            // one past the last item left
        CostSum cost_left = 0;
    };
    std::vector<std::uint64_t> costs_;
    std::vector<Queue> queues_;
    std::size_t min_items_;
    CostSum steal_floor_ = 0;  // an even share / steal_tolerance
    std::uint64_t stolen_items_ = 0;
};

}  // namespace gcd_mpi
