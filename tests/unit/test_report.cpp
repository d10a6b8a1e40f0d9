// The --report JSON (parsed back with nlohmann::json), imbalance() and the
// summary line, on a hand-built RunReport.

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "gcd_mpi/core/report.hpp"

namespace {

using gcd_mpi::RankStats;
using gcd_mpi::RunReport;
using nlohmann::json;

RankStats rank_stats(int rank, std::uint64_t pairs, std::uint64_t candidates, double seconds) {
    RankStats s;
    s.rank = rank;
    s.pairs = pairs;
    s.candidates = candidates;
    s.compute_seconds = seconds;
    s.max_rss_bytes = 1'000'000 + rank;
    return s;
}

RunReport sample_report() {
    RunReport r;
    r.version = "9.9.9";
    r.input = "pairs.txt";
    r.kernel = "trial";
    r.format = "text";
    r.ranks = 3;
    r.threads = 2;
    r.pairs = 10;
    r.batches = 1;
    r.batch_pairs = 1024;
    r.input_bytes = 123;
    r.wall_seconds = 2.5;
    r.phases.read = 0.1;
    r.phases.scatter = 0.2;
    r.phases.compute = 1.5;
    r.phases.gather = 0.3;
    r.phases.verify = 0.0;
    r.phases.write = 0.4;
    // pairs 4 + 3 + 3; candidates 100 + 50 + 150 = 300
    r.per_rank = {rank_stats(0, 4, 100, 1.0), rank_stats(1, 3, 50, 0.5), rank_stats(2, 3, 150, 1.5)};
    r.hosts = {"node1", "node1", "node2"};
    return r;
}

TEST(ReportJson, ParsesBackWithRequiredKeys) {
    const json doc = json::parse(gcd_mpi::report_json(sample_report(), true));
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc.at("ranks").get<int>(), 3);
    EXPECT_EQ(doc.at("kernel").get<std::string>(), "trial");
    EXPECT_EQ(doc.at("pairs").get<std::uint64_t>(), 10U);
    EXPECT_DOUBLE_EQ(doc.at("wall_seconds").get<double>(), 2.5);
    const json& phases = doc.at("phases");
    EXPECT_DOUBLE_EQ(phases.at("read").get<double>(), 0.1);
    EXPECT_DOUBLE_EQ(phases.at("scatter").get<double>(), 0.2);
    EXPECT_DOUBLE_EQ(phases.at("compute").get<double>(), 1.5);
    EXPECT_DOUBLE_EQ(phases.at("gather").get<double>(), 0.3);
    EXPECT_DOUBLE_EQ(phases.at("write").get<double>(), 0.4);
}

TEST(ReportJson, PerRankEntries) {
    const json doc = json::parse(gcd_mpi::report_json(sample_report(), true));
    const json& per_rank = doc.at("per_rank");
    ASSERT_TRUE(per_rank.is_array());
    ASSERT_EQ(per_rank.size(), 3U);
    const std::uint64_t pairs[] = {4, 3, 3};
    const std::uint64_t candidates[] = {100, 50, 150};
    const double seconds[] = {1.0, 0.5, 1.5};
    for (std::size_t i = 0; i < 3; ++i) {
        const json& r = per_rank.at(i);
        EXPECT_EQ(r.at("rank").get<int>(), static_cast<int>(i));
        EXPECT_EQ(r.at("pairs").get<std::uint64_t>(), pairs[i]);
        EXPECT_EQ(r.at("candidates").get<std::uint64_t>(), candidates[i]);
        EXPECT_DOUBLE_EQ(r.at("compute_seconds").get<double>(), seconds[i]);
        EXPECT_EQ(r.at("max_rss_bytes").get<std::int64_t>(), 1'000'000 + static_cast<std::int64_t>(i));
    }
    EXPECT_EQ(per_rank.at(2).at("host").get<std::string>(), "node2");
}

TEST(ReportJson, TotalsAndImbalance) {
    const json doc = json::parse(gcd_mpi::report_json(sample_report(), true));
    EXPECT_EQ(doc.at("candidates").get<std::uint64_t>(), 300U);
    EXPECT_DOUBLE_EQ(doc.at("imbalance").get<double>(), 1.5);  // 150 / (300 / 3)
}

TEST(ReportJson, LargeCountsSurviveExactly) {
    RunReport r = sample_report();
    r.pairs = 18446744073709551615ULL;
    r.per_rank = {rank_stats(0, 1, 9'007'199'254'740'993ULL, 1.0)};  // 2^53 + 1: not exact as a double
    const json doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_EQ(doc.at("pairs").get<std::uint64_t>(), 18446744073709551615ULL);
    EXPECT_EQ(doc.at("per_rank").at(0).at("candidates").get<std::uint64_t>(), 9'007'199'254'740'993ULL);
}

TEST(ReportJson, EmptyReportIsValidJson) {
    const json doc = json::parse(gcd_mpi::report_json(RunReport{}, false));
    EXPECT_TRUE(doc.at("per_rank").is_array());
    EXPECT_TRUE(doc.at("per_rank").empty());
    EXPECT_EQ(doc.at("pairs").get<std::uint64_t>(), 0U);
    EXPECT_DOUBLE_EQ(doc.at("imbalance").get<double>(), 0.0);
}

TEST(ReportJson, StringsWithQuotesAreEscaped) {
    RunReport r = sample_report();
    r.input = "we\"ird\\name\n.txt";
    const json doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_EQ(doc.at("input").get<std::string>(), "we\"ird\\name\n.txt");
}

TEST(Imbalance, TrialKernelUsesCandidates) {
    // candidates 100, 50, 150: mean 100, busiest 150.
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(sample_report(), true), 1.5);
}

TEST(Imbalance, OtherKernelsUsePairs) {
    // pairs 4, 3, 3: mean 10/3, busiest 4 -> 1.2.
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(sample_report(), false), 1.2);
}

TEST(Imbalance, PerfectBalanceIsOne) {
    RunReport r;
    r.per_rank = {rank_stats(0, 5, 7, 1), rank_stats(1, 5, 7, 1)};
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(r, true), 1.0);
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(r, false), 1.0);
}

