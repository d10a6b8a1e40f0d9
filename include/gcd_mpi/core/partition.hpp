#pragma once
/// How a batch of n items is split over ranks. Pure: rank and size are ints,
/// so "rank 2047 of 2048" is a plain unit test.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gcd_mpi {

/// A contiguous range of items [begin, begin + count).
struct Block {
    std::size_t begin = 0;
    std::size_t count = 0;
    friend bool operator==(const Block&, const Block&) = default;
};

/// Rank `rank` of `size`'s contiguous block of `n` items. Block sizes differ
/// by at most one; the first n % size ranks get the extra item; ranks past n
/// get empty blocks. Requires 0 <= rank < size.
[[nodiscard]] Block block_range(std::size_t n, int rank, int size) noexcept;

/// Every rank's block size, as MPI counts (n must fit in int).
[[nodiscard]] std::vector<int> block_counts(std::size_t n, int size);

/// Displacements for `counts`: the exclusive prefix sum.
[[nodiscard]] std::vector<int> displacements(const std::vector<int>& counts);

}  // namespace gcd_mpi

namespace gcd_mpi {

/// A sum of cost estimates. Estimates reach 2^64 - 1 (min(|a|, |b|) of the
/// largest values), so sums of them need more than 64 bits: a wrapped load
/// would look small and attract more work.
__extension__ typedef unsigned __int128 CostSum;

/// Who computes which item of a batch, in the layout MPI sends it: rank 0's
/// items first, then rank 1's, ... `order[k]` is the input index of the k-th
/// item sent, so results come back to `order[k]` and input order is restored
/// by layout, not by timing.
struct Assignment {
    std::vector<int> counts;          ///< items per rank
    std::vector<std::size_t> order;   ///< send position -> input index
};

/// Send layout from input order: out[k] = in[order[k]] for k < order.size().
template <class T>
void to_send_order(std::span<const T> in, std::span<const std::size_t> order, std::span<T> out) {
    for (std::size_t k = 0; k < order.size(); ++k) out[k] = in[order[k]];
}

/// Input order back from send layout (the merge after a gather, or after
/// one dynamic chunk): out[order[k]] = sent[k] for k < order.size().
/// Every slot named in `order` is written once; others are left alone.
template <class T>
void restore_input_order(std::span<const T> sent, std::span<const std::size_t> order, std::span<T> out) {
    for (std::size_t k = 0; k < order.size(); ++k) out[order[k]] = sent[k];
}

/// Contiguous equal-count blocks (order is the identity).
[[nodiscard]] Assignment block_assignment(std::size_t n, int size);

/// Cost-aware static assignment: longest processing time first (each item,
/// costliest first, goes to the least-loaded rank; ties to the lower rank and
/// the lower index, so the result is deterministic). Within a rank, items
/// keep input order. Makespan <= 4/3 of optimal.
[[nodiscard]] Assignment balanced_assignment(const std::vector<std::uint64_t>& costs, int size);

/// Per-rank sums of `costs` under `a`.
[[nodiscard]] std::vector<std::uint64_t> rank_loads(const Assignment& a,
                                                    const std::vector<std::uint64_t>& costs);

/// The best any schedule can do: max(total / size, largest single cost).
[[nodiscard]] double makespan_lower_bound(const std::vector<std::uint64_t>& costs, int size) noexcept;

/// Items costliest first (ties by input index): the order LPT plans in.
[[nodiscard]] std::vector<std::size_t> dispatch_order(const std::vector<std::uint64_t>& costs);

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
    /// `min_items`: the smallest chunk worth a message (one for trial pairs,
    /// thousands for the fast kernels). Ranks with no items in `plan` start
    /// with an empty queue (and may steal).
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

#include <optional>
#include <string_view>

namespace gcd_mpi {

enum class Schedule {
    block,     ///< contiguous equal-count blocks: one scatterv, one gatherv
    balanced,  ///< cost-aware static (LPT on the cost estimate): one scatterv, one gatherv
    dynamic,   ///< chunks on demand from per-rank queues of the balanced plan, with stealing
};

[[nodiscard]] std::string_view schedule_name(Schedule s) noexcept;
[[nodiscard]] std::optional<Schedule> schedule_from_name(std::string_view name) noexcept;

}  // namespace gcd_mpi
