// GCD kernels, compute_pair/compute_pairs and compute_block, checked against
// std::gcd and hand-counted candidate numbers.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/kernels.hpp"

namespace {

using gcd_mpi::Kernel;
using gcd_mpi::Pair;
using gcd_mpi::PairResult;
using u64 = std::uint64_t;

constexpr u64 two32 = u64{1} << 32;
constexpr u64 two62 = u64{1} << 62;
constexpr u64 two63 = u64{1} << 63;
constexpr u64 u64_max = ~u64{0};

u64 reference_gcd(u64 a, u64 b) { return std::gcd(a, b); }

// Candidates the brute force tries, by counting: d = min, min - 1, ... down to
// the first common divisor. Only for small min.
u64 counted_candidates(u64 a, u64 b) {
    const u64 m = std::min(a, b);
    if (m == 0) return 0;
    u64 tried = 0;
    for (u64 d = m; d >= 1; --d) {
        ++tried;
        if (a % d == 0 && b % d == 0) break;
    }
    return tried;
}

// min - gcd + 1 (0 when a value is 0), from the reference gcd.
u64 expected_candidates(u64 a, u64 b) {
    const u64 m = std::min(a, b);
    return m == 0 ? 0 : m - reference_gcd(a, b) + 1;
}

// Whether a brute-force kernel finishes quickly on (a, b).
bool cheap_for_trial(u64 a, u64 b) { return expected_candidates(a, b) <= 2'000'000; }

const std::vector<u64>& edge_values() {
    static const std::vector<u64> values{
        0,
        1,
        2,
        3,
        4,
        6,
        12,
        18,
        97,
        1024,
        65537,
        1'000'003,
        2'147'483'647,  // 2^31 - 1, prime
        two32 - 1,
        two32,
        two32 + 1,
        3 * (two32 + 1),
        two62,
        two63 - 1,
        two63,
        2'305'843'009'213'693'951ULL,   // 2^61 - 1, prime
        18'446'744'073'709'551'557ULL,  // largest prime below 2^64
        u64_max - 1,
        u64_max,
    };
    return values;
}

u64 run_trial_naive(u64 a, u64 b) { return gcd_mpi::gcd_trial_naive(a, b); }
u64 run_trial(u64 a, u64 b) { return gcd_mpi::gcd_trial(a, b); }
u64 run_euclid(u64 a, u64 b) { return gcd_mpi::gcd_euclid(a, b); }
u64 run_binary(u64 a, u64 b) { return gcd_mpi::gcd_binary(a, b); }

struct NamedGcd {
    const char* name;
    u64 (*fn)(u64, u64);
    bool brute_force;
};

const std::vector<NamedGcd>& gcd_functions() {
    static const std::vector<NamedGcd> fns{{"gcd_trial_naive", run_trial_naive, true},
                                           {"gcd_trial", run_trial, true},
                                           {"gcd_euclid", run_euclid, false},
                                           {"gcd_binary", run_binary, false}};
    return fns;
}

// ---- hand-computed small cases --------------------------------------------

TEST(GcdKernels, SmallHandComputedCases) {
    struct Case {
        u64 a, b, gcd;
    };
    const Case cases[] = {{12, 18, 6}, {18, 12, 6},  {7, 13, 1},   {100, 75, 25}, {1, 1, 1},
                          {1, 99, 1},  {48, 36, 12}, {17, 34, 17}, {270, 192, 6}, {1071, 462, 21}};
    for (const auto& f : gcd_functions()) {
        for (const auto& c : cases) {
            EXPECT_EQ(f.fn(c.a, c.b), c.gcd) << f.name << "(" << c.a << ", " << c.b << ")";
        }
    }
}

TEST(GcdKernels, ZeroZeroIsZero) {
    for (const auto& f : gcd_functions()) EXPECT_EQ(f.fn(0, 0), 0U) << f.name;
}

TEST(GcdKernels, GcdWithZeroIsTheOtherValue) {
    for (const auto& f : gcd_functions()) {
        for (u64 a : edge_values()) {
            EXPECT_EQ(f.fn(a, 0), a) << f.name << "(" << a << ", 0)";
            EXPECT_EQ(f.fn(0, a), a) << f.name << "(0, " << a << ")";
        }
    }
}

TEST(GcdKernels, EqualValuesGiveThemselves) {
    for (const auto& f : gcd_functions()) {
        for (u64 a : edge_values()) EXPECT_EQ(f.fn(a, a), a) << f.name << "(" << a << ", " << a << ")";
    }
}

TEST(GcdKernels, MultipleGivesTheSmallerValue) {
    const std::pair<u64, u64> cases[] = {{two63, two62},
                                         {u64_max, two32 - 1},
                                         {u64_max, two32 + 1},
                                         {u64_max, 3},
                                         {u64_max, 5},
                                         {u64_max, 17},
                                         {two63, 1024},
                                         {18, 6},
                                         {3 * (two32 + 1), two32 + 1},
                                         {1'000'003ULL * 1'000'003ULL, 1'000'003}};
    for (const auto& f : gcd_functions()) {
        for (const auto& [big, small] : cases) {
            ASSERT_EQ(big % small, 0U);  // the case really is a multiple
            EXPECT_EQ(f.fn(big, small), small) << f.name << "(" << big << ", " << small << ")";
            EXPECT_EQ(f.fn(small, big), small) << f.name << "(" << small << ", " << big << ")";
        }
    }
}

TEST(GcdKernels, ExactKernelsOnAllEdgeValuePairs) {
    for (u64 a : edge_values()) {
        for (u64 b : edge_values()) {
            const u64 expected = reference_gcd(a, b);
            EXPECT_EQ(gcd_mpi::gcd_euclid(a, b), expected) << "euclid(" << a << ", " << b << ")";
            EXPECT_EQ(gcd_mpi::gcd_binary(a, b), expected) << "binary(" << a << ", " << b << ")";
        }
    }
}

TEST(GcdKernels, BruteForceKernelsOnCheapEdgeValuePairs) {
    int checked = 0;
    for (u64 a : edge_values()) {
        for (u64 b : edge_values()) {
            if (!cheap_for_trial(a, b)) continue;
            ++checked;
            const u64 expected = reference_gcd(a, b);
            EXPECT_EQ(gcd_mpi::gcd_trial(a, b), expected) << "trial(" << a << ", " << b << ")";
            EXPECT_EQ(gcd_mpi::gcd_trial_naive(a, b), expected) << "trial_naive(" << a << ", " << b << ")";
        }
    }
    EXPECT_GT(checked, 200);
}

TEST(GcdKernels, LargeNamedPairs) {
    // Values near 2^64 where the exact kernels must be right.
    const std::pair<u64, u64> cases[] = {{u64_max, u64_max - 1},
                                         {u64_max - 1, u64_max - 3},
                                         {two63, two63 - 1},
                                         {two63 + 1, two63 - 1},
                                         {two32 + 1, two32 - 1},
                                         {u64_max, two63},
                                         {18'446'744'073'709'551'557ULL, u64_max},
                                         {two62 * 3, two63}};
    for (const auto& [a, b] : cases) {
        const u64 expected = reference_gcd(a, b);
        EXPECT_EQ(gcd_mpi::gcd_euclid(a, b), expected) << a << ", " << b;
        EXPECT_EQ(gcd_mpi::gcd_binary(a, b), expected) << a << ", " << b;
    }
    // Hand-checked: consecutive integers are coprime; 2^64-2 and 2^64-4 share 2.
    EXPECT_EQ(gcd_mpi::gcd_euclid(u64_max, u64_max - 1), 1U);
    EXPECT_EQ(gcd_mpi::gcd_binary(u64_max, u64_max - 1), 1U);
    EXPECT_EQ(gcd_mpi::gcd_binary(u64_max - 1, u64_max - 3), 2U);
    EXPECT_EQ(gcd_mpi::gcd_binary(two62 * 3, two63), two62);
}

TEST(GcdKernels, BruteForceFindsGcdEqualToMinOfHugeValuesImmediately) {
    // gcd == min: the first candidate hits, so the brute force is instant.
    const std::pair<u64, u64> cases[] = {{u64_max, u64_max},   {two63, two62}, {u64_max, two32 + 1},
                                         {u64_max, two32 - 1}, {two63, two63}, {u64_max - 1, (u64_max - 1) / 2}};
    for (const auto& [a, b] : cases) {
        const u64 expected = reference_gcd(a, b);
        ASSERT_EQ(expected, std::min(a, b));
        EXPECT_EQ(gcd_mpi::gcd_trial(a, b), expected) << a << ", " << b;
        EXPECT_EQ(gcd_mpi::gcd_trial_naive(a, b), expected) << a << ", " << b;
        EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial, {a, b}).candidates, 1U);
        EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial_naive, {a, b}).candidates, 1U);
    }
}

