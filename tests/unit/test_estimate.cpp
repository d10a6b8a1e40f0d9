// The up-front cost note of the brute force: words, units, rate and advice.

#include <gtest/gtest.h>

#include <string>

#include "gcd_mpi/core/estimate.hpp"

namespace {

using gcd_mpi::EstimateInput;
using gcd_mpi::Kernel;

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

EstimateInput input(Kernel kernel, long double candidates, std::uint64_t pairs, std::uint64_t workers) {
    EstimateInput in;
    in.kernel = kernel;
    in.candidates = candidates;
    in.pairs = pairs;
    in.workers = workers;
    return in;
}

TEST(EstimateNote, QuietBelowTheThreshold) {
    const double rate = gcd_mpi::assumed_candidates_per_second(Kernel::trial);
    EXPECT_EQ(gcd_mpi::estimate_note(input(Kernel::trial, rate * 59, 10, 1), 60), "");
    EXPECT_NE(gcd_mpi::estimate_note(input(Kernel::trial, rate * 61, 10, 1), 60), "");
}

TEST(EstimateNote, FastKernelsNeverGetOne) {
    EXPECT_EQ(gcd_mpi::estimate_note(input(Kernel::euclid, 1e30L, 10, 1), 60), "");
    EXPECT_EQ(gcd_mpi::estimate_note(input(Kernel::binary, 1e30L, 10, 1), 60), "");
}

TEST(EstimateNote, OneWorkerIsSingular) {
    const std::string note = gcd_mpi::estimate_note(input(Kernel::trial, 1e15L, 1, 1), 60);
    EXPECT_TRUE(has(note, "on 1 worker (")) << note;
    EXPECT_TRUE(has(note, "the 1 pair;")) << note;
    EXPECT_FALSE(has(note, "1 workers")) << note;
    const std::string many = gcd_mpi::estimate_note(input(Kernel::trial, 1e15L, 3, 4), 60);
    EXPECT_TRUE(has(many, "on 4 workers (ranks x threads)")) << many;
    EXPECT_TRUE(has(many, "the 3 pairs")) << many;
}

TEST(EstimateNote, YearsNotTensOfThousandsOfDays) {
    // 18446744073709551615 twice: the largest pair, ~29 years at 2e10/s.
    const std::string note = gcd_mpi::estimate_note(input(Kernel::trial, 18446744073709551615.0L, 1, 1), 60);
    EXPECT_TRUE(has(note, " years")) << note;
    EXPECT_FALSE(has(note, " days")) << note;
    EXPECT_EQ(gcd_mpi::human_duration(3 * 86400), "3 days");
    EXPECT_EQ(gcd_mpi::human_duration(40 * 365.25 * 86400), "40 years");
    EXPECT_EQ(gcd_mpi::human_duration(90), "90 seconds");
    EXPECT_EQ(gcd_mpi::human_duration(600), "10 minutes");
    EXPECT_EQ(gcd_mpi::human_duration(5 * 3600), "5.0 hours");
}

TEST(EstimateNote, NamesTheTotalTheRateAndSuggestsEuclid) {
    const double rate = gcd_mpi::assumed_candidates_per_second(Kernel::trial);
    const std::string note = gcd_mpi::estimate_note(input(Kernel::trial, rate * 3600 * 2, 262144, 2), 60);
    EXPECT_EQ(note.rfind("gcd_mpi: note: kernel trial needs up to 1.4e+14 candidate tests for the 262144 pairs;", 0),
              0U)
        << note;
    EXPECT_TRUE(has(note, "at about 2e+10 per second per worker")) << note;
    EXPECT_TRUE(has(note, "up to 60 minutes")) << note;  // 2 h of work on 2 workers
    EXPECT_TRUE(has(note, "--kernel euclid")) << note;
    EXPECT_EQ(note.find('\n'), std::string::npos);
}

TEST(EstimateNote, FirstBatchOnlySaysSo) {
    EstimateInput in = input(Kernel::trial, 1e15L, 262144, 1);
    in.whole_input = false;
    const std::string note = gcd_mpi::estimate_note(in, 60);
    EXPECT_TRUE(has(note, "for the first batch's 262144 pairs (the rest of the input adds to that)")) << note;
}

TEST(EstimateNote, NaiveKernelUsesItsOwnRateAndPointsToTrial) {
    const double naive = gcd_mpi::assumed_candidates_per_second(Kernel::trial_naive);
    EXPECT_LT(naive, gcd_mpi::assumed_candidates_per_second(Kernel::trial));
    const std::string note = gcd_mpi::estimate_note(input(Kernel::trial_naive, naive * 120, 5, 1), 60);
    EXPECT_TRUE(has(note, "at about 4e+08 per second")) << note;
    EXPECT_TRUE(has(note, "up to 2 minutes")) << note;
    EXPECT_TRUE(has(note, "kernel trial is the same search, faster")) << note;
    EXPECT_TRUE(has(note, "--kernel euclid")) << note;
}

TEST(AssumedRate, MeasuredFigureRoundedDown) {
    // bench/gcd_mpi_bench_kernels measured 2.3e10 (trial) and 4.1e8 (naive)
    // per CPU-second; the note assumes a bit less, never the old 1e10.
    EXPECT_DOUBLE_EQ(gcd_mpi::assumed_candidates_per_second(Kernel::trial), 2.0e10);
    EXPECT_DOUBLE_EQ(gcd_mpi::assumed_candidates_per_second(Kernel::trial_naive), 4.0e8);
    EXPECT_DOUBLE_EQ(gcd_mpi::assumed_candidates_per_second(Kernel::euclid), 0.0);
}

}  // namespace
