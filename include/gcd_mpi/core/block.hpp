#pragma once
/// Contiguous blocks: how n items split into equal-count ranges over ranks.
/// Pure: rank and size are ints, so "rank 2047 of 2048" is a plain unit test.

#include <cstddef>
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