TEST(GcdKernels, BruteForceOnMidSizeValues) {
    // min around 1e7: long runs through gcd_trial's division-free loop.
    const std::pair<u64, u64> cases[] = {{10'000'019, u64_max},                 // prime min, gcd 1
                                         {12'000'000, 18'000'000},              // gcd 6e6
                                         {9'999'991ULL * 3, 9'999'991ULL * 7},  // gcd 9999991 (prime)
                                         {16'777'216, 16'777'215},              // 2^24, 2^24-1
                                         {7'000'000, u64_max - 5}};
    for (const auto& [a, b] : cases) {
        const u64 expected = reference_gcd(a, b);
        EXPECT_EQ(gcd_mpi::gcd_trial(a, b), expected) << a << ", " << b;
        EXPECT_EQ(gcd_mpi::gcd_trial_naive(a, b), expected) << a << ", " << b;
    }
}

TEST(GcdKernels, BruteForceOnEveryPairUpTo300) {
    // Exhaustive over small values: covers the change from the
    // division-free loop to plain division near sqrt(min).
    for (u64 a = 0; a <= 300; ++a) {
        for (u64 b = 0; b <= 300; ++b) {
            const u64 expected = reference_gcd(a, b);
            ASSERT_EQ(gcd_mpi::gcd_trial(a, b), expected) << a << ", " << b;
            ASSERT_EQ(gcd_mpi::gcd_trial_naive(a, b), expected) << a << ", " << b;
            ASSERT_EQ(gcd_mpi::gcd_euclid(a, b), expected) << a << ", " << b;
            ASSERT_EQ(gcd_mpi::gcd_binary(a, b), expected) << a << ", " << b;
        }
    }
}

