// Every code path of the trial kernel (trial_paths.hpp) against
// gcd_trial_naive and std::gcd: the ten sample pairs, seeded random pairs,
// every small min(a, b), and searches across the edges of the lane ranges
// (2^31, 2^32, 2^48, 2^52, 2^63, 2^64 - 1). Expected values come from
// std::gcd, gcd_trial_naive or a plain downward search written here, never
// from the code under test. A path this CPU lacks is skipped with the reason.
//
// gcd_trial_naive is the slow part, and ctest runs every test in a process
// of its own, so it runs in two tests only (EveryPathMatchesNaive...), which
// compare all supported paths with it at once; the per-path tests compare
// with std::gcd.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "child_with_env.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

namespace gcd_mpi {
// Lets gtest print paths by name in failure messages.
void PrintTo(TrialPath p, std::ostream* os) { *os << trial_path_name(p); }
}  // namespace gcd_mpi

namespace {

using gcd_mpi::TrialPath;
using u64 = std::uint64_t;

constexpr u64 u64_max = ~u64{0};
constexpr u64 pow2(int e) { return u64{1} << e; }

// The pairs of data/sample_pairs.txt, as inputs only.
constexpr std::array<std::pair<u64, u64>, 10> sample_pairs{{
    {19633090, 22659730},
    {20306770, 38141720},
    {15516450, 22296200},
    {20390450, 20208020},
    {18237120, 19249280},
    {22931290, 10204910},
    {12812380, 22737820},
    {38238120, 42372810},
    {38127410, 47291390},
    {12923910, 21238110},
}};

// The largest d <= min(first, a, b) dividing both, by trying every d: the
// reference for searches that start below min(a, b). Only for short searches.
u64 reference_from(u64 a, u64 b, u64 first) {
    const u64 x = std::min(a, b);
    if (x == 0) return std::max(a, b);
    for (u64 d = std::max<u64>(1, std::min(first, x));; --d) {
        if (a % d == 0 && b % d == 0) return d;
    }
}

struct Case {
    u64 a = 0;
    u64 b = 0;
    u64 first = u64_max;  // start of the search (u64_max: min(a, b), a full search)
    u64 expected = 0;
};

std::string describe(const Case& c) {
    std::ostringstream s;
    s << "(" << c.a << ", " << c.b << ")";
    if (c.first != u64_max) s << " from " << c.first;
    return s.str();
}

// Sample pairs, both orders. Expected: std::gcd.
const std::vector<Case>& sample_cases() {
    static const std::vector<Case> cases = [] {
        std::vector<Case> out;
        for (const auto& [a, b] : sample_pairs) {
            out.push_back({a, b, u64_max, std::gcd(a, b)});
            out.push_back({b, a, u64_max, std::gcd(a, b)});
        }
        return out;
    }();
    return cases;
}

// Random full searches with min(a, b) < 2e5 (so gcd_trial_naive stays
// fast), plus large values whose gcd is min(a, b) (one candidate).
// Expected: std::gcd.
const std::vector<Case>& random_cases() {
    static const std::vector<Case> cases = [] {
        std::mt19937_64 rng(20240611);
        std::vector<Case> out;
        const auto add = [&out](u64 a, u64 b) { out.push_back({a, b, u64_max, std::gcd(a, b)}); };
        const auto below = [&rng](u64 n) { return std::uniform_int_distribution<u64>(0, n - 1)(rng); };
        const auto bits = [&rng, &below](int max_bits) {  // log-uniform magnitude
            const int b = static_cast<int>(below(static_cast<u64>(max_bits))) + 1;
            const u64 v = rng() >> (64 - b);
            return v == 0 ? 1 : v;
        };
        // min < 2e5, max anything up to 2^64 - 1.
        for (int i = 0; i < 2000; ++i) add(1 + below(200'000 - 1), bits(64));
        // Both small, many common divisors: g * k1, g * k2.
        for (int i = 0; i < 1000; ++i) {
            const u64 g = 1 + below(1 << 14);
            add(g * (1 + below(12)), g * (1 + below(12)));
        }
        // Large values where the gcd is min: a = g, b = g * k.
        for (int i = 0; i < 500; ++i) {
            const u64 g = bits(63);
            const u64 k = 1 + below(std::min<u64>(1000, u64_max / g));
            add(g, g * k);
            add(g * k, g);
        }
        return out;
    }();
    return cases;
}

// Searches started near the edges of the lane ranges, on large values: the
// answer g lies just below `first`, so each search is short, but it walks
// across the edge with the values as large as they get there. Expected: the
// plain downward search above.
const std::vector<Case>& edge_cases() {
    static const std::vector<Case> cases = [] {
        std::vector<Case> out;
        const auto add = [&out](u64 a, u64 b, u64 first) { out.push_back({a, b, first, reference_from(a, b, first)}); };
        const std::array<u64, 6> edges{pow2(31), pow2(32), pow2(48), pow2(52), pow2(63), u64_max};
        for (const u64 e : edges) {
            for (const int delta : {-1, 0, 1}) {
                if (e == u64_max && delta == 1) continue;
                const u64 v = e + static_cast<u64>(static_cast<std::int64_t>(delta));
                // v itself as min: gcd(v, v), gcd(v, multiple of v), gcd(v, 0).
                add(v, v, u64_max);
                add(v, 0, u64_max);
                add(0, v, u64_max);
                add(v, u64_max - u64_max % v, u64_max);
                add(u64_max - u64_max % v, v, u64_max);
                // v as the answer, the search starting a little above it (and
                // so crossing the edge for v = e - 1).
                for (const u64 above : {u64{1}, u64{2}, u64{150}, u64{777}, u64{3000}}) {
                    if (v > u64_max - above) continue;
                    const u64 first = v + above;
                    const u64 k1 = v > u64_max / 2 ? 1 : 2;  // x = v * k1 >= first when k1 == 2
                    const u64 x = v * k1;
                    const u64 y = v <= u64_max / 3 ? v * 3 : x;
                    add(x, y, first);
                    add(y, x, first);
                }
            }
        }
        return out;
    }();
    return cases;
}

// Random searches started around the edges: g just below the edge, the
// search starting above g (often across the edge), x = g * k1, y = x or
// g * k2. k1 is log-uniform: small k1 keeps the quotient x / d small (lanes
// wrap rarely), large k1 makes lanes wrap every few steps, and the largest
// ones leave the lanes' range, so every stage is met. Expected: the plain
// search.
const std::vector<Case>& random_edge_cases() {
    static const std::vector<Case> cases = [] {
        std::mt19937_64 rng(7);
        const auto below = [&rng](u64 n) { return std::uniform_int_distribution<u64>(0, n - 1)(rng); };
        std::vector<Case> out;
        for (const u64 e : {pow2(31), pow2(32), pow2(48), pow2(52), pow2(62), pow2(63)}) {
            for (int i = 0; i < 60; ++i) {
                const u64 g = e - below(1 << 14) - 1;
                const u64 first = g + below(1 << 15);
                const u64 max_k = u64_max / g;  // >= 2
                const int max_bits = static_cast<int>(std::bit_width(max_k)) - 1;
                const u64 k1 = std::max<u64>(1, u64{1} << below(static_cast<u64>(max_bits) + 1)) + below(2);
                const u64 x = g * std::min(k1, max_k);
                const u64 y = i % 2 == 0 ? x : g * (1 + below(std::min<u64>(max_k, 64)));
                out.push_back({x, y, first, reference_from(x, y, first)});
            }
        }
        return out;
    }();
    return cases;
}

// Every min(a, b) up to 4000 with a few partners: the lanes of every width
// start, wrap, hit and stop at their bottoms (about sqrt(N * x)) on all of
// these. Expected: std::gcd.
const std::vector<Case>& small_exhaustive_cases() {
    static const std::vector<Case> cases = [] {
        std::vector<Case> out;
        for (u64 x = 1; x <= 4000; ++x) {
            for (const u64 y : {x, x + 1, 2 * x - 1, 3 * x / 2, x * x + x / 3, 720720 + x}) {
                if (y == 0) continue;
                out.push_back({x, y, u64_max, std::gcd(x, y)});
            }
        }
        return out;
    }();
    return cases;
}

u64 run(TrialPath p, const Case& c) {
    return c.first == u64_max ? gcd_mpi::gcd_trial_with(p, c.a, c.b) : gcd_mpi::gcd_trial_from(p, c.a, c.b, c.first);
}

std::string test_name(const ::testing::TestParamInfo<TrialPath>& info) {
    std::string name(gcd_mpi::trial_path_name(info.param));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

class TrialPathTest : public ::testing::TestWithParam<TrialPath> {
protected:
    void SetUp() override {
        if (!gcd_mpi::trial_path_supported(GetParam())) {
            GTEST_SKIP() << "path " << gcd_mpi::trial_path_name(GetParam()) << " is not supported by this CPU or build";
        }
    }

    // Runs the path on every case; stops reporting after a few failures.
    void check_all(const std::vector<Case>& cases) {
        int failures = 0;
        for (const Case& c : cases) {
            const u64 got = run(GetParam(), c);
            if (got != c.expected) {
                ADD_FAILURE() << gcd_mpi::trial_path_name(GetParam()) << " on " << describe(c) << ": got " << got
                              << ", expected " << c.expected;
                if (++failures == 10) return;
            }
        }
    }
};

TEST_P(TrialPathTest, SamplePairsMatchStdGcd) { check_all(sample_cases()); }

TEST_P(TrialPathTest, RandomPairsMatchStdGcd) { check_all(random_cases()); }

TEST_P(TrialPathTest, EverySmallMin) { check_all(small_exhaustive_cases()); }

TEST_P(TrialPathTest, EdgesOfTheLaneRanges) { check_all(edge_cases()); }

TEST_P(TrialPathTest, RandomSearchesAcrossTheEdges) { check_all(random_edge_cases()); }

TEST_P(TrialPathTest, ZerosAndOnes) {
    const TrialPath p = GetParam();
    EXPECT_EQ(gcd_mpi::gcd_trial_with(p, 0, 0), 0U);
    EXPECT_EQ(gcd_mpi::gcd_trial_with(p, 0, 5), 5U);
    EXPECT_EQ(gcd_mpi::gcd_trial_with(p, 5, 0), 5U);
    EXPECT_EQ(gcd_mpi::gcd_trial_with(p, 1, u64_max), 1U);
    EXPECT_EQ(gcd_mpi::gcd_trial_with(p, u64_max, 1), 1U);
    EXPECT_EQ(gcd_mpi::gcd_trial_with(p, u64_max, u64_max), u64_max);
    // A start below 1 counts as 1; a start above min(a, b) as min(a, b).
    EXPECT_EQ(gcd_mpi::gcd_trial_from(p, 12, 18, 0), 1U);
    EXPECT_EQ(gcd_mpi::gcd_trial_from(p, 12, 18, 5), 3U);
    EXPECT_EQ(gcd_mpi::gcd_trial_from(p, 12, 18, 1000), 6U);
}

// A full search across 2^31: x = 3g, so the answer g comes after 2.2e9
// candidates: 1.1e9 above 2^31 (64-bit lanes on avx2, scalar lanes on sse2),
// the bridge at 2^31, then 32-bit lanes, where every lane wraps once at
// x / 2 (about 0.1 s on the AVX2 paths, 0.5 s on scalar in a release build).
TEST_P(TrialPathTest, LongSearchAcross2To31) {
#if !defined(__OPTIMIZE__)
    GTEST_SKIP() << "2.2e9 candidates: too slow in an unoptimized build";
#endif
    const u64 g = pow2(30) + pow2(23) + 1;
    const u64 x = 3 * g;
    const u64 y = 4 * g;
    ASSERT_GT(x, pow2(31));
    ASSERT_EQ(std::gcd(x, y), g);
    EXPECT_EQ(gcd_mpi::gcd_trial_with(GetParam(), y, x), g);
}

INSTANTIATE_TEST_SUITE_P(AllPaths, TrialPathTest, ::testing::ValuesIn(gcd_mpi::all_trial_paths()), test_name);

// ---- all paths against gcd_trial_naive -----------------------------------

// Checks gcd_trial_naive against the expected values, then every supported
// path against gcd_trial_naive.
void check_paths_against_naive(const std::vector<Case>& cases) {
    std::vector<u64> naive;
    naive.reserve(cases.size());
    for (const Case& c : cases) {
        naive.push_back(gcd_mpi::gcd_trial_naive(c.a, c.b));
        EXPECT_EQ(naive.back(), c.expected) << "gcd_trial_naive on " << describe(c);
    }
    for (const TrialPath p : gcd_mpi::available_trial_paths()) {
        int failures = 0;
        for (std::size_t i = 0; i < cases.size() && failures < 10; ++i) {
            const u64 got = gcd_mpi::gcd_trial_with(p, cases[i].a, cases[i].b);
            if (got != naive[i]) {
                ADD_FAILURE() << gcd_mpi::trial_path_name(p) << " on " << describe(cases[i]) << ": got " << got
                              << ", gcd_trial_naive " << naive[i];
                ++failures;
            }
        }
    }
}

TEST(TrialPaths, EveryPathMatchesNaiveOnSamplePairs) {
    std::vector<Case> cases;  // one order: the naive search costs 0.5 s per pass
    for (std::size_t i = 0; i < sample_cases().size(); i += 2) cases.push_back(sample_cases()[i]);
    check_paths_against_naive(cases);
}

TEST(TrialPaths, EveryPathMatchesNaiveOnRandomAndSmallPairs) {
    std::vector<Case> cases = random_cases();
    const auto& small = small_exhaustive_cases();
    cases.insert(cases.end(), small.begin(), small.end());
    check_paths_against_naive(cases);
}

// ---- names, support and selection ----------------------------------------

TEST(TrialPaths, NamesRoundTrip) {
    std::set<std::string> names;
    for (const TrialPath p : gcd_mpi::all_trial_paths()) {
        const std::string_view name = gcd_mpi::trial_path_name(p);
        EXPECT_EQ(gcd_mpi::trial_path_from_name(name), p) << name;
        names.emplace(name);
    }
    EXPECT_EQ(names, (std::set<std::string>{"scalar", "sse2", "avx2", "avx2-64", "avx512", "avx512-64"}));
}

TEST(TrialPaths, UnknownNamesAreRejected) {
    for (const char* bad : {"", "auto", "AVX2", "avx", "avx512f", "AVX512", "avx-512", "scalar ", "sse"}) {
        EXPECT_EQ(gcd_mpi::trial_path_from_name(bad), std::nullopt) << "'" << bad << "'";
    }
    for (const char* bad : {"AVX2", "avx", "avx512f", "bogus"}) {
        EXPECT_EQ(gcd_mpi::resolve_trial_path(bad), std::nullopt) << "'" << bad << "'";
    }
}

TEST(TrialPaths, AutoResolvesToTheBestSupportedPath) {
    const TrialPath best = gcd_mpi::best_trial_path();
    EXPECT_TRUE(gcd_mpi::trial_path_supported(best));
    EXPECT_EQ(gcd_mpi::resolve_trial_path("auto"), best);
    EXPECT_EQ(gcd_mpi::resolve_trial_path(""), best);
    if (gcd_mpi::trial_path_supported(TrialPath::avx512)) {
        EXPECT_EQ(best, TrialPath::avx512);
    } else if (gcd_mpi::trial_path_supported(TrialPath::avx2)) {
        EXPECT_EQ(best, TrialPath::avx2);
    }
}

TEST(TrialPaths, ResolveAcceptsExactlyTheSupportedPaths) {
    const std::vector<TrialPath> available = gcd_mpi::available_trial_paths();
    EXPECT_NE(std::find(available.begin(), available.end(), TrialPath::scalar), available.end());
    for (const TrialPath p : gcd_mpi::all_trial_paths()) {
        const bool supported = gcd_mpi::trial_path_supported(p);
        EXPECT_EQ(std::find(available.begin(), available.end(), p) != available.end(), supported);
        const auto resolved = gcd_mpi::resolve_trial_path(gcd_mpi::trial_path_name(p));
        if (supported) {
            EXPECT_EQ(resolved, p);
        } else {
            EXPECT_EQ(resolved, std::nullopt);
        }
    }
}

#if defined(__x86_64__)
TEST(TrialPaths, X86HasSse2AndAvx2AsTheCpuSays) {
    EXPECT_TRUE(gcd_mpi::trial_path_supported(TrialPath::sse2));
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") != 0;
    EXPECT_EQ(gcd_mpi::trial_path_supported(TrialPath::avx2), avx2);
    EXPECT_EQ(gcd_mpi::trial_path_supported(TrialPath::avx2_64), avx2);
}

TEST(TrialPaths, X86HasAvx512AsTheCpuSays) {
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512dq") != 0 &&
                        __builtin_cpu_supports("avx512bw") != 0 && __builtin_cpu_supports("avx512vl") != 0;
    EXPECT_EQ(gcd_mpi::trial_path_supported(TrialPath::avx512), avx512);
    EXPECT_EQ(gcd_mpi::trial_path_supported(TrialPath::avx512_64), avx512);
    if (avx512) {
        EXPECT_EQ(gcd_mpi::best_trial_path(), TrialPath::avx512);
    }
}
#endif

TEST(TrialPaths, UnsupportedPathRunsAsScalar) {
    std::optional<TrialPath> missing;
    for (const TrialPath p : gcd_mpi::all_trial_paths()) {
        if (!gcd_mpi::trial_path_supported(p)) missing = p;
    }
    if (!missing) GTEST_SKIP() << "this CPU supports every path";
    EXPECT_EQ(gcd_mpi::gcd_trial_with(*missing, 20390450, 20208020), std::gcd(20390450, 20208020));
}

// The active path is what the environment asks for (when valid), else the
// best. Run directly, this checks the current environment; the test below
// runs it again in child processes with GCD_MPI_TRIAL_PATH set, since the
// variable is read once per process.
TEST(TrialPaths, ActivePathFollowsTheEnvironment) {
    const char* env = std::getenv("GCD_MPI_TRIAL_PATH");
    const TrialPath expected = env != nullptr ? gcd_mpi::resolve_trial_path(env).value_or(gcd_mpi::best_trial_path())
                                              : gcd_mpi::best_trial_path();
    EXPECT_EQ(gcd_mpi::active_trial_path(), expected) << "GCD_MPI_TRIAL_PATH=" << (env ? env : "(unset)");
    EXPECT_EQ(gcd_mpi::gcd_trial(20390450, 20208020), std::gcd(20390450, 20208020));
}

TEST(TrialPaths, EnvironmentVariableSelectsThePath) {
    std::vector<std::string> values{"auto", "bogus", "avx512f"};
    for (const TrialPath p : gcd_mpi::all_trial_paths()) values.emplace_back(gcd_mpi::trial_path_name(p));
    for (const std::string& v : values) {
        const auto r = gcd_mpi::test::run_test_with_env("TrialPaths.ActivePathFollowsTheEnvironment",
                                                        std::string(gcd_mpi::trial_path_env_var), v);
        EXPECT_EQ(r.status, 0) << "GCD_MPI_TRIAL_PATH=" << v << ":\n" << r.output;
        EXPECT_NE(r.output.find("[  PASSED  ] 1 test"), std::string::npos) << r.output;
    }
}

TEST(TrialPaths, ChoicesAreAutoThenEveryPathInTableOrder) {
    EXPECT_EQ(gcd_mpi::trial_path_choices(), "auto, scalar, sse2, avx2, avx2-64, avx512, avx512-64");
    EXPECT_EQ(gcd_mpi::trial_path_choices("|"), "auto|scalar|sse2|avx2|avx2-64|avx512|avx512-64");
    static_assert(gcd_mpi::trial_path_from_name("avx2-64") == TrialPath::avx2_64);
    static_assert(gcd_mpi::trial_path_from_name("avx512-64") == TrialPath::avx512_64);
    ASSERT_EQ(gcd_mpi::all_trial_paths().size(), gcd_mpi::trial_path_table.size());
    for (std::size_t i = 0; i < gcd_mpi::trial_path_table.size(); ++i) {
        EXPECT_EQ(gcd_mpi::all_trial_paths()[i], gcd_mpi::trial_path_table[i].value);
    }
    // Every choice is a request resolve_trial_path knows: the supported ones resolve.
    EXPECT_EQ(gcd_mpi::resolve_trial_path(gcd_mpi::trial_path_auto), gcd_mpi::best_trial_path());
    EXPECT_EQ(gcd_mpi::resolve_trial_path("scalar"), TrialPath::scalar);
}

}  // namespace
