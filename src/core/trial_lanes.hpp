// Private to the trial kernel (src/core/trial*.cpp): the stages every path
// is built from, and the lane algorithm they share.
//
// A search state is (x, y, d): x = min(a, b) is the value whose remainder is
// tracked, y = max(a, b) is divided only when x % d == 0, and d is the next
// candidate not yet tested. A stage tests candidates d, d - 1, ... while its
// method is valid, returns the answer if it finds one, else returns 0 (never
// an answer: d == 1 always divides) with d moved to the first untested
// candidate. Paths chain stages from large d to small, so every path tests
// the same candidates in the same order as gcd_trial_naive.
//
// This header is included by translation units compiled for different
// instruction sets (trial_avx2.cpp under `#pragma GCC target("avx2")`,
// trial_avx512.cpp under an AVX-512 pragma), so it
// includes only <cstdint> (typedefs) and uses no library templates: a library
// template instantiated under the AVX2 pragma could be merged by the linker
// with the portable instantiation and run AVX2 code on a CPU without it. For
// the same reason everything defined here lives in an anonymous namespace:
// each translation unit gets its own copy, compiled for its own instruction
// set (inline functions with external linkage would be merged, as happened
// to an earlier version in unoptimized builds).

#ifndef GCD_MPI_SRC_CORE_TRIAL_LANES_HPP
#define GCD_MPI_SRC_CORE_TRIAL_LANES_HPP

#include <cstdint>

