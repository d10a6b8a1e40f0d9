// The --trace recorder and its Chrome trace-event JSON (parsed back with
// nlohmann::json), on hand-made times: no clock is read for the expected
// values, and nothing is timed.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../../src/pipeline/phase_timer.hpp"
#include "gcd_mpi/core/trace.hpp"

namespace {

using gcd_mpi::RunReport;
using gcd_mpi::TracePhase;
using gcd_mpi::TraceRecorder;
using gcd_mpi::TraceRun;
using gcd_mpi::TraceSpan;
using nlohmann::json;
namespace track = gcd_mpi::trace_track;
using std::chrono::microseconds;
using std::chrono::nanoseconds;

const TraceRecorder::Clock::time_point origin{std::chrono::seconds(1000)};

TEST(TraceRecorder, OffRecordsNothing) {
    TraceRecorder off;
    EXPECT_FALSE(off.on());
    off.record(TracePhase::compute, track::main, origin, origin + microseconds(5));
    EXPECT_TRUE(off.spans().empty());
    { const gcd_mpi::TraceScope scope(&off, TracePhase::read); }
    { const gcd_mpi::TraceScope scope(nullptr, TracePhase::read); }
    EXPECT_TRUE(off.spans().empty());
}

TEST(TraceRecorder, SpansAreNanosecondsSinceTheOrigin) {
    TraceRecorder trace(origin);
    trace.record(TracePhase::scatter, track::main, origin + nanoseconds(1500), origin + microseconds(4), 3);
    const auto spans = trace.spans();
    ASSERT_EQ(spans.size(), 1U);
    EXPECT_EQ(spans[0].begin_ns, 1500);
    EXPECT_EQ(spans[0].end_ns, 4000);
    EXPECT_EQ(spans[0].batch, 3);
    EXPECT_EQ(spans[0].phase, static_cast<std::int32_t>(TracePhase::scatter));
    EXPECT_EQ(spans[0].track, track::main);
}

TEST(TraceRecorder, CurrentBatchIsTheMainThreadsBatch) {
    TraceRecorder trace(origin);
    trace.record(TracePhase::start, track::main, origin, origin);  // before any batch: -1
    trace.set_batch(7);
    trace.record(TracePhase::compute, track::first_compute, origin, origin);
    trace.record(TracePhase::read, track::reader, origin, origin, 8);  // its own index wins
    const auto spans = trace.spans();
    ASSERT_EQ(spans.size(), 3U);
    EXPECT_EQ(spans[0].batch, -1);
    EXPECT_EQ(spans[1].batch, 7);
    EXPECT_EQ(spans[2].batch, 8);
}

TEST(TraceRecorder, ThreadsRecordAtOnceWithoutLosingSpans) {
    TraceRecorder trace(origin);
    constexpr int threads = 4;
    constexpr int each = 2000;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&trace, t] {
            for (int i = 0; i < each; ++i) {
                trace.record(TracePhase::compute, track::first_compute + t, origin + nanoseconds(i),
                             origin + nanoseconds(i + 1), i);
            }
        });
    }
    for (auto& th : pool) th.join();
    const auto spans = trace.spans();
    ASSERT_EQ(spans.size(), static_cast<std::size_t>(threads * each));
    std::vector<int> per_track(threads, 0);
    for (const TraceSpan& s : spans) ++per_track[static_cast<std::size_t>(s.track - track::first_compute)];
    for (int n : per_track) EXPECT_EQ(n, each);
}

TEST(TraceRecorder, PhaseTimerFeedsTheReportAndTheTraceFromOneMeasurement) {
    TraceRecorder trace(std::chrono::steady_clock::now());
    double total = 0;
    for (int i = 0; i < 3; ++i) {
        gcd_mpi::pipeline::detail::PhaseTimer timer(total, &trace, TracePhase::gather, track::main, i);
    }
    double traced = 0;
    for (const TraceSpan& s : trace.spans()) traced += static_cast<double>(s.end_ns - s.begin_ns) / 1e9;
    ASSERT_EQ(trace.spans().size(), 3U);
    EXPECT_NEAR(total, traced, 3e-9);  // one nanosecond of rounding a span at most
}

TEST(TraceNames, PhasesAndTracks) {
    EXPECT_EQ(gcd_mpi::trace_phase_name(TracePhase::start), "start");
    EXPECT_EQ(gcd_mpi::trace_phase_name(TracePhase::gather_wait), "gather_wait");
    EXPECT_EQ(gcd_mpi::trace_phase_name(TracePhase::finish), "finish");
    std::set<std::string_view> names;
    for (int p = 0; p < gcd_mpi::trace_phase_count; ++p) names.insert(gcd_mpi::trace_phase_name(TracePhase(p)));
    EXPECT_EQ(names.size(), static_cast<std::size_t>(gcd_mpi::trace_phase_count)) << "names are distinct";
    EXPECT_EQ(names.count("?"), 0U);
    EXPECT_EQ(gcd_mpi::trace_track_name(track::main), "main");
    EXPECT_EQ(gcd_mpi::trace_track_name(track::reader), "reader");
    EXPECT_EQ(gcd_mpi::trace_track_name(track::writer), "writer");
    EXPECT_EQ(gcd_mpi::trace_track_name(track::first_compute), "compute 1");
    EXPECT_EQ(gcd_mpi::trace_track_name(track::first_compute + 11), "compute 12");
}

TraceSpan span(TracePhase phase, std::int32_t on, std::int64_t begin_ns, std::int64_t end_ns, std::int64_t batch) {
    return {begin_ns, end_ns, batch, static_cast<std::int32_t>(phase), on};
}

