// Kernel benchmarks (Google Benchmark).
//
//   trial-naive/sample_pairs, trial/<path>/sample_pairs, trial/active/sample_pairs
//       the ten pairs of data/sample_pairs.txt (206,207,450 candidates) per
//       iteration; counters: cand/s (candidates per second on one core) and
//       time/cand (time per candidate).
//   trial/<path>/heavy_pairs
//       four long searches with large values, 10^8 candidates each per
//       iteration: pairs g*k1, g*k2 (k1 < k2 coprime) searched by
//       gcd_trial_from from g + 10^8 - 1 down to their gcd g, so every
//       candidate is tested and the answer is g (std::gcd). They cover the
//       64-bit lanes (sparse: x = 3g near 3*2^40 and x = 2g just above 2^63; dense: x near
//       2^54 with g near 2^34) and the 32-bit lanes under a large quotient
//       (x near 2^50, g near 2^30: dense); counters as for sample_pairs.
//   euclid/random32, euclid/random64, binary/random32, binary/random64,
//   std-gcd/random32, std-gcd/random64
//       4096 seeded random pairs per iteration, one call per pair (gcd_euclid,
//       gcd_binary, and the standard library's std::gcd for comparison);
//       counters: pairs/s, time/pair.
//   binary/<path>/random32, binary/<path>/random64, binary/active/random64
//       the same pairs through gcd_binary_batch on each exact path
//       (exact_paths.hpp), one call per 4096 pairs: what compute_pairs runs.
//   read/random64, format/random64, format-batch/random64
//       rank 0's per-line I/O work on lines "a b" of random 64-bit values:
//       PairReader reading and parsing a 65,536-line file (from the page
//       cache), append_result formatting 4096 results as text one call a
//       line, and append_results formatting them in one call, as the output
//       sinks do; counters: lines/s, time/line.
//   chunk-parse/random64
//       the same 65,536 lines through parse_chunk (chunk_parse.hpp) from
//       memory, as each rank of --io parallel parses its chunk: one pass that
//       finds the lines, parses both values and numbers the lines; counters
//       as for read/random64, so the two compare line for line.
//   per-line/random64
//       the same chunk the way --io parallel parsed it before parse_chunk:
//       split into a vector of line views, then parse_pair_line a line.
//   format/random64/csv, format/random64/jsonl, format-batch/random64/csv,
//   format-batch/random64/jsonl
//       the same formatting in the other output formats.
//
// Every result is checked against std::gcd before timing; a path this CPU
// lacks is reported as skipped. Compare ratios within one run: on a shared
// machine absolute numbers move with the load.
//
//   gcd_mpi_bench_kernels --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gcd_mpi/core/chunk_parse.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/parse.hpp"

#include <unistd.h>
#include <cstdlib>
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

