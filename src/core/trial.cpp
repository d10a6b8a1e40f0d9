// The brute-force kernel with cheap candidate tests, and the choice of path.
//
// Same candidates, same order, same answer as gcd_trial_naive: d runs from
// min(a, b) down, and the first d dividing both is returned. What changes is
// the cost of asking "does d divide the smaller value x?". Instead of a
// division per candidate, every path keeps x = q*d + r up to date as d falls
// (strength reduction): each candidate still gets its own remainder, computed
// and tested, but with a subtraction. The larger value y is only divided when
// r == 0, which is rare. (Skipping candidates, e.g. jumping between the
// points where x / d changes, would be faster still but is no longer this
// workload: the candidate count is what gcd_mpi distributes and reports.)
//
// Stages, from large candidates to small (trial_lanes.hpp has the details):
//   d >= 2^63   division per candidate. Only x >= 2^63 gets there, and such
//               a search either ends at d == x or runs 2^62+ candidates, so
//               speed there does not matter.
//   lanes       N remainders, each advanced N candidates per step by one
//               subtraction. "Sparse" while remainders rarely wrap past d
//               (most candidates): the step is N subtractions and one
//               predictable branch. "Dense" below that, down to about
//               sqrt(N*x): every lane is reduced at every step, branch-free.
//               SIMD paths use vector lanes (trial_sse2.cpp,
//               trial_avx2.cpp, trial_avx512.cpp with mask registers:
//               trial_lanes_masked.hpp); the scalar path uses 8 lanes in general-
//               purpose registers, whose independent chains keep the ALUs busy.
//   single      one remainder, updated per candidate with a conditional
//               subtraction (no inner loop, no unpredictable branch), valid
//               while q + 2 <= d, i.e. down to about sqrt(x).
//   division    the last ~sqrt(x) candidates, where q outgrows d.

#include <array>
#include <cmath>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/trial_paths.hpp"
#include "run_time_paths.hpp"
#include "trial_lanes.hpp"

namespace gcd_mpi {

namespace trial_detail {

u64 min_d_with(u64 x, u64 a, u64 b) noexcept {
    __extension__ typedef unsigned __int128 u128;
    const auto ok = [x, a, b](u64 d) { return u128{d} * d >= u128{a} * x + u128{b} * d; };
    // d = (b + sqrt(b^2 + 4ax)) / 2 solves d^2 = ax + bd; the floating-point
    // estimate is then corrected with exact integer checks (d < 2^41 for the
    // a, b used here, so the squares fit in 128 bits).
    const double ad = static_cast<double>(a);
    const double bd = static_cast<double>(b);
    const double est = (bd + std::sqrt(bd * bd + 4.0 * ad * static_cast<double>(x))) / 2.0;
    u64 d = est < 1.0 ? 1 : static_cast<u64>(est);
    while (d > 1 && ok(d - 1)) --d;
    while (!ok(d)) ++d;
    return d;
}

u64 division_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    if (floor == 0) floor = 1;
    for (; d >= floor; --d) {
        if (x % d == 0 && y % d == 0) return d;  // d == 1 always returns
    }
    return 0;
}

namespace {

// One remainder, x = q*d + r with 0 <= r < d. Stepping to d - 1 gives
// x = q*(d - 1) + (r + q), and r + q < 2*(d - 1) while q + 2 <= d, so one
// conditional subtraction (a cmov, not a loop) reduces it again. Its chain
// of dependent operations costs a few cycles per candidate, which is why
// the lanes do the bulk; here it only covers sqrt(x) ... sqrt(8x).
u64 single_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    if (floor == 0) floor = 1;
    if (d < floor) return 0;
    u64 q = x / d;
    u64 r = x % d;
    if (r == 0 && y % d == 0) return d;
    while (q + 2 <= d && d > floor) {
        --d;
        r += q;  // r + q <= x: cannot overflow
        const bool wrap = r >= d;
        r -= wrap ? d : 0;
        q += wrap ? 1 : 0;
        if (r == 0) [[unlikely]] {
            if (y % d == 0) return d;
        }
    }
    --d;  // d itself was tested
    return 0;
}

// Lanes in general-purpose registers. The empty asm makes each lane's value
// live in a register of its own, so the compiler cannot turn the "scalar"
// path into SSE code behind our back: this path is the no-SIMD baseline.
struct ScalarOps {
    using lane = std::int64_t;
    using vec = std::int64_t;
    static constexpr int lanes = 1;
    static constexpr u64 max_d = two63 - 1;
    static vec load(const lane* p) noexcept { return *p; }
    static void store(lane* p, vec a) noexcept { *p = a; }
    static vec set1(lane v) noexcept { return v; }
    static vec add(vec a, vec b) noexcept { return a + b; }
    static vec sub(vec a, vec b) noexcept {
        vec s = a - b;
        asm("" : "+r"(s));
        return s;
    }
    static vec bor(vec a, vec b) noexcept { return a | b; }
    static vec band(vec a, vec b) noexcept { return a & b; }
    static vec eq(vec a, vec b) noexcept { return a == b ? -1 : 0; }
    static vec neg_mask(vec a) noexcept { return a >> 63; }
    static unsigned sign_bits(vec a) noexcept { return static_cast<unsigned>(static_cast<u64>(a) >> 63); }
};

}  // namespace

