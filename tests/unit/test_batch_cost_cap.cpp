// How much brute-force work one checkpoint record may hold.
#include <gtest/gtest.h>

#include <cstdint>

#include "gcd_mpi/core/batch_cost_cap.hpp"

namespace {

using gcd_mpi::BatchCostCap;

TEST(BatchCostCap, StartsFromTheAssumedRateTimesWorkers) {
    EXPECT_EQ(BatchCostCap(60, 4e8, 1).cap(), 24'000'000'000ULL);
    EXPECT_EQ(BatchCostCap(60, 4e8, 8).cap(), 192'000'000'000ULL);
    EXPECT_EQ(BatchCostCap(0.5, 1e10, 2).cap(), 10'000'000'000ULL);
}

TEST(BatchCostCap, FollowsTheMeasuredRate) {
    BatchCostCap cap(10, 4e8, 4);           // assumes 1.6e9/s for the job
    cap.batch_done(8'000'000'000ULL, 2.0);  // measured 4e9/s
    EXPECT_DOUBLE_EQ(cap.rate(), 4e9);
    EXPECT_EQ(cap.cap(), 40'000'000'000ULL);
    // A slower stretch shows within a few batches.
    for (int i = 0; i < 6; ++i) cap.batch_done(1'000'000'000ULL, 1.0);
    EXPECT_LT(cap.rate(), 1.1e9);
    EXPECT_GT(cap.rate(), 1e9);
}

TEST(BatchCostCap, ShortBatchesWeighLittleAndEmptyOnesNothing) {
    BatchCostCap cap(60, 4e8, 1);
    cap.batch_done(1'000'000'000ULL, 2.0);  // 5e8/s
    cap.batch_done(10, 0.001);              // overhead-dominated: 1e4/s alone
    EXPECT_GT(cap.rate(), 3e8);
    const double before = cap.rate();
    cap.batch_done(0, 3.0);  // nothing estimated: nothing learnt
    cap.batch_done(100, 0);  // no time measured
    EXPECT_DOUBLE_EQ(cap.rate(), before);
}

TEST(BatchCostCap, NeverZeroNeverWraps) {
    EXPECT_EQ(BatchCostCap(0.001, 1e-3, 1).cap(), 1U);
    EXPECT_EQ(BatchCostCap(1e7, 1e15, 4096).cap(), UINT64_MAX);
}

}  // namespace