TEST(GcdKernels, ExactKernelsOnRandomFullRangePairs) {
    std::mt19937_64 rng(20240611);
    for (int i = 0; i < 20000; ++i) {
        const u64 a = rng();
        const u64 b = rng();
        const u64 expected = reference_gcd(a, b);
        ASSERT_EQ(gcd_mpi::gcd_euclid(a, b), expected) << a << ", " << b;
        ASSERT_EQ(gcd_mpi::gcd_binary(a, b), expected) << a << ", " << b;
    }
}

TEST(GcdKernels, ExactKernelsOnRandomPairsWithCommonFactors) {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20000; ++i) {
        const u64 g = (rng() >> 40) + 1;  // up to 2^24
        const u64 a = g * (rng() >> 24);  // below 2^64
        const u64 b = g * (rng() >> 24);
        const int shift = static_cast<int>(rng() % 16);
        const u64 a2 = (a << shift) >> shift == a ? a << shift : a;  // extra factors of two
        const u64 expected = reference_gcd(a2, b);
        ASSERT_EQ(gcd_mpi::gcd_euclid(a2, b), expected) << a2 << ", " << b;
        ASSERT_EQ(gcd_mpi::gcd_binary(a2, b), expected) << a2 << ", " << b;
    }
}

TEST(GcdKernels, BruteForceOnRandomPairsWithSmallMin) {
    std::mt19937_64 rng(42);
    for (int i = 0; i < 2000; ++i) {
        u64 a = rng() % 100'000;
        u64 b = rng() % 100'000;
        if (i % 2 == 1) {  // half share a factor, so the gcd is not 1
            const u64 g = rng() % 300 + 1;
            a = g * (a / 300);
            b = g * (b / 300);
        }
        if (i % 5 == 0) b = rng();  // larger value over the full range; min stays < 1e5
        const u64 expected = reference_gcd(a, b);
        ASSERT_EQ(gcd_mpi::gcd_trial(a, b), expected) << a << ", " << b;
        ASSERT_EQ(gcd_mpi::gcd_trial_naive(a, b), expected) << a << ", " << b;
    }
}