namespace {

using u64 = std::uint64_t;
using Pairs = std::vector<std::pair<u64, u64>>;

// The pairs of data/sample_pairs.txt.
const Pairs& sample_pairs() {
    static const Pairs pairs{
        {19633090, 22659730}, {20306770, 38141720}, {15516450, 22296200}, {20390450, 20208020}, {18237120, 19249280},
        {22931290, 10204910}, {12812380, 22737820}, {38238120, 42372810}, {38127410, 47291390}, {12923910, 21238110},
    };
    return pairs;
}

u64 sample_candidates() {
    u64 total = 0;
    for (const auto& [a, b] : sample_pairs()) total += gcd_mpi::trial_candidates(a, b, std::gcd(a, b));
    return total;
}

// The pairs of trial/<path>/heavy_pairs (see the top): a = g*k1, b = g*k2,
// searched from g + heavy_span - 1.
struct HeavySearch {
    u64 g, k1, k2;
};
constexpr u64 heavy_span = 100'000'000;
constexpr std::array<HeavySearch, 4> heavy_searches{{
    {(u64{1} << 40) + 12345, 3, 5},                                   // x ~ 3*2^40: 64-bit lanes, sparse
    {(u64{1} << 62) + 977, 3, 2},                                     // x = 2g just above 2^63: 64-bit lanes, sparse
    {(u64{1} << 34) + 4321, (u64{1} << 20) + 1, (u64{1} << 20) + 2},  // x ~ 2^54: 64-bit, dense
    {(u64{1} << 30) + 777, (u64{1} << 20) + 3, (u64{1} << 20) + 4},   // x ~ 2^50: 32-bit, dense
}};

Pairs random_pairs(int bits, u64 seed) {
    std::mt19937_64 rng(seed);
    Pairs pairs(4096);
    for (auto& [a, b] : pairs) {
        a = bits == 64 ? rng() : rng() >> (64 - bits);
        b = bits == 64 ? rng() : rng() >> (64 - bits);
    }
    return pairs;
}

// Rate and time per unit; `units` is the work of one iteration.
void set_counters(benchmark::State& state, double units, const char* rate_name, const char* time_name) {
    state.counters[rate_name] = benchmark::Counter(units, benchmark::Counter::kIsIterationInvariantRate);
    // The inverted rate: seconds per unit (printed as e.g. "42.1ps", in seconds in JSON).
    state.counters[time_name] =
        benchmark::Counter(units, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// Runs `gcd` over `pairs` once per iteration, after checking it on all of them.
template <class Gcd>
void run_pairs(benchmark::State& state, const Pairs& pairs, Gcd gcd, double units, const char* rate_name,
               const char* time_name) {
    for (const auto& [a, b] : pairs) {
        if (gcd(a, b) != std::gcd(a, b)) {
            std::string message = "wrong gcd for (";
            message += std::to_string(a);
            message += ", ";
            message += std::to_string(b);
            message += ")";
            state.SkipWithError(message.c_str());
            return;
        }
    }
    for (auto _ : state) {
        u64 sum = 0;
        for (const auto& [a, b] : pairs) {
            benchmark::DoNotOptimize(a);
            sum += gcd(a, b);
        }
        benchmark::DoNotOptimize(sum);
    }
    set_counters(state, units, rate_name, time_name);
}

void bench_trial(benchmark::State& state, u64 (*gcd)(u64, u64)) {
    run_pairs(state, sample_pairs(), gcd, static_cast<double>(sample_candidates()), "cand/s", "time/cand");
}

void bench_trial_path(benchmark::State& state, gcd_mpi::TrialPath path) {
    if (!gcd_mpi::trial_path_supported(path)) {
        state.SkipWithError("not supported by this CPU or build");  // the loop is not entered
        return;
    }
    run_pairs(
        state, sample_pairs(), [path](u64 a, u64 b) { return gcd_mpi::gcd_trial_with(path, a, b); },
        static_cast<double>(sample_candidates()), "cand/s", "time/cand");
}

void bench_trial_heavy(benchmark::State& state, gcd_mpi::TrialPath path) {
    if (!gcd_mpi::trial_path_supported(path)) {
        state.SkipWithError("not supported by this CPU or build");
        return;
    }
    const auto search = [path](const HeavySearch& h) {
        return gcd_mpi::gcd_trial_from(path, h.g * h.k1, h.g * h.k2, h.g + heavy_span - 1);
    };
    for (const HeavySearch& h : heavy_searches) {
        if (search(h) != std::gcd(h.g * h.k1, h.g * h.k2)) {
            state.SkipWithError(("wrong gcd for g = " + std::to_string(h.g)).c_str());
            return;
        }
    }
    for (auto _ : state) {
        u64 sum = 0;
        for (const HeavySearch& h : heavy_searches) {
            benchmark::DoNotOptimize(h);
            sum += search(h);
        }
        benchmark::DoNotOptimize(sum);
    }
    set_counters(state, static_cast<double>(heavy_span * heavy_searches.size()), "cand/s", "time/cand");
}

// The reference the others are checked against, as a kernel of its own
// (libstdc++ 12: Stein's loop with a data-dependent branch, one pair at a time).
u64 std_gcd(u64 a, u64 b) { return std::gcd(a, b); }

void bench_exact(benchmark::State& state, u64 (*gcd)(u64, u64), int bits) {
    const Pairs pairs = random_pairs(bits, 42 + static_cast<u64>(bits));
    run_pairs(state, pairs, gcd, static_cast<double>(pairs.size()), "pairs/s", "time/pair");
}

void bench_exact_path(benchmark::State& state, gcd_mpi::ExactPath path, int bits) {
    if (!gcd_mpi::exact_path_supported(path)) {
        state.SkipWithError("not supported by this CPU or build");
        return;
    }
    std::vector<gcd_mpi::Pair> pairs;
    for (const auto& [a, b] : random_pairs(bits, 42 + static_cast<u64>(bits))) pairs.push_back({a, b});
    std::vector<gcd_mpi::PairResult> results(pairs.size());
    gcd_mpi::gcd_binary_batch(path, pairs.data(), pairs.size(), results.data());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (results[i] != gcd_mpi::PairResult{std::gcd(pairs[i].a, pairs[i].b), 0}) {
            const std::string message =
                "wrong gcd for (" + std::to_string(pairs[i].a) + ", " + std::to_string(pairs[i].b) + ")";
            state.SkipWithError(message.c_str());
            return;
        }
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(pairs.data());
        gcd_mpi::gcd_binary_batch(path, pairs.data(), pairs.size(), results.data());
        benchmark::DoNotOptimize(results.data());
        benchmark::ClobberMemory();
    }
    set_counters(state, static_cast<double>(pairs.size()), "pairs/s", "time/pair");
}

// Lines "a b" of random 64-bit values (65,536 of them), as one in-memory chunk.
std::string random64_lines(std::size_t& lines) {
    std::string text;
    lines = 0;
    for (int k = 0; k < 16; ++k) {
        for (const auto& [a, b] : random_pairs(64, 7 + static_cast<u64>(k))) {
            text += std::to_string(a) + " " + std::to_string(b) + "\n";
            ++lines;
        }
    }
    return text;
}

void bench_read(benchmark::State& state) {
    // A real file, read the way rank 0's reader thread reads it.
    char path[] = "/tmp/gcd_mpi_bench_read_XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd < 0) {
        state.SkipWithError("cannot create a temporary file");
        return;
    }
    std::size_t lines = 0;
    const std::string text = random64_lines(lines);
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    std::vector<gcd_mpi::InputPair> batch;
    for (auto _ : state) {
        if (!written) break;
        gcd_mpi::PairReader reader(path);
        batch.clear();
        reader.read_batch(batch, lines + 1);
        benchmark::DoNotOptimize(batch.data());
    }
    ::unlink(path);
    if (!written || batch.size() != lines) state.SkipWithError("the file did not read back whole");
    set_counters(state, static_cast<double>(lines), "lines/s", "time/line");
}

void bench_chunk_parse(benchmark::State& state) {
    std::size_t lines = 0;
    const std::string text = random64_lines(lines);
    std::vector<gcd_mpi::InputPair> pairs;
    gcd_mpi::ChunkParse parsed;
    for (auto _ : state) {
        pairs.clear();
        parsed = gcd_mpi::parse_chunk(text, gcd_mpi::ChunkParseOptions{.max_line = gcd_mpi::max_line_bytes}, pairs);
        benchmark::DoNotOptimize(pairs.data());
    }
    if (!parsed.ok() || pairs.size() != lines || parsed.lines != lines) {
        state.SkipWithError("the chunk did not parse whole");
    }
    set_counters(state, static_cast<double>(lines), "lines/s", "time/line");
}

void bench_per_line(benchmark::State& state) {
    std::size_t lines = 0;
    const std::string text = random64_lines(lines);
    const std::string_view chunk = text;
    std::vector<gcd_mpi::InputPair> pairs;
    for (auto _ : state) {
        pairs.clear();
        std::vector<std::string_view> views;
        for (std::size_t pos = 0; pos < chunk.size();) {
            const std::size_t nl = chunk.find('\n', pos);
            const std::size_t stop = nl == std::string_view::npos ? chunk.size() : nl;
            views.push_back(chunk.substr(pos, stop - pos));
            pos = stop + 1;
        }
        for (std::size_t i = 0; i < views.size(); ++i) {
            const gcd_mpi::ParsedLine parsed = gcd_mpi::parse_pair_line(views[i]);
            if (parsed.kind == gcd_mpi::LineKind::pair) pairs.push_back({parsed.a, parsed.b, i + 1});
        }
        benchmark::DoNotOptimize(pairs.data());
    }
    if (pairs.size() != lines) state.SkipWithError("the chunk did not parse whole");
    set_counters(state, static_cast<double>(lines), "lines/s", "time/line");
}

void bench_format(benchmark::State& state, gcd_mpi::OutputFormat format) {
    std::vector<gcd_mpi::InputPair> pairs;
    for (const auto& [a, b] : random_pairs(64, 7)) pairs.push_back({{a, false}, {b, false}, 1});
    std::string out;
    for (auto _ : state) {
        out.clear();
        for (const auto& p : pairs) gcd_mpi::append_result(out, format, p, p.b.magnitude >> 40);
        benchmark::DoNotOptimize(out.data());
    }
    set_counters(state, static_cast<double>(pairs.size()), "lines/s", "time/line");
}

// The same lines through append_results, as the output sinks format a batch.
void bench_format_batch(benchmark::State& state, gcd_mpi::OutputFormat format) {
    std::vector<gcd_mpi::InputPair> pairs;
    std::vector<gcd_mpi::PairResult> results;
    for (const auto& [a, b] : random_pairs(64, 7)) {
        pairs.push_back({{a, false}, {b, false}, 1});
        results.push_back({b >> 40, 0});
    }
    std::string out;
    for (auto _ : state) {
        out.clear();
        gcd_mpi::append_results(out, format, pairs, results);
        benchmark::DoNotOptimize(out.data());
    }
    set_counters(state, static_cast<double>(pairs.size()), "lines/s", "time/line");
}

void register_benchmarks() {
    benchmark::RegisterBenchmark("trial-naive/sample_pairs", bench_trial, gcd_mpi::gcd_trial_naive)
        ->Unit(benchmark::kMillisecond);
    for (const gcd_mpi::TrialPath p : gcd_mpi::all_trial_paths()) {
        const std::string name = "trial/" + std::string(gcd_mpi::trial_path_name(p)) + "/sample_pairs";
        benchmark::RegisterBenchmark(name.c_str(), bench_trial_path, p)->Unit(benchmark::kMillisecond);
    }
    for (const gcd_mpi::TrialPath p : gcd_mpi::all_trial_paths()) {
        const std::string name = "trial/" + std::string(gcd_mpi::trial_path_name(p)) + "/heavy_pairs";
        benchmark::RegisterBenchmark(name.c_str(), bench_trial_heavy, p)->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark("trial/active/sample_pairs", bench_trial, gcd_mpi::gcd_trial)
        ->Unit(benchmark::kMillisecond);
    for (const int bits : {32, 64}) {
        const std::string suffix = "/random" + std::to_string(bits);
        benchmark::RegisterBenchmark(("euclid" + suffix).c_str(), bench_exact, gcd_mpi::gcd_euclid, bits)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("binary" + suffix).c_str(), bench_exact, gcd_mpi::gcd_binary, bits)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("std-gcd" + suffix).c_str(), bench_exact, std_gcd, bits)
            ->Unit(benchmark::kMicrosecond);
    }
    for (const gcd_mpi::ExactPath p : gcd_mpi::all_exact_paths()) {
        for (const int bits : {32, 64}) {
            const std::string name =
                "binary/" + std::string(gcd_mpi::exact_path_name(p)) + "/random" + std::to_string(bits);
            benchmark::RegisterBenchmark(name.c_str(), bench_exact_path, p, bits)->Unit(benchmark::kMicrosecond);
        }
    }
    benchmark::RegisterBenchmark("binary/active/random64", bench_exact_path, gcd_mpi::active_exact_path(), 64)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("read/random64", bench_read)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("chunk-parse/random64", bench_chunk_parse)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("per-line/random64", bench_per_line)->Unit(benchmark::kMicrosecond);
    // text keeps the plain names the earlier tables used.
    for (const auto& entry : gcd_mpi::format_table) {
        const gcd_mpi::OutputFormat format = entry.value;
        std::string suffix;  // appended piecewise: "/" + std::string trips GCC 12's -Wrestrict
        if (format != gcd_mpi::OutputFormat::text) suffix.append("/").append(entry.name);
        benchmark::RegisterBenchmark(("format/random64" + suffix).c_str(), bench_format, format)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("format-batch/random64" + suffix).c_str(), bench_format_batch, format)
            ->Unit(benchmark::kMicrosecond);
    }
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    std::string available;
    for (const gcd_mpi::TrialPath p : gcd_mpi::available_trial_paths()) {
        if (!available.empty()) available += ',';
        available += gcd_mpi::trial_path_name(p);
    }
    benchmark::AddCustomContext("trial_paths_available", available);
    benchmark::AddCustomContext("trial_path_active",
                                std::string(gcd_mpi::trial_path_name(gcd_mpi::active_trial_path())));
    std::string exact_available;
    for (const gcd_mpi::ExactPath p : gcd_mpi::available_exact_paths()) {
        if (!exact_available.empty()) exact_available += ',';
        exact_available += gcd_mpi::exact_path_name(p);
    }
    benchmark::AddCustomContext("exact_paths_available", exact_available);
    benchmark::AddCustomContext("exact_path_active",
                                std::string(gcd_mpi::exact_path_name(gcd_mpi::active_exact_path())));
    benchmark::AddCustomContext("sample_candidates", std::to_string(sample_candidates()));
    register_benchmarks();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