namespace gcd_mpi::trial_detail {

using u64 = std::uint64_t;

inline constexpr u64 two31 = u64{1} << 31;
inline constexpr u64 two63 = u64{1} << 63;

// --- stages defined in trial.cpp (portable code) ---------------------------

/// One division per candidate (like gcd_trial_naive), while d >= floor.
/// Valid for every value; used above 2^63, to bridge between lane widths,
/// and for the last candidates (d below about sqrt(x)).
u64 division_stage(u64 x, u64 y, u64& d, u64 floor) noexcept;
/// The scalar stages while d >= floor: division above 2^63, sparse and dense
/// scalar lanes (8 interleaved 64-bit remainders in general-purpose
/// registers), one strength-reduced remainder while x / d + 2 <= d, then
/// division. With floor 1 it always finds the answer; SIMD paths also use it
/// for the candidates their lanes cannot take (e.g. between two lane widths).
u64 scalar_stages(u64 x, u64 y, u64& d, u64 floor) noexcept;
/// The whole scalar path from candidate d (>= 1) to the answer.
u64 search_scalar(u64 x, u64 y, u64& d, u64 floor) noexcept;

// --- SIMD paths (x86-64 only), each ending in search_scalar -----------------

/// SSE2: scalar lanes above 2^31, 4 x 32-bit lanes below.
u64 search_sse2(u64 x, u64 y, u64& d, u64 floor) noexcept;
/// AVX2: 4 x 64-bit lanes above 2^31, 8 x 32-bit lanes below.
u64 search_avx2(u64 x, u64 y, u64& d, u64 floor) noexcept;
/// AVX2 with 4 x 64-bit lanes at every size (comparison and testing).
u64 search_avx2_64(u64 x, u64 y, u64& d, u64 floor) noexcept;
/// AVX-512: 8 x 64-bit lanes above 2^31, 16 x 32-bit lanes below, masks.
u64 search_avx512(u64 x, u64 y, u64& d, u64 floor) noexcept;
/// AVX-512 with 8 x 64-bit lanes at every size (comparison and testing).
u64 search_avx512_64(u64 x, u64 y, u64& d, u64 floor) noexcept;

// --- the lane algorithm ------------------------------------------------------
//
// N = V * Ops::lanes lanes; lane i tests the candidates top - i for a block
// top that falls by N per step, so one step tests N consecutive candidates.
// Each lane keeps x = q*c + r for its candidate c (0 <= r < c) as
//   slack s = c - 1 - r  (>= 0: how far r is below c),
//   k = N * (q + 1)      (how much the slack falls per step).
// Stepping c to c' = c - N keeps q and makes r' = r + N*q, i.e. s' = s - k:
// one subtraction per lane and step, no division, no multiplication. While
// s' >= 0 the remainder r' is in [1, c'), so c' cannot divide x. A negative
// slack (r' >= c': the lane "wraps") is reduced by r' -= c', q += 1, i.e.
// s' += c', k += N; r' is then 0 (c' divides x) exactly when s' was -1
// before, and only then is y divided. One subtraction is enough while
// k <= c', i.e. for c' >= lanes_bottom(x, N). Values stay below 2^31 (32-bit
// lanes) or 2^63 (64-bit lanes) when c does: x itself only meets the lanes
// through the first divisions.
//
// A lane wraps about every c / (N*q) steps, so some lane of a step wraps
// with probability about N*N*x / c^2. Hence two loops:
//   sparse_stage, for large c, where wraps are rare: the hot loop is N
//     subtractions, an OR of the sign bits and one predictable branch; wraps
//     are handled out of line (sparse_wrap). Used while N*N*x / c^2 <= 1/8
//     (handling a wrap out of line costs as much as some tens of steps).
//   dense_stage, below that: every step reduces every lane without a branch
//     (about 9 vector instructions per vector of lanes).
//
// Ops supplies: lane (signed integer), vec, lanes, max_d (largest candidate
// whose slack, k and c fit in a lane), load, store (aligned), set1, add,
// sub, bor, band, eq (all ones where equal), neg_mask (all ones where
// negative), sign_bits (one bit per lane, lane 0 in bit 0; of a mask: which
// lanes are set).

/// Smallest d >= 1 with d*d >= a*x + b*d (defined in trial.cpp).
u64 min_d_with(u64 x, u64 a, u64 b) noexcept;

namespace {  // see the top of this file

/// Smallest d with d*d >= n*(x + d): for every candidate c >= it, a lane
/// stepping by n has k = n*(x/c + 1) <= c, so one subtraction reduces a wrap.
inline u64 lanes_bottom(u64 x, u64 n) noexcept { return min_d_with(x, n, n); }

/// The last block top from which an N-lane step stays at or above both
/// lanes_bottom and floor, or 0 when not even one step from d is possible.
inline u64 lanes_last_top(u64 x, u64 d, u64 n, u64 floor, u64 max_d) noexcept {
    if (d > max_d) return 0;
    u64 bottom = lanes_bottom(x, n);
    if (bottom < floor) bottom = floor;
    // A step from block top t tests t - N ... t - 2N + 1.
    const u64 last_top = bottom + 2 * n - 1;
    return d >= last_top ? last_top : 0;
}

/// Tests the first block (d ... d - N + 1) by division, in order, and fills
/// each lane's slack and k. Returns the answer or 0.
template <class Ops, int N>
inline u64 lanes_setup(u64 x, u64 y, u64 d, typename Ops::lane* s, typename Ops::lane* k,
                       typename Ops::lane* offset) noexcept {
    using lane = typename Ops::lane;
    for (int i = 0; i < N; ++i) {
        const u64 c = d - static_cast<u64>(i);
        const u64 q = x / c;
        const u64 r = x % c;
        if (r == 0 && y % c == 0) return c;
        s[i] = static_cast<lane>(c - 1 - r);
        k[i] = static_cast<lane>(static_cast<u64>(N) * (q + 1));  // <= c, see lanes_bottom
        offset[i] = static_cast<lane>(i);
    }
    return 0;
}

/// Tests the lanes of the block at `top` that hit r == 0 (bit i of hits[v]
/// for lane v*L + i) in descending candidate order: vector 0 holds the
/// largest candidates, lane 0 the largest of a vector. Returns the answer or 0.
/// (Above lanes_bottom two divisors c1 > c2 of x differ by at least
/// c1 / (x/c1 + 1) >= N, so a block holds at most one hit; the order is kept
/// anyway, it costs nothing.)
template <int L, int V>
inline u64 test_hits(const unsigned* hits, u64 top, u64 y) noexcept {
    for (int v = 0; v < V; ++v) {
        for (unsigned h = hits[v]; h != 0; h &= h - 1) {
            const u64 cand = top - static_cast<u64>(v * L + __builtin_ctz(h));
            if (y % cand == 0) return cand;
        }
    }
    return 0;
}

// The hot loops below are separate functions holding nothing but the loop:
// no call and a single way back to the loop head, so the register allocator
// keeps every lane's slack in a register. (With the rare path inside, GCC
// spilled some slacks, and the store-to-load latency of those spills
// chained the steps: twice slower.) Every loop over v is fully unrolled (the
// pragmas), so s[] and k[] are indexed by constants only.

/// Sparse steps from block top `top` until some lane wraps or the next step
/// would start below last_top. s holds the slacks (in and out), k the
/// decrements. Returns the top of the last block stepped to; *wrapped tells
/// whether that step wrapped a lane.
template <class Ops, int V>
[[gnu::noinline]] u64 sparse_run(typename Ops::lane* s, const typename Ops::lane* k, u64 top, u64 last_top,
                                 bool* wrapped) noexcept {
    using vec = typename Ops::vec;
    constexpr int L = Ops::lanes;
    constexpr u64 n = static_cast<u64>(V * L);
    vec sv[V];
#pragma GCC unroll 16
    for (int v = 0; v < V; ++v) sv[v] = Ops::load(s + v * L);
    bool wrap = false;
    while (top >= last_top) {
        top -= n;
        // k is read from memory: a load folds into the subtraction, and
        // slack plus k of all lanes would not fit in 16 registers.
#pragma GCC unroll 16
        for (int v = 0; v < V; ++v) sv[v] = Ops::sub(sv[v], Ops::load(k + v * L));
        vec any = sv[0];
#pragma GCC unroll 16
        for (int v = 1; v < V; ++v) any = Ops::bor(any, sv[v]);
        if (Ops::sign_bits(any) != 0) [[unlikely]] {
            wrap = true;
            break;
        }
    }
#pragma GCC unroll 16
    for (int v = 0; v < V; ++v) Ops::store(s + v * L, sv[v]);
    *wrapped = wrap;
    return top;
}

/// Reduces the lanes of a sparse step that wrapped (s, k in memory) and
/// tests those now at r == 0. Returns the answer or 0.
template <class Ops, int V>
u64 sparse_wrap(typename Ops::lane* s, typename Ops::lane* k, const typename Ops::lane* offset, u64 top,
                u64 y) noexcept {
    using lane = typename Ops::lane;
    using vec = typename Ops::vec;
    constexpr int L = Ops::lanes;
    const vec tv = Ops::set1(static_cast<lane>(top));
    const vec step = Ops::set1(static_cast<lane>(V * L));
    const vec minus1 = Ops::set1(-1);
    unsigned hits[V];
    for (int v = 0; v < V; ++v) {
        const vec sv = Ops::load(s + v * L);
        hits[v] = Ops::sign_bits(Ops::eq(sv, minus1));
        if (Ops::sign_bits(sv) == 0) continue;
        const vec wrap = Ops::neg_mask(sv);
        const vec c = Ops::sub(tv, Ops::load(offset + v * L));  // each lane's candidate
        Ops::store(s + v * L, Ops::add(sv, Ops::band(wrap, c)));
        Ops::store(k + v * L, Ops::add(Ops::load(k + v * L), Ops::band(wrap, step)));
    }
    return test_hits<L, V>(hits, top, y);
}

/// Lanes with out-of-line wraps, for large candidates (see above), used
/// while some lane of a step wraps with probability at most 1/`rare`.
/// Steps<Ops, V> supplies the loops: sparse_run and sparse_wrap (SignSteps
/// below, MaskSteps in trial_lanes_masked.hpp).
template <template <class, int> class Steps, class Ops, int V, u64 rare>
inline u64 lanes_sparse_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    using lane = typename Ops::lane;
    constexpr int N = Ops::lanes * V;
    constexpr u64 n = N;
    const u64 rare_from = min_d_with(x, rare * n * n, 0);  // N*N*x / c^2 <= 1/rare
    const u64 last_top = lanes_last_top(x, d, n, floor > rare_from ? floor : rare_from, Ops::max_d);
    if (last_top == 0) return 0;
    alignas(64) lane s[N];
    alignas(64) lane k[N];
    alignas(64) lane offset[N];
    if (const u64 g = lanes_setup<Ops, N>(x, y, d, s, k, offset)) return g;
    u64 top = d;
    for (;;) {
        bool wrapped = false;
        top = Steps<Ops, V>::sparse_run(s, k, top, last_top, &wrapped);
        if (!wrapped) break;
        if (const u64 g = Steps<Ops, V>::sparse_wrap(s, k, offset, top, y)) return g;
    }
    d = top - n;
    return 0;
}

/// Dense steps from block top `top` until some lane reaches r == 0 or the
/// next step would start below last_top. s and k are in and out. Returns
/// the top of the last block stepped to; *hit tells whether that block has
/// a lane at r == 0.
template <class Ops, int V>
[[gnu::noinline]] u64 dense_run(typename Ops::lane* s, typename Ops::lane* k, const typename Ops::lane* offset, u64 top,
                                u64 last_top, bool* hit) noexcept {
    using lane = typename Ops::lane;
    using vec = typename Ops::vec;
    constexpr int L = Ops::lanes;
    constexpr u64 n = static_cast<u64>(V * L);
    vec sv[V];
    vec kv[V];
#pragma GCC unroll 16
    for (int v = 0; v < V; ++v) {
        sv[v] = Ops::load(s + v * L);
        kv[v] = Ops::load(k + v * L);
    }
    const vec step = Ops::set1(static_cast<lane>(n));
    const vec minus1 = Ops::set1(-1);
    bool found = false;
    while (top >= last_top) {
        top -= n;
        const vec tv = Ops::set1(static_cast<lane>(top));
        vec zero_r = Ops::set1(0);
#pragma GCC unroll 16
        for (int v = 0; v < V; ++v) {
            sv[v] = Ops::sub(sv[v], kv[v]);
            zero_r = Ops::bor(zero_r, Ops::eq(sv[v], minus1));  // r' == 0 once reduced
            const vec wrap = Ops::neg_mask(sv[v]);
            const vec c = Ops::sub(tv, Ops::load(offset + v * L));
            sv[v] = Ops::add(sv[v], Ops::band(wrap, c));
            kv[v] = Ops::add(kv[v], Ops::band(wrap, step));
        }
        if (Ops::sign_bits(zero_r) != 0) [[unlikely]] {
            found = true;
            break;
        }
    }
#pragma GCC unroll 16
    for (int v = 0; v < V; ++v) {
        Ops::store(s + v * L, sv[v]);
        Ops::store(k + v * L, kv[v]);
    }
    *hit = found;
    return top;
}

/// Lanes reduced at every step without a branch, for candidates where
/// wraps are frequent (see above). Steps<Ops, V> supplies dense_run and
/// equal_bits (one bit per lane where a == b).
template <template <class, int> class Steps, class Ops, int V>
inline u64 lanes_dense_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    using lane = typename Ops::lane;
    using vec = typename Ops::vec;
    constexpr int L = Ops::lanes;
    constexpr int N = L * V;
    constexpr u64 n = N;
    const u64 last_top = lanes_last_top(x, d, n, floor, Ops::max_d);
    if (last_top == 0) return 0;
    alignas(64) lane s[N];
    alignas(64) lane k[N];
    alignas(64) lane offset[N];
    if (const u64 g = lanes_setup<Ops, N>(x, y, d, s, k, offset)) return g;
    u64 top = d;
    for (;;) {
        bool hit = false;
        top = Steps<Ops, V>::dense_run(s, k, offset, top, last_top, &hit);
        if (!hit) break;
        // Some c divides x (rare): those lanes now have s == c - 1.
        const vec tv = Ops::set1(static_cast<lane>(top));
        unsigned hits[V];
        for (int v = 0; v < V; ++v) {
            const vec cm1 = Ops::sub(Ops::sub(tv, Ops::load(offset + v * L)), Ops::set1(1));
            hits[v] = Steps<Ops, V>::equal_bits(Ops::load(s + v * L), cm1);
        }
        if (const u64 g = test_hits<L, V>(hits, top, y)) return g;
    }
    d = top - n;
    return 0;
}