TEST(GcdKernels, BruteForceOnRandomPairsWithMinUpToTwoMillion) {
    // Long enough searches to pass through every stage of gcd_trial.
    std::mt19937_64 rng(99);
    for (int i = 0; i < 30; ++i) {
        const u64 a = 100'000 + rng() % 1'900'000;
        const u64 b = i % 3 == 0 ? rng() : a + rng() % 10'000'000;
        const u64 expected = reference_gcd(a, b);
        EXPECT_EQ(gcd_mpi::gcd_trial(a, b), expected) << a << ", " << b;
        EXPECT_EQ(gcd_mpi::gcd_trial_naive(a, b), expected) << a << ", " << b;
    }
}

TEST(GcdKernels, BruteForceWithLargeCommonFactor) {
    // gcd = g * gcd(k1, k2) with min(k1, k2) <= 3, so the search is short.
    std::mt19937_64 rng(5);
    for (int i = 0; i < 200; ++i) {
        const u64 g = rng() % 600'000 + 1;
        const u64 k1 = rng() % 3 + 1;
        const u64 k2 = rng() % 1000 + 1;
        const u64 expected = reference_gcd(g * k1, g * k2);
        EXPECT_EQ(gcd_mpi::gcd_trial(g * k1, g * k2), expected) << g * k1 << ", " << g * k2;
        EXPECT_EQ(gcd_mpi::gcd_trial_naive(g * k2, g * k1), expected) << g * k2 << ", " << g * k1;
    }
}

TEST(GcdKernels, BruteForceFindsGcdDeepInTheSearch) {
    // x = k1 * g with k1 in 2..5 and y = k2 * g: the answer lies thousands of
    // candidates below min(a, b), where the fast kernel tests many candidates
    // per step, and its position varies from pair to pair.
    std::mt19937_64 rng(2024);
    for (int i = 0; i < 8000; ++i) {
        const u64 g = 1000 + rng() % 19'000;
        const u64 k1 = 2 + rng() % 4;
        const u64 k2 = k1 + 1 + rng() % 100'000;
        const u64 a = g * k1;
        const u64 b = g * k2;
        const u64 expected = reference_gcd(a, b);
        ASSERT_EQ(gcd_mpi::gcd_trial(a, b), expected) << a << ", " << b;
        if (i < 1000) {
            ASSERT_EQ(gcd_mpi::gcd_trial_naive(b, a), expected) << b << ", " << a;
        }
    }
}

// ---- trial_candidates and compute_pair -------------------------------------

TEST(TrialCandidates, HandComputedValues) {
    EXPECT_EQ(gcd_mpi::trial_candidates(12, 18, 6), 7U);  // 12, 11, ..., 6
    EXPECT_EQ(gcd_mpi::trial_candidates(18, 12, 6), 7U);
    EXPECT_EQ(gcd_mpi::trial_candidates(7, 13, 1), 7U);  // 7 down to 1
    EXPECT_EQ(gcd_mpi::trial_candidates(5, 5, 5), 1U);
    EXPECT_EQ(gcd_mpi::trial_candidates(1, 1, 1), 1U);
    EXPECT_EQ(gcd_mpi::trial_candidates(u64_max, u64_max, u64_max), 1U);
    EXPECT_EQ(gcd_mpi::trial_candidates(u64_max, u64_max - 1, 1), u64_max - 1);
}

