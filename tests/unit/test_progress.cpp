// The progress line (a pure function of what rank 0 knows) and the view of
// the counters it is made from.

#include <gtest/gtest.h>

#include <string>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/progress.hpp"

namespace {

using gcd_mpi::progress_line;
using gcd_mpi::ProgressView;

bool has(const std::string& line, const std::string& part) { return line.find(part) != std::string::npos; }

ProgressView trial_view() {
    ProgressView v;
    v.trial = true;
    v.pairs_done = 40;
    v.pairs_read = 100;
    v.candidates_done = 250;
    v.cost_read = 1000;
    v.input_complete = true;
    v.elapsed_seconds = 10;
    return v;
}

TEST(ProgressLine, TrialPercentageIsOfTheCandidateTestsOfTheWholeInput) {
    const std::string line = progress_line(trial_view());
    EXPECT_EQ(line.rfind("gcd_mpi: 40/100 pairs, 250/1e+03 candidate tests (25%)", 0), 0U) << line;
    EXPECT_TRUE(has(line, "25/s")) << line;     // 250 candidates in 10 s
    EXPECT_TRUE(has(line, "ETA 30s")) << line;  // 750 more at 25/s
    EXPECT_TRUE(has(line, "10s elapsed")) << line;
}

TEST(ProgressLine, BeforeTheInputIsReadItSaysWhatThePercentageIsOf) {
    ProgressView v = trial_view();
    v.input_complete = false;
    v.input_fraction = 0.5;
    const std::string line = progress_line(v);
    EXPECT_TRUE(has(line, "40/~200 pairs (input 50% read)")) << line;
    EXPECT_TRUE(has(line, "250/1e+03 candidate tests read so far (25%)")) << line;
    EXPECT_TRUE(has(line, "ETA 30s for those")) << line;
}

TEST(ProgressLine, FromAPipeTheTotalIsWhatIsReadSoFar) {
    ProgressView v = trial_view();
    v.trial = false;
    v.input_complete = false;
    v.input_fraction = 0;  // stdin: no size
    const std::string line = progress_line(v);
    EXPECT_TRUE(has(line, "40/100+ pairs (input still being read)")) << line;
    EXPECT_TRUE(has(line, "40% of what is read")) << line;
}

TEST(ProgressLine, FastKernelsCountPairs) {
    ProgressView v;
    v.pairs_done = 500;
    v.pairs_read = 1000;
    v.input_complete = true;
    v.elapsed_seconds = 2;
    const std::string line = progress_line(v);
    EXPECT_EQ(line.rfind("gcd_mpi: 500/1000 pairs, 50%, 250 pairs/s, ETA 2s, 2s elapsed", 0), 0U) << line;
}

TEST(ProgressLine, ResumedWorkIsDoneAndInTheTotalButNotInTheRate) {
    ProgressView v = trial_view();
    v.resumed_pairs = 30;
    v.resumed_candidates = 200;  // of the 250 done, 50 were computed in this run
    const std::string line = progress_line(v);
    EXPECT_TRUE(has(line, "40/100 pairs (30 resumed)")) << line;
    EXPECT_TRUE(has(line, "250/1e+03 candidate tests (25%)")) << line;
    EXPECT_TRUE(has(line, ", 5/s")) << line;      // 50 in 10 s
    EXPECT_TRUE(has(line, "ETA 2m30s")) << line;  // 750 at 5/s
}

TEST(ProgressLine, NeverAbove100Percent) {
    ProgressView v = trial_view();
    v.candidates_done = 5000;  // e.g. a read racing a batch's refinement
    v.pairs_done = 120;
    const std::string line = progress_line(v);
    EXPECT_TRUE(has(line, "100/100 pairs, 1e+03/1e+03 candidate tests (100%)")) << line;
    EXPECT_FALSE(has(line, "ETA")) << line;
    ProgressView f;
    f.pairs_done = 16037;
    f.pairs_read = 14793;
    f.input_complete = true;
    f.elapsed_seconds = 1;
    EXPECT_TRUE(has(progress_line(f), "14793/14793 pairs, 100%")) << progress_line(f);
}

TEST(ProgressLine, NothingDoneYetHasNoRateOrEta) {
    ProgressView v = trial_view();
    v.pairs_done = 0;
    v.candidates_done = 0;
    v.elapsed_seconds = 0.5;
    const std::string line = progress_line(v);
    EXPECT_TRUE(has(line, "0/100 pairs, 0/1e+03 candidate tests (0%)")) << line;
    EXPECT_FALSE(has(line, "ETA")) << line;
    EXPECT_FALSE(has(line, "/s")) << line;
}

TEST(ProgressLine, LongDurationsReadAsHoursAndDays) {
    ProgressView v = trial_view();
    v.cost_read = 250 + 25 * 3600 * 5;  // 5 h left at 25/s
    EXPECT_TRUE(has(progress_line(v), "ETA 5.0h")) << progress_line(v);
    v.cost_read = 250 + 25ULL * 86400 * 3;
    EXPECT_TRUE(has(progress_line(v), "ETA 3.0d")) << progress_line(v);
}

TEST(ProgressView, SumsLocalRemoteAndResumed) {
    gcd_mpi::ProgressCounters c;
    c.candidates_done = 10;
    c.remote_candidates = 20;
    c.resumed_candidates = 5;
    c.pairs_computed = 1;
    c.remote_pairs = 2;
    c.resumed_pairs = 3;
    c.pairs_read = 7;
    c.cost_read = 100;
    c.bytes_consumed = 50;
    c.bytes_total = 200;
    const ProgressView v = gcd_mpi::progress_view(c, true, 4);
    EXPECT_EQ(v.candidates_done, 35U);
    EXPECT_EQ(v.pairs_done, 6U);
    EXPECT_EQ(v.pairs_read, 10U);  // resumed pairs are in the total
    EXPECT_EQ(v.cost_read, 105U);  // and so are their candidates
    EXPECT_DOUBLE_EQ(v.input_fraction, 0.25);
    EXPECT_FALSE(v.input_complete);
}

TEST(AddSaturating, StopsAtTheTop) {
    std::atomic<std::uint64_t> n{UINT64_MAX - 1};
    gcd_mpi::add_saturating(n, 5);
    EXPECT_EQ(n.load(), UINT64_MAX);
    std::atomic<std::uint64_t> m{1};
    gcd_mpi::add_saturating(m, 2);
    EXPECT_EQ(m.load(), 3U);
}

TEST(ProgressIntervalOption, SecondsWithinBounds) {
    using gcd_mpi::app::parse_command_line;
    const auto ok = parse_command_line({"--progress-interval", "2.5", "in.txt"}, 1);
    ASSERT_TRUE(ok.options.has_value()) << ok.message;
    EXPECT_DOUBLE_EQ(ok.options->progress_interval.value_or(0), 2.5);
    EXPECT_FALSE(ok.options->progress.has_value());  // on by the interval, off only if --no-progress says so
    EXPECT_FALSE(parse_command_line({"in.txt"}, 1).options->progress_interval.has_value());
    for (const char* bad : {"0", "-1", "0.01", "1e9", "nan", "soon"}) {
        const auto parsed = parse_command_line({"--progress-interval", bad, "in.txt"}, 1);
        EXPECT_FALSE(parsed.options.has_value()) << bad;
        EXPECT_EQ(parsed.exit_code, gcd_mpi::exit_usage) << bad;
    }
}

}  // namespace