u64 scalar_stages(u64 x, u64 y, u64& d, u64 floor) noexcept {
    if (const u64 g = division_stage(x, y, d, floor > two63 ? floor : two63)) return g;
    if (const u64 g = sparse_stage<ScalarOps, 8>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<ScalarOps, 8>(x, y, d, floor)) return g;
    if (const u64 g = single_stage(x, y, d, floor)) return g;
    return division_stage(x, y, d, floor);
}

u64 search_scalar(u64 x, u64 y, u64& d, u64 floor) noexcept { return scalar_stages(x, y, d, floor); }

}  // namespace trial_detail

// --- paths and their selection ----------------------------------------------

namespace {

struct TrialPathChoice {
    static constexpr const auto& table = trial_path_table;
    static constexpr std::string_view auto_name = trial_path_auto;
    static constexpr std::string_view env_var = trial_path_env_var;
    // Fastest first (trial_paths.hpp: best_trial_path).
    static constexpr std::array preference{TrialPath::avx512, TrialPath::avx2, TrialPath::sse2, TrialPath::scalar};

    static bool supported(TrialPath p) noexcept {
        switch (p) {
            case TrialPath::scalar:
                return true;
            case TrialPath::sse2:
                return GCD_MPI_RUN_TIME_X86_64 != 0;  // part of the x86-64 baseline
            case TrialPath::avx2:
            case TrialPath::avx2_64:
                return run_time_paths::cpu_has_avx2();
            case TrialPath::avx512:
            case TrialPath::avx512_64:
                return run_time_paths::cpu_has_avx512_f_dq_bw_vl();
        }
        return false;
    }
};

}  // namespace

const std::vector<TrialPath>& all_trial_paths() noexcept { return run_time_paths::all_paths<TrialPathChoice>(); }

std::string trial_path_choices(std::string_view separator) {
    return run_time_paths::path_choices<TrialPathChoice>(separator);
}

bool trial_path_supported(TrialPath p) noexcept { return TrialPathChoice::supported(p); }

std::vector<TrialPath> available_trial_paths() { return run_time_paths::available_paths<TrialPathChoice>(); }

TrialPath best_trial_path() noexcept { return run_time_paths::best_path<TrialPathChoice>(); }

std::optional<TrialPath> resolve_trial_path(std::string_view request) noexcept {
    return run_time_paths::resolve_path<TrialPathChoice>(request);
}

// Read once: the path must not change between pairs of one run.
TrialPath active_trial_path() noexcept { return run_time_paths::active_path<TrialPathChoice>(); }

std::uint64_t gcd_trial_window(TrialPath p, std::uint64_t a, std::uint64_t b, std::uint64_t first,
                               std::uint64_t last) noexcept {
    const std::uint64_t x = a < b ? a : b;  // smaller: its remainder is tracked
    const std::uint64_t y = a < b ? b : a;  // larger: divided only on hits
    if (x == 0) return y;
    std::uint64_t d = first < x ? first : x;
    if (d == 0) d = 1;
    if (last == 0) last = 1;
    if (d < last) return 0;
    if (!trial_path_supported(p)) p = TrialPath::scalar;
    switch (p) {
#if GCD_MPI_RUN_TIME_X86_64
        case TrialPath::sse2:
            return trial_detail::search_sse2(x, y, d, last);
        case TrialPath::avx2:
            return trial_detail::search_avx2(x, y, d, last);
        case TrialPath::avx2_64:
            return trial_detail::search_avx2_64(x, y, d, last);
        case TrialPath::avx512:
            return trial_detail::search_avx512(x, y, d, last);
        case TrialPath::avx512_64:
            return trial_detail::search_avx512_64(x, y, d, last);
#endif
        default:
            return trial_detail::search_scalar(x, y, d, last);
    }
}

std::uint64_t gcd_trial_from(TrialPath p, std::uint64_t a, std::uint64_t b, std::uint64_t first) noexcept {
    return gcd_trial_window(p, a, b, first, 1);  // d == 1 always divides: never 0
}

std::uint64_t gcd_trial_with(TrialPath p, std::uint64_t a, std::uint64_t b) noexcept {
    return gcd_trial_from(p, a, b, ~std::uint64_t{0});
}

std::uint64_t gcd_trial(std::uint64_t a, std::uint64_t b) noexcept { return gcd_trial_with(active_trial_path(), a, b); }

}  // namespace gcd_mpi