TEST(TrialCandidates, ZeroWhenEitherValueIsZero) {
    EXPECT_EQ(gcd_mpi::trial_candidates(0, 0, 0), 0U);
    EXPECT_EQ(gcd_mpi::trial_candidates(0, 5, 5), 0U);
    EXPECT_EQ(gcd_mpi::trial_candidates(5, 0, 5), 0U);
    EXPECT_EQ(gcd_mpi::trial_candidates(0, u64_max, u64_max), 0U);
}

TEST(TrialCandidates, MatchesCountedCandidatesForSmallValues) {
    for (u64 a = 0; a <= 60; ++a) {
        for (u64 b = 0; b <= 60; ++b) {
            EXPECT_EQ(gcd_mpi::trial_candidates(a, b, reference_gcd(a, b)), counted_candidates(a, b)) << a << ", " << b;
        }
    }
}

TEST(TrialCostBound, IsTheSmallerValue) {
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{12, 18}), 12U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{18, 12}), 12U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{0, 18}), 0U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{u64_max - 1, u64_max}), u64_max - 1);
}

TEST(TrialCostBound, IsOneCandidateWhenTheSmallerDividesTheLarger) {
    // gcd = min, found at the first candidate: (x, x) and (x, k*x) cost 1.
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{u64_max, u64_max}), 1U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{12, 36}), 1U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{36, 12}), 1U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{1, u64_max}), 1U);
    EXPECT_EQ(gcd_mpi::trial_cost_bound(Pair{two63, 0}), 0U);
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial_naive, Pair{two63, two63}).candidates, 1U);
}

TEST(TrialCostBound, BoundsTrialNaiveCandidatesAndIsExactWhereItClaims) {
    // Against the candidates trial-naive really tries (counted here, and as
    // the kernel reports them): never below, and equal when min | max or a
    // value is 0.
    for (u64 a = 0; a <= 80; ++a) {
        for (u64 b = 0; b <= 80; ++b) {
            const u64 bound = gcd_mpi::trial_cost_bound(Pair{a, b});
            const u64 counted = counted_candidates(a, b);
            EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial_naive, Pair{a, b}).candidates, counted) << a << ", " << b;
            EXPECT_GE(bound, counted) << a << ", " << b;
            const u64 lo = std::min(a, b);
            const u64 hi = std::max(a, b);
            if (lo == 0 || hi % lo == 0)
                EXPECT_EQ(bound, counted) << a << ", " << b;
            else
                EXPECT_EQ(bound, lo) << a << ", " << b;
        }
    }
}

TEST(ComputePair, EveryKernelOnCheapEdgePairs) {
    for (Kernel k : gcd_mpi::all_kernels()) {
        const bool trial = gcd_mpi::is_trial_kernel(k);
        for (u64 a : edge_values()) {
            for (u64 b : edge_values()) {
                if (trial && !cheap_for_trial(a, b)) continue;
                const PairResult r = gcd_mpi::compute_pair(k, Pair{a, b});
                EXPECT_EQ(r.gcd, reference_gcd(a, b)) << gcd_mpi::kernel_name(k) << " " << a << ", " << b;
                EXPECT_EQ(r.candidates, trial ? expected_candidates(a, b) : 0U)
                    << gcd_mpi::kernel_name(k) << " " << a << ", " << b;
            }
        }
    }
}

TEST(ComputePair, CandidatesOfTrialKernelsMatchCountingOnSmallValues) {
    for (Kernel k : {Kernel::trial, Kernel::trial_naive}) {
        for (u64 a = 0; a <= 40; ++a) {
            for (u64 b = 0; b <= 40; ++b) {
                const PairResult r = gcd_mpi::compute_pair(k, Pair{a, b});
                EXPECT_EQ(r.candidates, counted_candidates(a, b)) << gcd_mpi::kernel_name(k) << " " << a << ", " << b;
            }
        }
    }
}

