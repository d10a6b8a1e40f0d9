// The pipeline on a real MPI team (run under mpiexec at -np 1 to 5): an
// in-memory source and sink on rank 0, every schedule, more ranks than
// pairs, a stop request and a verify failure mid-run, failing reads and
// writes. Every rank runs every test; a test passes only if it passed on
// every rank (see main below).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/mpi/mpi_team.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"
#include "gcd_mpi/pipeline/pipeline.hpp"

namespace {

using namespace gcd_mpi;
using pipeline::InputBatch;
using pipeline::PipelineOptions;
using pipeline::PipelineResult;

pipeline::Team* world = nullptr;  // set by main

// gcd by Euclid on plain integers: an independent reference.
std::uint64_t reference_gcd(std::uint64_t a, std::uint64_t b) {
    while (b != 0) {
        const std::uint64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

std::vector<InputPair> random_pairs(std::size_t n, std::uint64_t max_value, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::uint64_t> value(0, max_value);
    std::vector<InputPair> pairs(n);
    for (std::size_t i = 0; i < n; ++i) {
        pairs[i].a = {value(rng), (rng() & 1) != 0};
        pairs[i].b = {value(rng), false};
        pairs[i].line = i + 1;
    }
    return pairs;
}

// Rank 0's input from memory. `on_batch(k)` runs as batch k (0-based) is
// handed out; it may throw, as a failing read does.
class VectorSource final : public pipeline::BatchSource {
public:
    explicit VectorSource(std::vector<InputPair> pairs) : pairs_(std::move(pairs)) {}
    std::function<void(std::size_t)> on_batch = [](std::size_t) {};
    bool next(InputBatch& batch, std::size_t max_pairs) override {
        batch.pairs.clear();
        if (next_ >= pairs_.size()) return false;
        on_batch(batches_++);
        const std::size_t n = std::min(max_pairs, pairs_.size() - next_);
        batch.pairs.assign(pairs_.begin() + static_cast<std::ptrdiff_t>(next_),
                           pairs_.begin() + static_cast<std::ptrdiff_t>(next_ + n));
        next_ += n;
        batch.tag = next_;
        return true;
    }

private:
    std::vector<InputPair> pairs_;
    std::size_t next_ = 0;
    std::size_t batches_ = 0;
};

// Rank 0's output into memory; `fail_at` makes the write of that batch fail.
class VectorSink final : public pipeline::ResultSink {
public:
    std::vector<InputPair> pairs;
    std::vector<PairResult> results;
    std::vector<std::uint64_t> tags;
    std::size_t fail_at = SIZE_MAX;
    void write(const InputBatch& batch, const std::vector<PairResult>& batch_results) override {
        if (tags.size() == fail_at) throw GcdError(exit_io, "test sink: disk full");
        pairs.insert(pairs.end(), batch.pairs.begin(), batch.pairs.end());
        results.insert(results.end(), batch_results.begin(), batch_results.end());
        tags.push_back(batch.tag);
    }
};

struct PipelineRun {
    PipelineResult result;
    VectorSink sink;  // rank 0's
};

// Runs the pipeline on every rank with rank 0 reading `input`.
PipelineRun run_on_world(const std::vector<InputPair>& input, const PipelineOptions& options, const StopFlag& stop,
                         const std::function<void(VectorSource&, VectorSink&)>& prepare = {}) {
    pipeline::Team& team = *world;
    PipelineRun run;
    VectorSource source(input);
    if (prepare) prepare(source, run.sink);
    PhaseSeconds phases;
    const bool root = team.is_root();
    const auto data = pipeline::make_root_data_path(team, root ? &source : nullptr, root ? &run.sink : nullptr,
                                                    options.batch_pairs, is_trial_kernel(options.kernel), phases);
    run.result = pipeline::run_pipeline(team, options, *data, stop, phases, nullptr);
    return run;
}

// Rank 0: the sink holds exactly the first `count` results of `input`, right.
void expect_correct_prefix(const PipelineRun& run, const std::vector<InputPair>& input, std::size_t count) {
    if (!world->is_root()) return;
    ASSERT_EQ(run.sink.results.size(), count);
    ASSERT_EQ(run.sink.pairs.size(), count);
    for (std::size_t i = 0; i < count; ++i) {
        ASSERT_EQ(run.sink.pairs[i], input[i]) << "pair " << i << " out of input order";
        ASSERT_EQ(run.sink.results[i].gcd, reference_gcd(input[i].a.magnitude, input[i].b.magnitude))
            << "pair " << i << ": gcd(" << input[i].a.magnitude << ", " << input[i].b.magnitude << ")";
    }
}

struct Case {
    Kernel kernel;
    Schedule schedule;
};

class EverySchedule : public ::testing::TestWithParam<Case> {};

TEST_P(EverySchedule, ResultsInInputOrderOverSeveralBatches) {
    const Case c = GetParam();
    // Trial pairs small enough to be quick, large enough that costs differ.
    const auto input = random_pairs(1000, is_trial_kernel(c.kernel) ? 5000 : UINT64_MAX, 7);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 97;  // 11 batches, the last one short
    const StopFlag stop;
    const PipelineRun run = run_on_world(input, options, stop);
    EXPECT_EQ(run.result.exit_code, 0);
    EXPECT_EQ(run.result.batches, 11U);
    expect_correct_prefix(run, input, input.size());
    if (world->is_root()) {
        EXPECT_EQ(run.result.pairs, input.size());
        ASSERT_EQ(run.result.per_rank.size(), static_cast<std::size_t>(world->size()));
        std::uint64_t computed = 0;
        for (const RankStats& r : run.result.per_rank) computed += r.pairs;
        EXPECT_EQ(computed, input.size()) << "every pair computed exactly once";
        EXPECT_EQ(run.sink.tags.size(), 11U);
    }
}

TEST_P(EverySchedule, MoreRanksThanPairs) {
    const Case c = GetParam();
    const auto input = random_pairs(static_cast<std::size_t>(std::max(1, world->size() - 1)), 300, 11);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    const StopFlag stop;
    const PipelineRun run = run_on_world(input, options, stop);
    EXPECT_EQ(run.result.exit_code, 0);
    expect_correct_prefix(run, input, input.size());
}

TEST_P(EverySchedule, EmptyInput) {
    const Case c = GetParam();
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    const StopFlag stop;
    const PipelineRun run = run_on_world({}, options, stop);
    EXPECT_EQ(run.result.exit_code, 0);
    EXPECT_EQ(run.result.batches, 0U);
    expect_correct_prefix(run, {}, 0);
}

// Rank 0 is asked to stop while batch 3 is being read: the run ends with
// exit_stopped on every rank, and what was written is whole batches of
// right results in input order, fewer than all of them.
TEST_P(EverySchedule, StopRequestMidRun) {
    const Case c = GetParam();
    const auto input = random_pairs(1000, 5000, 13);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 100;
    StopFlag stop;
    const PipelineRun run = run_on_world(input, options, stop, [&](VectorSource& source, VectorSink&) {
        source.on_batch = [&](std::size_t k) {
            if (k == 3) (void)stop.request(15);
        };
    });
    EXPECT_EQ(run.result.exit_code, exit_stopped);
    if (world->is_root()) {
        EXPECT_NE(run.result.error.find("SIGTERM"), std::string::npos) << run.result.error;
        const std::size_t written = run.sink.results.size();
        // Batch 3 is read while batch 1 or 2 is computed (the reader runs one
        // batch ahead, through a one-slot hand-over), so 1 to 3 batches are whole.
        EXPECT_GE(written, 100U);
        EXPECT_LE(written, 300U);
        EXPECT_EQ(written % 100, 0U);
        EXPECT_EQ(run.result.pairs, written) << "a stop keeps its count";
        expect_correct_prefix(run, input, written);
    }
}

// A stop request on the last rank alone, before any work: every rank stops
// at the first vote and nothing is written.
TEST_P(EverySchedule, StopRequestOnAnotherRank) {
    const Case c = GetParam();
    const auto input = random_pairs(500, 5000, 17);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 100;
    StopFlag stop;
    if (world->rank() == world->size() - 1) (void)stop.request(10);
    const PipelineRun run = run_on_world(input, options, stop);
    EXPECT_EQ(run.result.exit_code, exit_stopped);
    EXPECT_EQ(run.result.batches, 0U);
    if (world->is_root()) {
        EXPECT_NE(run.result.error.find("SIGUSR1"), std::string::npos) << run.result.error;
    }
    expect_correct_prefix(run, input, 0);
}

// --verify catches wrong results: with --io-only every result is 0, right
// for (0, 0) pairs only. Batches 0-1 hold such pairs, batch 2 real ones: it
// fails the check, is not written, and every rank ends with the same code.
TEST_P(EverySchedule, VerifyFailureMidRun) {
    const Case c = GetParam();
    auto input = random_pairs(400, 5000, 19);
    for (std::size_t i = 0; i < 200; ++i) input[i].a = input[i].b = SignedValue{0, false};
    for (std::size_t i = 200; i < 400; ++i) input[i].a.magnitude |= 1;  // no (0, 0) pair past 200
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 100;
    options.verify = true;
    options.io_only = true;
    const StopFlag stop;
    const PipelineRun run = run_on_world(input, options, stop);
    EXPECT_EQ(run.result.exit_code, exit_software);
    if (world->is_root()) {
        EXPECT_EQ(run.sink.results.size(), 200U);
        EXPECT_EQ(run.result.pairs, 0U) << "a failed run counts nothing as complete";
        EXPECT_FALSE(run.result.error.empty());
    }
}

// A write that fails ends the run on every rank with the sink's exit code.
TEST_P(EverySchedule, WriteFailure) {
    const Case c = GetParam();
    const auto input = random_pairs(600, 5000, 23);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 100;
    const StopFlag stop;
    const PipelineRun run =
        run_on_world(input, options, stop, [](VectorSource&, VectorSink& sink) { sink.fail_at = 2; });
    EXPECT_EQ(run.result.exit_code, exit_io);
    if (world->is_root()) {
        EXPECT_NE(run.result.error.find("disk full"), std::string::npos) << run.result.error;
        EXPECT_EQ(run.sink.results.size(), 200U);
    }
}

// A read that fails (bad input at batch 2) ends the run on every rank with
// the reader's exit code and message.
TEST_P(EverySchedule, ReadFailure) {
    const Case c = GetParam();
    const auto input = random_pairs(600, 5000, 29);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 100;
    const StopFlag stop;
    const PipelineRun run = run_on_world(input, options, stop, [](VectorSource& source, VectorSink&) {
        source.on_batch = [](std::size_t k) {
            if (k == 2) throw GcdError(exit_data, "pairs.txt:201: not a pair");
        };
    });
    EXPECT_EQ(run.result.exit_code, exit_data);
    if (world->is_root()) {
        EXPECT_EQ(run.result.error, "pairs.txt:201: not a pair");
        expect_correct_prefix(run, input, 200);
    }
}

// --trace: every rank's spans reach rank 0 in the end-of-run gather; rank
// 0's add up to the phase seconds the report gets (one timer feeds both);
// each rank's main-thread spans never overlap and end at its wall time.
TEST_P(EverySchedule, TraceReachesRootAndAgreesWithThePhases) {
    const Case c = GetParam();
    const auto input = random_pairs(500, is_trial_kernel(c.kernel) ? 3000 : UINT64_MAX, 21);
    PipelineOptions options;
    options.kernel = c.kernel;
    options.schedule = c.schedule;
    options.batch_pairs = 64;  // 8 batches
    TraceRecorder trace(std::chrono::steady_clock::now());
    options.trace = &trace;
    const StopFlag stop;
    pipeline::Team& team = *world;
    VectorSource source(input);
    VectorSink sink;
    PhaseSeconds phases;
    const bool root = team.is_root();
    PipelineResult result;
    {
        const auto data =
            pipeline::make_root_data_path(team, root ? &source : nullptr, root ? &sink : nullptr, options.batch_pairs,
                                          is_trial_kernel(options.kernel), phases, &trace);
        result = pipeline::run_pipeline(team, options, *data, stop, phases, nullptr);
    }
    EXPECT_EQ(result.exit_code, 0);
    if (!root) {
        EXPECT_TRUE(result.trace.empty());
        return;
    }
    ASSERT_EQ(result.trace.size(), static_cast<std::size_t>(team.size()));
    auto seconds_of = [&](std::int32_t on, TracePhase phase) {
        std::int64_t ns = 0;
        for (const TraceSpan& s : result.trace[0].spans) {
            if (s.track == on && s.phase == static_cast<std::int32_t>(phase)) ns += s.end_ns - s.begin_ns;
        }
        return static_cast<double>(ns) / 1e9;
    };
    const double ns = 1e-9 * 64;  // a nanosecond of rounding per span, a few dozen spans
    EXPECT_NEAR(seconds_of(trace_track::main, TracePhase::compute), result.phases.compute, ns);
    EXPECT_NEAR(seconds_of(trace_track::main, TracePhase::scatter), result.phases.scatter, ns);
    EXPECT_NEAR(seconds_of(trace_track::main, TracePhase::gather), result.phases.gather, ns + 1e-6);
    EXPECT_NEAR(seconds_of(trace_track::main, TracePhase::gather_wait), result.phases.gather_wait, ns + 1e-6);
    EXPECT_NEAR(seconds_of(trace_track::main, TracePhase::read_wait), result.phases.read_wait, ns);
    EXPECT_NEAR(seconds_of(trace_track::main, TracePhase::write_wait), result.phases.write_wait, ns);
    EXPECT_NEAR(seconds_of(trace_track::reader, TracePhase::read), result.phases.read, ns);
    EXPECT_NEAR(seconds_of(trace_track::writer, TracePhase::write), result.phases.write, ns);
    for (std::size_t r = 0; r < result.trace.size(); ++r) {
        std::vector<TraceSpan> main;
        for (const TraceSpan& s : result.trace[r].spans) {
            EXPECT_LE(s.begin_ns, s.end_ns);
            EXPECT_LE(s.end_ns, result.trace[r].end_ns) << "rank " << r << ": a span after the rank's end";
            if (s.track == trace_track::main) main.push_back(s);
        }
        ASSERT_FALSE(main.empty());
        std::sort(main.begin(), main.end(),
                  [](const TraceSpan& a, const TraceSpan& b) { return a.begin_ns < b.begin_ns; });
        for (std::size_t i = 1; i < main.size(); ++i) {
            EXPECT_LE(main[i - 1].end_ns, main[i].begin_ns) << "rank " << r << ": main spans overlap";
        }
        EXPECT_EQ(main.back().end_ns, result.trace[r].end_ns) << "rank " << r << ": finish ends the timeline";
        EXPECT_EQ(main.back().phase, static_cast<std::int32_t>(TracePhase::finish));
        EXPECT_EQ(main.front().phase, static_cast<std::int32_t>(TracePhase::start));
    }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    std::string name =
        std::string(kernel_name(info.param.kernel)) + "_" + std::string(schedule_name(info.param.schedule));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(
    Pipeline, EverySchedule,
    ::testing::Values(Case{Kernel::trial, Schedule::block}, Case{Kernel::trial, Schedule::balanced},
                      Case{Kernel::trial, Schedule::dynamic}, Case{Kernel::euclid, Schedule::block},
                      Case{Kernel::euclid, Schedule::balanced}, Case{Kernel::euclid, Schedule::dynamic}),
    case_name);

// Only rank 0 prints; every rank's verdict counts (a failure anywhere fails
// the run on every rank, so mpiexec's exit code tells).
class RankVerdict : public ::testing::EmptyTestEventListener {
public:
    void OnTestPartResult(const ::testing::TestPartResult& part) override {
        if (world->is_root() || !part.failed()) return;  // rank 0's own printer shows its failures
        std::printf("rank %d: %s:%d: %s\n", world->rank(), part.file_name() != nullptr ? part.file_name() : "?",
                    part.line_number(), part.message());
    }
    void OnTestEnd(const ::testing::TestInfo& info) override {
        const int failed = info.result()->Failed() ? 1 : 0;
        const int anywhere = world->max_over_ranks({failed})[0];
        if (anywhere != 0 && failed == 0 && world->is_root()) {
            std::printf("[  FAILED  ] %s.%s failed on another rank\n", info.test_suite_name(), info.name());
        }
        any_failed = any_failed || anywhere != 0;
    }
    bool any_failed = false;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    const auto team = gcd_mpi::mpi::make_mpi_team(argc, argv);
    world = team.get();
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    if (!team->is_root()) delete listeners.Release(listeners.default_result_printer());
    auto* verdict = new RankVerdict;
    listeners.Append(verdict);
    const int local = RUN_ALL_TESTS();
    const bool failed = verdict->any_failed || local != 0;
    world = nullptr;
    return failed ? 1 : 0;
}