TEST(Imbalance, ZeroWithoutWork) {
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(RunReport{}, true), 0.0);
    RunReport r;
    r.per_rank = {rank_stats(0, 0, 0, 0), rank_stats(1, 0, 0, 0)};
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(r, true), 0.0);
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(r, false), 0.0);
}

TEST(Imbalance, OneBusyRankOfFour) {
    RunReport r;
    r.per_rank = {rank_stats(0, 8, 0, 0), rank_stats(1, 0, 0, 0), rank_stats(2, 0, 0, 0), rank_stats(3, 0, 0, 0)};
    EXPECT_DOUBLE_EQ(gcd_mpi::imbalance(r, false), 4.0);
}

TEST(BusiestWork, CandidatesForTrialPairsOtherwise) {
    EXPECT_DOUBLE_EQ(gcd_mpi::busiest_work(sample_report(), true), 150.0);
    EXPECT_DOUBLE_EQ(gcd_mpi::busiest_work(sample_report(), false), 4.0);
    EXPECT_DOUBLE_EQ(gcd_mpi::busiest_work(RunReport{}, true), 0.0);
}

TEST(ReportJson, LowerBoundFields) {
    RunReport r = sample_report();
    r.lower_bound = 120.0;
    const json doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_DOUBLE_EQ(doc.at("lower_bound").get<double>(), 120.0);
    EXPECT_DOUBLE_EQ(doc.at("busiest_rank_work").get<double>(), 150.0);
    EXPECT_DOUBLE_EQ(doc.at("busiest_over_lower_bound").get<double>(), 1.25);  // 150 / 120
}

TEST(ReportJson, ThisRunResumedAndTotalAreSeparateAndRatesCoverThisRun) {
    RunReport r = sample_report();  // 10 pairs, 300 candidates computed, 2.5 s
    r.resumed_pairs = 6;
    r.resumed_candidates = 1000;
    const json doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_EQ(doc.at("pairs").get<std::uint64_t>(), 10U);
    EXPECT_EQ(doc.at("candidates").get<std::uint64_t>(), 300U);
    EXPECT_EQ(doc.at("resumed_pairs").get<std::uint64_t>(), 6U);
    EXPECT_EQ(doc.at("resumed_candidates").get<std::uint64_t>(), 1000U);
    EXPECT_EQ(doc.at("total_pairs").get<std::uint64_t>(), 16U);
    EXPECT_EQ(doc.at("total_candidates").get<std::uint64_t>(), 1300U);
    EXPECT_DOUBLE_EQ(doc.at("pairs_per_second").get<double>(), 4.0);         // 10 / 2.5
    EXPECT_DOUBLE_EQ(doc.at("candidates_per_second").get<double>(), 120.0);  // 300 / 2.5
    // The summary line counts every result in the output.
    EXPECT_NE(gcd_mpi::summary_line(r).find("(16 pairs,"), std::string::npos) << gcd_mpi::summary_line(r);
}

TEST(ReportJson, CompleteAndExitCode) {
    RunReport r = sample_report();
    json doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_TRUE(doc.at("complete").get<bool>());
    EXPECT_EQ(doc.at("exit_code").get<int>(), 0);
    r.complete = false;
    r.exit_code = 75;
    doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_FALSE(doc.at("complete").get<bool>());
    EXPECT_EQ(doc.at("exit_code").get<int>(), 75);
}

TEST(ReportJson, GatherWaitIsSeparateFromTheTransfer) {
    RunReport r = sample_report();
    r.phases.gather_wait = 0.39;
    r.phases.gather = 0.005;
    const json doc = json::parse(gcd_mpi::report_json(r, true));
    EXPECT_DOUBLE_EQ(doc.at("phases").at("gather_wait").get<double>(), 0.39);
    EXPECT_DOUBLE_EQ(doc.at("phases").at("gather").get<double>(), 0.005);
}

TEST(TotalCandidates, SumsOverRanks) {
    EXPECT_EQ(gcd_mpi::total_candidates(sample_report()), 300U);
    EXPECT_EQ(gcd_mpi::total_candidates(RunReport{}), 0U);
}

TEST(SummaryLine, StartsWithTookAndNamesTheRun) {
    const std::string line = gcd_mpi::summary_line(sample_report());
    EXPECT_EQ(line.rfind("Took ", 0), 0U) << line;
    EXPECT_NE(line.find("2.500 seconds"), std::string::npos) << line;
    EXPECT_NE(line.find("10 pairs"), std::string::npos) << line;
    EXPECT_NE(line.find("3 ranks"), std::string::npos) << line;
    EXPECT_NE(line.find("kernel trial"), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << "one line";
}

TEST(SummaryLine, SingularForOneRank) {
    RunReport r = sample_report();
    r.ranks = 1;
    const std::string line = gcd_mpi::summary_line(r);
    EXPECT_NE(line.find("1 rank,"), std::string::npos) << line;
}

}  // namespace
