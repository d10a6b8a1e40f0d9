// Every code path of the batch `binary` kernel (exact_paths.hpp) against
// std::gcd: edge values alone and every pair of them, 1e5 random 64-bit
// pairs, random pairs with shared powers of two and with large common
// factors, and every count 0..100 (tails of every group width, unaligned
// input). Each path also must write exactly `count` results. A path this CPU
// lacks is skipped with the reason. Then the names, the CPU checks and the
// choice by GCD_MPI_EXACT_PATH, as for the trial paths.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "child_with_env.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/kernels.hpp"

namespace gcd_mpi {
// Lets gtest print paths by name in failure messages.
void PrintTo(ExactPath p, std::ostream* os) { *os << exact_path_name(p); }
}  // namespace gcd_mpi

namespace {

using gcd_mpi::ExactPath;
using gcd_mpi::Pair;
using gcd_mpi::PairResult;
using u64 = std::uint64_t;

constexpr u64 u64_max = ~u64{0};
constexpr PairResult untouched{777, 777};

// 0, 1, small values, every 2^k and 2^k +- 1, large primes and their
// neighbours, values with many factors of two, the top of the range.
const std::vector<u64>& edge_values() {
    static const std::vector<u64> values = [] {
        std::set<u64> v{0, 1, 2, 3, 5, 6, 7, 9, 12, 15, 18, 30, 255, 256, 65535, 65536, 4294967295, 4294967296};
        for (int k = 0; k < 64; ++k) {
            const u64 p = u64{1} << k;
            v.insert({p, p - 1, p + 1, 3 * p, p | 1, u64_max >> k, (u64_max >> k) << k});
        }
        // 2^64 - 59, 2^63 - 25 and 2^32 - 5 are prime.
        v.insert({18446744073709551557ULL, 9223372036854775783ULL, 4294967291ULL, u64_max - 1, u64_max - 2});
        return std::vector<u64>(v.begin(), v.end());
    }();
    return values;
}

std::vector<Pair> random_pairs(std::size_t n, u64 seed) {
    std::mt19937_64 rng(seed);
    std::vector<Pair> pairs(n);
    for (auto& p : pairs) p = Pair{rng(), rng()};
    return pairs;
}

std::string test_name(const ::testing::TestParamInfo<ExactPath>& info) {
    std::string name(gcd_mpi::exact_path_name(info.param));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

class ExactPathTest : public ::testing::TestWithParam<ExactPath> {
protected:
    void SetUp() override {
        if (!gcd_mpi::exact_path_supported(GetParam())) {
            GTEST_SKIP() << "path " << gcd_mpi::exact_path_name(GetParam()) << " is not supported by this CPU or build";
        }
    }

    // Runs the path on `pairs` into a buffer with guard results on both
    // sides, and compares with std::gcd; stops reporting after 10 failures.
    void check(const Pair* pairs, std::size_t count) {
        std::vector<PairResult> out(count + 2, untouched);
        gcd_mpi::gcd_binary_batch(GetParam(), pairs, count, out.data() + 1);
        EXPECT_EQ(out.front(), untouched) << "wrote before the results, count " << count;
        EXPECT_EQ(out.back(), untouched) << "wrote past count " << count;
        int failures = 0;
        for (std::size_t i = 0; i < count && failures < 10; ++i) {
            const PairResult expected{std::gcd(pairs[i].a, pairs[i].b), 0};
            if (out[i + 1] != expected) {
                ADD_FAILURE() << gcd_mpi::exact_path_name(GetParam()) << " on (" << pairs[i].a << ", " << pairs[i].b
                              << ") at " << i << " of " << count << ": got {" << out[i + 1].gcd << ", "
                              << out[i + 1].candidates << "}, expected " << expected.gcd;
                ++failures;
            }
        }
    }
    void check(const std::vector<Pair>& pairs) { check(pairs.data(), pairs.size()); }
};

TEST_P(ExactPathTest, ZerosOnesAndEqualValues) {
    check({{0, 0},
           {0, 5},
           {5, 0},
           {0, u64_max},
           {u64_max, 0},
           {1, u64_max},
           {u64_max, 1},
           {u64_max, u64_max},
           {12, 18},
           {18, 12},
           {7, 7},
           {u64{1} << 63, u64{1} << 63},
           {u64{1} << 63, 0},
           {0, u64{1} << 63}});
}

TEST_P(ExactPathTest, EdgeValuesAlone) {
    std::vector<Pair> pairs;
    for (const u64 v : edge_values()) pairs.insert(pairs.end(), {{v, v}, {v, 0}, {0, v}, {v, 1}, {1, v}});
    check(pairs);
}

TEST_P(ExactPathTest, EveryPairOfEdgeValues) {
    std::vector<Pair> pairs;
    for (const u64 a : edge_values()) {
        for (const u64 b : edge_values()) pairs.push_back({a, b});
    }
    ASSERT_GT(pairs.size(), 100'000U);
    check(pairs);
}

TEST_P(ExactPathTest, RandomPairs) { check(random_pairs(100'000, 20261202)); }

TEST_P(ExactPathTest, RandomPairsOfMixedSizes) {
    std::mt19937_64 rng(7);
    std::vector<Pair> pairs(20'000);
    for (auto& p : pairs) p = Pair{rng() >> (rng() % 64), rng() >> (rng() % 64)};
    check(pairs);
}

TEST_P(ExactPathTest, RandomPairsWithSharedPowersOfTwo) {
    std::mt19937_64 rng(11);
    std::vector<Pair> pairs(20'000);
    for (auto& p : pairs) {
        const int shared = static_cast<int>(rng() % 64);
        const u64 a = rng() << shared;
        const u64 b = rng() << shared;
        p = Pair{a << (rng() % 8) >> (rng() % 8), b};  // the two may differ in a few more twos
    }
    check(pairs);
}

TEST_P(ExactPathTest, RandomPairsWithLargeCommonFactors) {
    std::mt19937_64 rng(13);
    std::vector<Pair> pairs(20'000);
    for (auto& p : pairs) {
        const int factor_bits = 20 + static_cast<int>(rng() % 44);  // 20..63 bits
        const u64 g = (rng() >> (64 - factor_bits)) | (u64{1} << (factor_bits - 1));
        const u64 limit = u64_max / g;  // multiples of g that fit
        p = Pair{g * (1 + rng() % limit), g * (1 + rng() % limit)};
    }
    check(pairs);
}

TEST_P(ExactPathTest, EveryCountFrom0To100AtAnyAlignment) {
    const std::vector<Pair> pairs = random_pairs(102, 17);
    for (std::size_t count = 0; count <= 100; ++count) {
        check(pairs.data(), count);
        check(pairs.data() + 1, count);  // results and pairs not at their first 16-byte slot
    }
}

TEST_P(ExactPathTest, CountZeroTouchesNothing) {
    gcd_mpi::gcd_binary_batch(GetParam(), nullptr, 0, nullptr);  // must not dereference
    check(nullptr, 0);
}

INSTANTIATE_TEST_SUITE_P(AllPaths, ExactPathTest, ::testing::ValuesIn(gcd_mpi::all_exact_paths()), test_name);

// ---- compute_pairs ----------------------------------------------------------

TEST(ExactPaths, ComputePairsRunsTheBatchKernelForBinary) {
    const std::vector<Pair> pairs = random_pairs(1000, 19);
    for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{33}, std::size_t{1000}}) {
        std::vector<PairResult> out(count + 1, untouched);
        gcd_mpi::compute_pairs(gcd_mpi::Kernel::binary, pairs.data(), count, out.data());
        for (std::size_t i = 0; i < count; ++i) {
            ASSERT_EQ(out[i], (PairResult{std::gcd(pairs[i].a, pairs[i].b), 0})) << i << " of " << count;
        }
        EXPECT_EQ(out[count], untouched) << "wrote past count " << count;
    }
}

// ---- names, support and selection ----------------------------------------

TEST(ExactPaths, NamesRoundTrip) {
    std::set<std::string> names;
    for (const ExactPath p : gcd_mpi::all_exact_paths()) {
        const std::string_view name = gcd_mpi::exact_path_name(p);
        EXPECT_EQ(gcd_mpi::exact_path_from_name(name), p) << name;
        names.emplace(name);
    }
    EXPECT_EQ(names,
              (std::set<std::string>{"scalar", "interleaved", "interleaved-bmi2", "avx2", "avx512", "avx512-popcnt"}));
}

TEST(ExactPaths, UnknownNamesAreRejected) {
    for (const char* bad : {"", "auto", "AVX2", "avx", "avx-512", "scalar ", "sse2", "interleaved_bmi2"}) {
        EXPECT_EQ(gcd_mpi::exact_path_from_name(bad), std::nullopt) << "'" << bad << "'";
    }
    for (const char* bad : {"AVX2", "avx", "avx-512", "bogus"}) {
        EXPECT_EQ(gcd_mpi::resolve_exact_path(bad), std::nullopt) << "'" << bad << "'";
    }
}

TEST(ExactPaths, AutoResolvesToTheBestSupportedPath) {
    const ExactPath best = gcd_mpi::best_exact_path();
    EXPECT_TRUE(gcd_mpi::exact_path_supported(best));
    EXPECT_EQ(gcd_mpi::resolve_exact_path("auto"), best);
    EXPECT_EQ(gcd_mpi::resolve_exact_path(""), best);
    // The documented order: the first supported one of these.
    for (const ExactPath p : {ExactPath::avx512_popcnt, ExactPath::avx512, ExactPath::avx2, ExactPath::interleaved_bmi2,
                              ExactPath::interleaved}) {
        if (gcd_mpi::exact_path_supported(p)) {
            EXPECT_EQ(best, p);
            break;
        }
    }
}

TEST(ExactPaths, ResolveAcceptsExactlyTheSupportedPaths) {
    const std::vector<ExactPath> available = gcd_mpi::available_exact_paths();
    for (const ExactPath always : {ExactPath::scalar, ExactPath::interleaved}) {
        EXPECT_NE(std::find(available.begin(), available.end(), always), available.end());
    }
    for (const ExactPath p : gcd_mpi::all_exact_paths()) {
        const bool supported = gcd_mpi::exact_path_supported(p);
        EXPECT_EQ(std::find(available.begin(), available.end(), p) != available.end(), supported);
        const auto resolved = gcd_mpi::resolve_exact_path(gcd_mpi::exact_path_name(p));
        if (supported) {
            EXPECT_EQ(resolved, p);
        } else {
            EXPECT_EQ(resolved, std::nullopt);
        }
    }
}

#if defined(__x86_64__)
TEST(ExactPaths, X86PathsAreSupportedAsTheCpuSays) {
    __builtin_cpu_init();
    const bool bmi2 = __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
    const bool avx2 = __builtin_cpu_supports("avx2") != 0;
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd");
    const bool avx512_popcnt = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
    EXPECT_EQ(gcd_mpi::exact_path_supported(ExactPath::interleaved_bmi2), bmi2);
    EXPECT_EQ(gcd_mpi::exact_path_supported(ExactPath::avx2), avx2);
    EXPECT_EQ(gcd_mpi::exact_path_supported(ExactPath::avx512), avx512);
    EXPECT_EQ(gcd_mpi::exact_path_supported(ExactPath::avx512_popcnt), avx512_popcnt);
}
#endif

TEST(ExactPaths, UnsupportedPathRunsAsScalar) {
    std::optional<ExactPath> missing;
    for (const ExactPath p : gcd_mpi::all_exact_paths()) {
        if (!gcd_mpi::exact_path_supported(p)) missing = p;
    }
    if (!missing) GTEST_SKIP() << "this CPU supports every path";
    const std::vector<Pair> pairs = random_pairs(50, 23);
    std::vector<PairResult> out(pairs.size());
    gcd_mpi::gcd_binary_batch(*missing, pairs.data(), pairs.size(), out.data());
    for (std::size_t i = 0; i < pairs.size(); ++i) EXPECT_EQ(out[i].gcd, std::gcd(pairs[i].a, pairs[i].b));
}

// The active path is what the environment asks for (when valid), else the
// best. Run directly, this checks the current environment; the test below
// runs it again in child processes with GCD_MPI_EXACT_PATH set, since the
// variable is read once per process.
TEST(ExactPaths, ActivePathFollowsTheEnvironment) {
    const char* env = std::getenv("GCD_MPI_EXACT_PATH");
    const ExactPath expected = env != nullptr ? gcd_mpi::resolve_exact_path(env).value_or(gcd_mpi::best_exact_path())
                                              : gcd_mpi::best_exact_path();
    EXPECT_EQ(gcd_mpi::active_exact_path(), expected) << "GCD_MPI_EXACT_PATH=" << (env ? env : "(unset)");
    const Pair p{20390450, 20208020};
    PairResult r;
    gcd_mpi::compute_pairs(gcd_mpi::Kernel::binary, &p, 1, &r);
    EXPECT_EQ(r, (PairResult{std::gcd(p.a, p.b), 0}));
}

TEST(ExactPaths, EnvironmentVariableSelectsThePath) {
    std::vector<std::string> values{"auto", "", "bogus", "avx-512"};
    for (const ExactPath p : gcd_mpi::all_exact_paths()) values.emplace_back(gcd_mpi::exact_path_name(p));
    for (const std::string& v : values) {
        const auto r = gcd_mpi::test::run_test_with_env("ExactPaths.ActivePathFollowsTheEnvironment",
                                                        std::string(gcd_mpi::exact_path_env_var), v);
        EXPECT_EQ(r.status, 0) << "GCD_MPI_EXACT_PATH=" << v << ":\n" << r.output;
        EXPECT_NE(r.output.find("[  PASSED  ] 1 test"), std::string::npos) << r.output;
    }
}

TEST(ExactPaths, ChoicesAreAutoThenEveryPathInTableOrder) {
    EXPECT_EQ(gcd_mpi::exact_path_choices(),
              "auto, scalar, interleaved, interleaved-bmi2, avx2, avx512, avx512-popcnt");
    EXPECT_EQ(gcd_mpi::exact_path_choices("|"), "auto|scalar|interleaved|interleaved-bmi2|avx2|avx512|avx512-popcnt");
    EXPECT_EQ(gcd_mpi::exact_path_env_var, "GCD_MPI_EXACT_PATH");
    ASSERT_EQ(gcd_mpi::all_exact_paths().size(), gcd_mpi::exact_path_table.size());
    for (std::size_t i = 0; i < gcd_mpi::exact_path_table.size(); ++i) {
        EXPECT_EQ(gcd_mpi::all_exact_paths()[i], gcd_mpi::exact_path_table[i].value);
    }
    static_assert(gcd_mpi::exact_path_from_name("interleaved-bmi2") == ExactPath::interleaved_bmi2);
}

}  // namespace