TEST(ComputePair, HandComputedResults) {
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial, {12, 18}), (PairResult{6, 7}));
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial_naive, {12, 18}), (PairResult{6, 7}));
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::euclid, {12, 18}), (PairResult{6, 0}));
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::binary, {12, 18}), (PairResult{6, 0}));
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial, {0, 9}), (PairResult{9, 0}));
    EXPECT_EQ(gcd_mpi::compute_pair(Kernel::trial_naive, {0, 0}), (PairResult{0, 0}));
}

TEST(ComputePairs, MatchesReferenceElementwise) {
    std::vector<Pair> in;
    for (u64 a = 0; a < 50; ++a) in.push_back(Pair{a * 37 % 91, a * 11 % 64});
    for (Kernel k : gcd_mpi::all_kernels()) {
        std::vector<PairResult> out(in.size() + 1, PairResult{777, 777});
        gcd_mpi::compute_pairs(k, in.data(), in.size(), out.data());
        for (std::size_t i = 0; i < in.size(); ++i) {
            EXPECT_EQ(out[i].gcd, reference_gcd(in[i].a, in[i].b)) << gcd_mpi::kernel_name(k) << " " << i;
        }
        EXPECT_EQ(out.back(), (PairResult{777, 777})) << "wrote past count";
    }
}

// ---- kernel names ----------------------------------------------------------

TEST(KernelNames, CanonicalNames) {
    EXPECT_EQ(gcd_mpi::kernel_name(Kernel::trial), "trial");
    EXPECT_EQ(gcd_mpi::kernel_name(Kernel::trial_naive), "trial-naive");
    EXPECT_EQ(gcd_mpi::kernel_name(Kernel::euclid), "euclid");
    EXPECT_EQ(gcd_mpi::kernel_name(Kernel::binary), "binary");
}

TEST(KernelNames, RoundTripForEveryKernel) {
    const auto& kernels = gcd_mpi::all_kernels();
    EXPECT_EQ(kernels.size(), 4U);
    std::set<std::string> names;
    for (Kernel k : kernels) {
        names.insert(std::string(gcd_mpi::kernel_name(k)));
        const auto back = gcd_mpi::kernel_from_name(gcd_mpi::kernel_name(k));
        ASSERT_TRUE(back.has_value()) << gcd_mpi::kernel_name(k);
        EXPECT_EQ(*back, k);
    }
    EXPECT_EQ(names, (std::set<std::string>{"trial", "trial-naive", "euclid", "binary"}));
}

TEST(KernelNames, UnknownNamesAreRejected) {
    for (const char* name :
         {"", "Trial", "TRIAL", "trial_naive", "trialnaive", " euclid", "euclid ", "stein", "gcd", "binary\n"}) {
        EXPECT_FALSE(gcd_mpi::kernel_from_name(name).has_value()) << '"' << name << '"';
    }
}

TEST(KernelNames, IsTrialKernel) {
    EXPECT_TRUE(gcd_mpi::is_trial_kernel(Kernel::trial));
    EXPECT_TRUE(gcd_mpi::is_trial_kernel(Kernel::trial_naive));
    EXPECT_FALSE(gcd_mpi::is_trial_kernel(Kernel::euclid));
    EXPECT_FALSE(gcd_mpi::is_trial_kernel(Kernel::binary));
}

TEST(VerificationKernel, NeverTheKernelItselfNorTheSameAlgorithm) {
    for (Kernel k : gcd_mpi::all_kernels()) {
        const Kernel v = gcd_mpi::verification_kernel_for(k);
        EXPECT_NE(v, k) << gcd_mpi::kernel_name(k);
        if (gcd_mpi::is_trial_kernel(k)) {
            EXPECT_FALSE(gcd_mpi::is_trial_kernel(v))
                << gcd_mpi::kernel_name(k) << " verified by " << gcd_mpi::kernel_name(v);
        }
    }
}

// ---- compute_block ---------------------------------------------------------

std::vector<Pair> block_input(std::size_t count, bool trial) {
    std::mt19937_64 rng(count * 1000 + (trial ? 1 : 0));
    std::vector<Pair> pairs(count);
    for (auto& p : pairs) {
        p = trial ? Pair{rng() % 5000, rng() % 5000} : Pair{rng(), rng()};
        if (rng() % 7 == 0) p.b = 0;
    }
    return pairs;
}

