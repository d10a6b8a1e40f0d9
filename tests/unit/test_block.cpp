// Block partition: rank and size are plain ints, so any rank of any size is a
// serial test. Expected properties are checked by counting.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "gcd_mpi/core/block.hpp"

namespace {

using gcd_mpi::Block;
using gcd_mpi::block_counts;
using gcd_mpi::block_range;
using gcd_mpi::displacements;

// Checks every property of the partition of n items over `size` ranks.
void check_partition(std::size_t n, int size) {
    SCOPED_TRACE("n " + std::to_string(n) + " size " + std::to_string(size));
    const std::size_t floor_share = n / static_cast<std::size_t>(size);
    std::size_t next = 0;  // where the next rank's block must begin
    std::size_t smallest = n + 1;
    std::size_t largest = 0;
    std::size_t previous_count = n + 1;
    for (int rank = 0; rank < size; ++rank) {
        const Block b = block_range(n, rank, size);
        ASSERT_EQ(b.begin, next) << "rank " << rank << ": gap or overlap";
        ASSERT_LE(b.begin + b.count, n) << "rank " << rank << ": past the end";
        ASSERT_TRUE(b.count == floor_share || b.count == floor_share + 1) << "rank " << rank;
        ASSERT_LE(b.count, previous_count) << "rank " << rank << ": earlier ranks get the extra items";
        previous_count = b.count;
        smallest = std::min(smallest, b.count);
        largest = std::max(largest, b.count);
        next = b.begin + b.count;
    }
    EXPECT_EQ(next, n) << "items not covered";
    EXPECT_LE(largest - smallest, 1U);
}

TEST(BlockRange, HandComputedTenOverThree) {
    EXPECT_EQ(block_range(10, 0, 3), (Block{0, 4}));
    EXPECT_EQ(block_range(10, 1, 3), (Block{4, 3}));
    EXPECT_EQ(block_range(10, 2, 3), (Block{7, 3}));
}

TEST(BlockRange, HandComputedEvenSplit) {
    EXPECT_EQ(block_range(8, 0, 4), (Block{0, 2}));
    EXPECT_EQ(block_range(8, 3, 4), (Block{6, 2}));
}

TEST(BlockRange, ZeroItemsGiveEmptyBlocksAtZero) {
    for (int size : {1, 2, 7, 64}) {
        for (int rank = 0; rank < size; ++rank) {
            EXPECT_EQ(block_range(0, rank, size), (Block{0, 0})) << rank << " of " << size;
        }
    }
}

TEST(BlockRange, OneItemGoesToRankZero) {
    EXPECT_EQ(block_range(1, 0, 1), (Block{0, 1}));
    EXPECT_EQ(block_range(1, 0, 4), (Block{0, 1}));
    for (int rank = 1; rank < 4; ++rank) {
        const Block b = block_range(1, rank, 4);
        EXPECT_EQ(b.count, 0U) << rank;
        EXPECT_EQ(b.begin, 1U) << rank;
    }
}

TEST(BlockRange, MoreRanksThanItems) {
    // 3 items over 8 ranks: ranks 0..2 get one each, the rest nothing.
    for (int rank = 0; rank < 8; ++rank) {
        const Block b = block_range(3, rank, 8);
        EXPECT_EQ(b.count, rank < 3 ? 1U : 0U) << rank;
        EXPECT_EQ(b.begin, static_cast<std::size_t>(rank < 3 ? rank : 3)) << rank;
    }
}

TEST(BlockRange, SingleRankGetsEverything) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{17}, std::size_t{1'000'000'000}}) {
        EXPECT_EQ(block_range(n, 0, 1), (Block{0, n}));
    }
}

TEST(BlockRange, LastOfManyRanksWithBillionItems) {
    // 10^9 = 2048 * 488281 + 512: the first 512 ranks get 488282 items.
    constexpr std::size_t n = 1'000'000'000;
    EXPECT_EQ(block_range(n, 2047, 2048), (Block{n - 488'281, 488'281}));
    EXPECT_EQ(block_range(n, 0, 2048), (Block{0, 488'282}));
    EXPECT_EQ(block_range(n, 511, 2048), (Block{511 * 488'282, 488'282}));
    EXPECT_EQ(block_range(n, 512, 2048), (Block{512 * 488'282, 488'281}));
    check_partition(n, 2048);
}

TEST(BlockRange, PropertiesHoldForManySizes) {
    for (std::size_t n = 0; n <= 70; ++n) {
        for (int size = 1; size <= 70; ++size) check_partition(n, size);
    }
    for (std::size_t n : {std::size_t{999}, std::size_t{1000}, std::size_t{1001}, std::size_t{65535},
                          std::size_t{1} << 26, std::size_t{1'000'000'007}}) {
        for (int size : {1, 2, 3, 4, 63, 64, 1000, 1024, 4096, 100'000}) check_partition(n, size);
    }
}

TEST(BlockCounts, AgreeWithBlockRange) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{10}, std::size_t{1000},
                          std::size_t{1'000'000'000}}) {
        for (int size : {1, 2, 3, 8, 13, 2048}) {
            SCOPED_TRACE("n " + std::to_string(n) + " size " + std::to_string(size));
            const std::vector<int> counts = block_counts(n, size);
            const std::vector<int> displs = displacements(counts);
            ASSERT_EQ(counts.size(), static_cast<std::size_t>(size));
            ASSERT_EQ(displs.size(), static_cast<std::size_t>(size));
            long long total = 0;
            for (int rank = 0; rank < size; ++rank) {
                const Block b = block_range(n, rank, size);
                const auto r = static_cast<std::size_t>(rank);
                EXPECT_EQ(static_cast<std::size_t>(counts[r]), b.count) << rank;
                EXPECT_EQ(static_cast<std::size_t>(displs[r]), b.begin) << rank;
                total += counts[r];
            }
            EXPECT_EQ(total, static_cast<long long>(n));
        }
    }
}

TEST(Displacements, ExclusivePrefixSum) {
    EXPECT_EQ(displacements({}), std::vector<int>{});
    EXPECT_EQ(displacements({5}), (std::vector<int>{0}));
    EXPECT_EQ(displacements({4, 3, 3}), (std::vector<int>{0, 4, 7}));
    EXPECT_EQ(displacements({0, 2, 0, 1}), (std::vector<int>{0, 0, 2, 2}));
}

}  // namespace
