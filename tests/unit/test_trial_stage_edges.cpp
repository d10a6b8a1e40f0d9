// Every trial path across the points where a path changes stage or lane
// width, written for the avx512 path's boundaries (its 16-vector sparse
// stage stops where a step of 256 (32-bit) or 128 (64-bit) candidates wraps
// with probability 1/2, about c = N * sqrt(2x); its 4-vector sparse stage at
// N = 64 or 32; its dense stages near sqrt(N * x)), and checked on every
// path. Searches are short: a window just around the boundary, or a search
// started just above the answer (gcd_trial_from). Expected values come from
// a plain downward search written here, std::gcd or gcd_trial_naive, never
// from the code under test. A path this CPU lacks is skipped with the reason.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

namespace gcd_mpi {
// Prints paths by name in failure messages (defined in test_trial_paths.cpp).
void PrintTo(TrialPath p, std::ostream* os);
}  // namespace gcd_mpi

namespace {

using gcd_mpi::TrialPath;
using u64 = std::uint64_t;

constexpr u64 u64_max = ~u64{0};
constexpr u64 pow2(int e) { return u64{1} << e; }

// The largest d in [max(last, 1), min(first, a, b)] dividing a and b, 0 when
// none does; max(a, b) when either is 0 (gcd_trial_window's contract), by
// trying every d. Only for short windows.
u64 reference_window(u64 a, u64 b, u64 first, u64 last) {
    const u64 x = std::min(a, b);
    if (x == 0) return std::max(a, b);
    const u64 bottom = std::max<u64>(last, 1);
    for (u64 d = std::max<u64>(1, std::min(first, x)); d >= bottom; --d) {
        if (a % d == 0 && b % d == 0) return d;
    }
    return 0;
}

struct Window {
    u64 a, b, first, last, expected;
};

std::string describe(const Window& w) {
    std::ostringstream s;
    s << "(" << w.a << ", " << w.b << ") window " << w.first << " .. " << w.last;
    return s.str();
}

void add(std::vector<Window>& out, u64 a, u64 b, u64 first, u64 last) {
    out.push_back({a, b, first, last, reference_window(a, b, first, last)});
}

// Windows whose top or bottom sits at a lane-width edge (2^15, 2^31, 2^32,
// 2^63): x = v * 3 with v in the window (so x has a divisor there), y a
// multiple of v (the answer v) or v * 3 + 1 (x's divisor is no answer).
const std::vector<Window>& width_edge_windows() {
    static const std::vector<Window> cases = [] {
        std::vector<Window> out;
        for (const u64 e : {pow2(15), pow2(31), pow2(32), pow2(63)}) {
            for (const u64 below : {u64{1}, u64{300}, u64{3000}}) {
                for (const u64 above : {u64{0}, u64{1}, u64{2}, u64{700}}) {
                    const u64 first = e + above;
                    const u64 last = e - below;
                    for (const u64 v : {last, last + 1, e - 1, e, first}) {
                        const u64 k = v > u64_max / 3 ? 1 : 3;
                        const u64 x = v * k;
                        add(out, x, v > u64_max / 5 ? x : v * 5, first, last);
                        add(out, x + 1 == 0 ? x : x + 1, x, first, last);
                    }
                    // x = 0, y = UINT64_MAX, and UINT64_MAX's divisor 2^32 + 1.
                    add(out, 0, u64_max, first, last);
                    add(out, u64_max, u64_max, first, last);
                    add(out, pow2(32) + 1, u64_max, first, last);
                    add(out, u64_max - 1, u64_max, first, last);
                }
            }
        }
        return out;
    }();
    return cases;
}

// Searches from just above g down to g where g sits at a stage switch of
// x = g * k: the sparse stages stop near c = N * sqrt(R * x), i.e. for
// c = g at g = R * N^2 * k; the dense stages near c^2 = N * (x + c), i.e. at
// g = N * (k + 1). For each (N, R) and quotient k, g is put 0 ... 2500 below
// the switch (so the search of 3000 candidates crosses it), with y = g * (k + 1)
// (answer g) or y = x + 1 (answer 1 or below the window: gcd_trial_window
// returns 0). Values reach 2^63 through large k.
const std::vector<Window>& stage_switch_windows() {
    static const std::vector<Window> cases = [] {
        std::vector<Window> out;
        for (const u64 k : {u64{1}, u64{2}, u64{3}, u64{17}, u64{1000}, pow2(20), pow2(30)}) {
            std::vector<u64> switch_points;
            for (const u64 n : {8, 16, 32, 64, 128, 256, 512}) {
                for (const u64 r : {1, 2, 8}) switch_points.push_back(r * n * n * k);
                switch_points.push_back(n * (k + 1));
            }
            for (const u64 t : switch_points) {
                for (const u64 delta : {u64{0}, u64{1000}, u64{2500}}) {
                    if (t <= delta + 1) continue;
                    const u64 g = t - delta;
                    if (g > u64_max / (k + 1)) continue;
                    const u64 x = g * k;
                    const u64 first = g + 3000;
                    add(out, x, g * (k + 1), first, 1);
                    add(out, x, x + 1, first, g);
                }
            }
        }
        return out;
    }();
    return cases;
}

std::string test_name(const ::testing::TestParamInfo<TrialPath>& info) {
    std::string name(gcd_mpi::trial_path_name(info.param));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

class TrialStageEdges : public ::testing::TestWithParam<TrialPath> {
protected:
    void SetUp() override {
        if (!gcd_mpi::trial_path_supported(GetParam())) {
            GTEST_SKIP() << "path " << gcd_mpi::trial_path_name(GetParam()) << " is not supported by this CPU or build";
        }
    }

    void check_all(const std::vector<Window>& cases) {
        int failures = 0;
        for (const Window& w : cases) {
            const u64 got = gcd_mpi::gcd_trial_window(GetParam(), w.a, w.b, w.first, w.last);
            if (got != w.expected) {
                ADD_FAILURE() << gcd_mpi::trial_path_name(GetParam()) << " on " << describe(w) << ": got " << got
                              << ", expected " << w.expected;
                if (++failures == 10) return;
            }
        }
    }
};

TEST_P(TrialStageEdges, WindowsAtTheLaneWidthEdges) { check_all(width_edge_windows()); }

TEST_P(TrialStageEdges, SearchesAcrossTheStageSwitches) {
    ASSERT_GT(stage_switch_windows().size(), 500U);
    check_all(stage_switch_windows());
}

// Windows searched one after another are the whole search (the contract
// gcd_mpi's progress reports rely on): 1000-candidate windows across 2^31
// from 2^31 + 5000 down to g = 2^31 - 3001 (x = 5g, y = 7g).
TEST_P(TrialStageEdges, ConsecutiveWindowsAcross2To31FindTheAnswer) {
    const u64 g = pow2(31) - 3001;
    u64 found = 0;
    for (u64 top = pow2(31) + 5000; found == 0; top -= 1000) {
        found = gcd_mpi::gcd_trial_window(GetParam(), 5 * g, 7 * g, top, top - 999);
    }
    EXPECT_EQ(found, std::gcd(5 * g, 7 * g));
}

// Full searches for every min(a, b) just below and above 2^15 (where 16-bit
// lanes would start; no path uses them) against gcd_trial_naive and std::gcd:
// gcd == min, gcd == 1, and a common divisor in between.
TEST_P(TrialStageEdges, FullSearchesAround2To15MatchNaive) {
    int failures = 0;
    for (u64 x = pow2(15) - 40; x <= pow2(15) + 40 && failures < 10; ++x) {
        for (const u64 y : {x, 7 * x, x + 1, u64_max, 3 * x / 2 + 6}) {
            const u64 naive = gcd_mpi::gcd_trial_naive(x, y);
            ASSERT_EQ(naive, std::gcd(x, y));
            const u64 got = gcd_mpi::gcd_trial_with(GetParam(), y, x);
            if (got != naive) {
                ADD_FAILURE() << "(" << y << ", " << x << "): got " << got << ", gcd_trial_naive " << naive;
                ++failures;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(AllPaths, TrialStageEdges, ::testing::ValuesIn(gcd_mpi::all_trial_paths()), test_name);

}  // namespace
