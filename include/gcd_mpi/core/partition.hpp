#pragma once
/// How a batch of n items is split over ranks. Pure: rank and size are ints,
/// so "rank 2047 of 2048" is a plain unit test.

#include <cstddef>
#include <cstdint>
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

/// Who computes which item of a batch, in the layout MPI sends it: rank 0's
/// items first, then rank 1's, ... `order[k]` is the input index of the k-th
/// item sent, so results come back to `order[k]` and input order is restored
/// by layout, not by timing.
struct Assignment {
    std::vector<int> counts;          ///< items per rank
    std::vector<std::size_t> order;   ///< send position -> input index
};

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

/// Items in the order a dynamic schedule hands them out: costliest first
/// (ties by input index), so the big pairs start early and small ones fill in.
[[nodiscard]] std::vector<std::size_t> dispatch_order(const std::vector<std::uint64_t>& costs);

/// Guided chunk size for dynamic dispatch: at least `min_items` (and one),
/// then more items only while the chunk's cost stays within half of an even
/// share of what is left (`remaining_cost` / (2 * size)).
/// Returns how many items from `order[next...]` form the next chunk (>= 1
/// while items remain, 0 when none do).
[[nodiscard]] std::size_t guided_chunk(const std::vector<std::uint64_t>& costs,
                                       const std::vector<std::size_t>& order, std::size_t next,
                                       std::uint64_t remaining_cost, int size, std::size_t min_items) noexcept;

}  // namespace gcd_mpi

#include <optional>
#include <string_view>

namespace gcd_mpi {

enum class Schedule {
    block,     ///< contiguous equal-count blocks: one scatterv, one gatherv
    balanced,  ///< cost-aware static (LPT on the cost estimate): one scatterv, one gatherv
    dynamic,   ///< chunks handed out on demand, costliest first, guided sizes
};

[[nodiscard]] std::string_view schedule_name(Schedule s) noexcept;
[[nodiscard]] std::optional<Schedule> schedule_from_name(std::string_view name) noexcept;

}  // namespace gcd_mpi
