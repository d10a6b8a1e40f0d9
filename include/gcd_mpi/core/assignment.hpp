#pragma once
/// Static assignments: which rank computes which item of a batch, and the
/// send layout that puts results back in input order. Pure: size is an int.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gcd_mpi {

/// A sum of cost estimates. Estimates reach 2^64 - 1 (min(|a|, |b|) of the
/// largest values), so sums of them need more than 64 bits: a wrapped load
/// would look small and attract more work.
__extension__ typedef unsigned __int128 CostSum;

/// Who computes which item of a batch, in the layout MPI sends it: rank 0's
/// items first, then rank 1's, ... `order[k]` is the input index of the k-th
/// item sent, so results come back to `order[k]` and input order is restored
/// by layout, not by timing. An empty `order` with items to send means the
/// identity (contiguous blocks in input order, nothing to permute):
/// rank_loads and AffinityQueues read it so; to_send_order and
/// restore_input_order copy nothing for it, so callers skip them.
struct Assignment {
    std::vector<int> counts;         ///< items per rank
    std::vector<std::size_t> order;  ///< send position -> input index; empty: identity
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

/// Per-rank sums of `costs` under `a` (an empty order is the identity).
[[nodiscard]] std::vector<std::uint64_t> rank_loads(const Assignment& a, const std::vector<std::uint64_t>& costs);

/// The best any schedule can do: max(total / size, largest single cost).
[[nodiscard]] double makespan_lower_bound(const std::vector<std::uint64_t>& costs, int size) noexcept;

/// Items costliest first (ties by input index): the order LPT plans in.
[[nodiscard]] std::vector<std::size_t> dispatch_order(const std::vector<std::uint64_t>& costs);

}  // namespace gcd_mpi