TraceRun two_ranks() {
    TraceRun run;
    run.ranks.push_back(
        {{span(TracePhase::start, track::main, 0, 2500, -1), span(TracePhase::read, track::reader, 1000, 2000, 0),
          span(TracePhase::compute, track::first_compute, 2500, 9000, 0)},
         9000,
         "node-a"});
    run.ranks.push_back({{span(TracePhase::wait, track::main, 0, 4000, 0)}, 12000, "node-b"});
    return run;
}

RunReport provenance() {
    RunReport r;
    r.version = "9.9.9";
    r.build.commit = "abc1234";
    r.command_line = {"gcd_mpi", "--trace", "t.json", "in.txt"};
    r.started_utc = "2026-12-02T10:11:12Z";
    r.kernel = "euclid";
    r.ranks = 2;
    return r;
}

TEST(TraceJson, CompleteEventsInMicrosecondsWithRankAsPidAndTrackAsTid) {
    const json doc = json::parse(gcd_mpi::trace_json(two_ranks(), provenance()));
    std::vector<json> complete;
    for (const json& e : doc["traceEvents"]) {
        if (e["ph"] == "X") complete.push_back(e);
    }
    ASSERT_EQ(complete.size(), 4U);
    EXPECT_EQ(complete[1]["name"], "read");
    EXPECT_DOUBLE_EQ(complete[1]["ts"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(complete[1]["dur"].get<double>(), 1.0);
    EXPECT_EQ(complete[1]["pid"], 0);
    EXPECT_EQ(complete[1]["tid"], track::reader);
    EXPECT_EQ(complete[1]["args"]["batch"], 0);
    EXPECT_DOUBLE_EQ(complete[0]["dur"].get<double>(), 2.5);
    EXPECT_FALSE(complete[0]["args"].contains("batch")) << "outside any batch";
    EXPECT_EQ(complete[3]["pid"], 1);
    EXPECT_EQ(complete[3]["name"], "wait");
    EXPECT_EQ(doc["displayTimeUnit"], "ms");
}

TEST(TraceJson, MetadataNamesRanksAndTracks) {
    const json doc = json::parse(gcd_mpi::trace_json(two_ranks(), provenance()));
    std::set<std::pair<int, std::string>> processes;
    std::set<std::tuple<int, int, std::string>> threads;
    for (const json& e : doc["traceEvents"]) {
        if (e["ph"] != "M") continue;
        if (e["name"] == "process_name") processes.insert({e["pid"].get<int>(), e["args"]["name"].get<std::string>()});
        if (e["name"] == "thread_name") {
            threads.insert({e["pid"].get<int>(), e["tid"].get<int>(), e["args"]["name"].get<std::string>()});
        }
    }
    EXPECT_EQ(processes, (std::set<std::pair<int, std::string>>{{0, "rank 0"}, {1, "rank 1"}}));
    EXPECT_EQ(threads, (std::set<std::tuple<int, int, std::string>>{
                           {0, 0, "main"}, {0, 1, "reader"}, {0, 3, "compute 1"}, {1, 0, "main"}}));
}

TEST(TraceJson, OtherDataCarriesProvenanceAndWallTimes) {
    const json other = json::parse(gcd_mpi::trace_json(two_ranks(), provenance()))["otherData"];
    EXPECT_EQ(other["complete"], true);
    EXPECT_EQ(other["exit_code"], 0);
    EXPECT_EQ(other["commit"], "abc1234");
    EXPECT_EQ(other["version"], "9.9.9");
    EXPECT_EQ(other["command_line"], "gcd_mpi --trace t.json in.txt");
    EXPECT_EQ(other["started_utc"], "2026-12-02T10:11:12Z");
    EXPECT_EQ(other["kernel"], "euclid");
    EXPECT_EQ(other["ranks"], 2);
    EXPECT_DOUBLE_EQ(other["wall_seconds"].get<double>(), 12e-6) << "the last rank's end";
    ASSERT_EQ(other["rank_wall_seconds"].size(), 2U);
    EXPECT_DOUBLE_EQ(other["rank_wall_seconds"][0].get<double>(), 9e-6);
}

TEST(TraceJson, AnIncompleteRunSaysSoInOtherDataAndOnTheTimeline) {
    TraceRun run = two_ranks();
    run.complete = false;
    run.exit_code = 65;
    run.error = "in.txt:3: not a number";
    const json doc = json::parse(gcd_mpi::trace_json(run, provenance()));
    EXPECT_EQ(doc["otherData"]["complete"], false);
    EXPECT_EQ(doc["otherData"]["exit_code"], 65);
    int marks = 0;
    for (const json& e : doc["traceEvents"]) {
        if (e["ph"] != "i") continue;
        ++marks;
        EXPECT_EQ(e["name"], "incomplete run: exit 65");
        EXPECT_EQ(e["s"], "g");
        EXPECT_EQ(e["args"]["error"], "in.txt:3: not a number");
    }
    EXPECT_EQ(marks, 1);
    const json complete = json::parse(gcd_mpi::trace_json(two_ranks(), provenance()));
    for (const json& e : complete["traceEvents"]) EXPECT_NE(e["ph"], "i") << "a complete run has no such mark";
}

TEST(TraceJson, BadUtf8InNamesStillGivesValidJson) {
    RunReport r = provenance();
    r.input = "in\xff.txt";
    EXPECT_TRUE(json::accept(gcd_mpi::trace_json(two_ranks(), r)));
}

}  // namespace