TEST(ComputeBlock, SameResultsAsComputePairsForAnyThreadCount) {
    for (Kernel k : gcd_mpi::all_kernels()) {
        for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5},
                                  std::size_t{7}, std::size_t{100}, std::size_t{2000}}) {
            const std::vector<Pair> pairs = block_input(count, gcd_mpi::is_trial_kernel(k));
            std::vector<PairResult> expected(count);
            gcd_mpi::compute_pairs(k, pairs.data(), count, expected.data());
            u64 expected_candidate_sum = 0;
            for (std::size_t i = 0; i < count; ++i) {
                ASSERT_EQ(expected[i].gcd, reference_gcd(pairs[i].a, pairs[i].b));
                expected_candidate_sum += expected[i].candidates;
            }
            for (unsigned threads : {1U, 2U, 3U, 8U}) {
                SCOPED_TRACE(std::string(gcd_mpi::kernel_name(k)) + " count " + std::to_string(count) + " threads " +
                             std::to_string(threads));
                std::vector<PairResult> results(count + 1, PairResult{777, 777});
                const gcd_mpi::BlockStats stats =
                    gcd_mpi::compute_block(k, pairs.data(), count, results.data(), threads);
                EXPECT_TRUE(std::equal(expected.begin(), expected.end(), results.begin()));
                EXPECT_EQ(results[count], (PairResult{777, 777})) << "wrote past count";
                EXPECT_EQ(stats.candidates, expected_candidate_sum);
                EXPECT_GE(stats.thread_seconds.size(), 1U);
                EXPECT_LE(stats.thread_seconds.size(), threads);
                EXPECT_GE(stats.seconds, 0.0);
            }
        }
    }
}

TEST(ComputeBlock, TrialCandidateSumMatchesReference) {
    const std::vector<Pair> pairs{{12, 18}, {0, 5}, {7, 13}, {5, 5}, {100, 75}};
    // 7 + 0 + 7 + 1 + (75 - 25 + 1 = 51)
    for (unsigned threads : {1U, 2U, 3U, 8U}) {
        std::vector<PairResult> results(pairs.size());
        const auto stats = gcd_mpi::compute_block(Kernel::trial, pairs.data(), pairs.size(), results.data(), threads);
        EXPECT_EQ(stats.candidates, 66U) << threads;
    }
}

TEST(ComputeBlock, ExactKernelsReportNoCandidates) {
    const std::vector<Pair> pairs{{12, 18}, {7, 13}, {u64_max, 3}};
    for (Kernel k : {Kernel::euclid, Kernel::binary}) {
        std::vector<PairResult> results(pairs.size());
        const auto stats = gcd_mpi::compute_block(k, pairs.data(), pairs.size(), results.data(), 3);
        EXPECT_EQ(stats.candidates, 0U);
        EXPECT_EQ(results[2].gcd, 3U);
    }
}

TEST(UsableCpuCount, IsAtLeastOne) { EXPECT_GE(gcd_mpi::usable_cpu_count(), 1U); }

TEST(KernelNames, ChoicesListEveryNameOnceInTableOrder) {
    EXPECT_EQ(gcd_mpi::kernel_choices(), "trial, trial-naive, euclid, binary");
    static_assert(gcd_mpi::kernel_name(Kernel::trial_naive) == "trial-naive");
    static_assert(gcd_mpi::kernel_from_name("binary") == Kernel::binary);
    ASSERT_EQ(gcd_mpi::all_kernels().size(), gcd_mpi::kernel_table.size());
    for (std::size_t i = 0; i < gcd_mpi::kernel_table.size(); ++i) {
        EXPECT_EQ(gcd_mpi::all_kernels()[i], gcd_mpi::kernel_table[i].value);
    }
    EXPECT_EQ(gcd_mpi::kernel_name(static_cast<Kernel>(99)), "?");
}

}  // namespace