/// The loops of lanes whose compares give all-ones lanes and whose signs are
/// read by a movemask (the Ops described above).
template <class Ops, int V>
struct SignSteps {
    using lane = typename Ops::lane;
    using vec = typename Ops::vec;
    static u64 sparse_run(lane* s, const lane* k, u64 top, u64 last_top, bool* wrapped) noexcept {
        return trial_detail::sparse_run<Ops, V>(s, k, top, last_top, wrapped);
    }
    static u64 sparse_wrap(lane* s, lane* k, const lane* offset, u64 top, u64 y) noexcept {
        return trial_detail::sparse_wrap<Ops, V>(s, k, offset, top, y);
    }
    static u64 dense_run(lane* s, lane* k, const lane* offset, u64 top, u64 last_top, bool* hit) noexcept {
        return trial_detail::dense_run<Ops, V>(s, k, offset, top, last_top, hit);
    }
    static unsigned equal_bits(vec a, vec b) noexcept { return Ops::sign_bits(Ops::eq(a, b)); }
};

/// Sparse lanes while a step wraps some lane with probability at most 1/8.
template <class Ops, int V>
inline u64 sparse_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    return lanes_sparse_stage<SignSteps, Ops, V, 8>(x, y, d, floor);
}

/// Dense lanes (see above).
template <class Ops, int V>
inline u64 dense_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    return lanes_dense_stage<SignSteps, Ops, V>(x, y, d, floor);
}

}  // namespace

}  // namespace gcd_mpi::trial_detail

#endif  // GCD_MPI_SRC_CORE_TRIAL_LANES_HPP
