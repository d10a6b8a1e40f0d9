// Private to the trial kernel: the lane algorithm of trial_lanes.hpp with
// mask registers (AVX-512), for Ops whose compares give a bit per lane.
//
// Same lanes, slack and k as trial_lanes.hpp, same candidates in the same
// order; the stage drivers (lanes_sparse_stage, lanes_dense_stage: setup,
// bounds, hits) are trial_lanes.hpp's, run with the loops of MaskSteps. What masks
// change is the cost of a step:
//   sparse: the slacks' signs are ORed three at a time (one ternary-logic
//     instruction per two vectors) and tested once per step (kortest), so a
//     step costs V subtractions, V/2 ORs and one test.
//   dense: the wrapped lanes are a mask, the reduction is two masked
//     additions (no AND with a sign mask), and r == 0 is found by an unsigned
//     maximum: slack -1 (r' == 0 once reduced) is the largest unsigned value
//     a slack can take, so max(slacks) == -1 exactly when some lane hit.
//     Six instructions per vector of lanes instead of nine.
//
// Ops supplies, beyond trial_lanes.hpp's lane, vec, lanes, max_d, load,
// store, set1, add, sub: mask, negative (mask of lanes < 0), mask_add
// (a + b where the mask is set, a elsewhere), umax (unsigned maximum),
// or3 (bitwise OR of three), equal (mask of equal lanes), bits (mask as
// unsigned, lane 0 in bit 0). Like trial_lanes.hpp, this header includes
// only <cstdint> and defines everything in an anonymous namespace.

#ifndef GCD_MPI_SRC_CORE_TRIAL_LANES_MASKED_HPP
#define GCD_MPI_SRC_CORE_TRIAL_LANES_MASKED_HPP

#include <cstdint>

#include "trial_lanes.hpp"

namespace gcd_mpi::trial_detail {

namespace {  // see the top of trial_lanes.hpp

/// True when some lane of sv[0..V) is negative: the sign bits ORed three
/// vectors at a time, one test.
template <class Ops, int V>
inline bool any_negative(const typename Ops::vec* sv) noexcept {
    if constexpr (V == 1) {
        return Ops::bits(Ops::negative(sv[0])) != 0;
    } else {
        typename Ops::vec any = Ops::or3(sv[0], sv[1], sv[V > 2 ? 2 : 1]);
        int v = 3;
#pragma GCC unroll 16
        for (; v + 1 < V; v += 2) any = Ops::or3(any, sv[v], sv[v + 1]);
        if (v < V) any = Ops::or3(any, sv[v], sv[v]);
        return Ops::bits(Ops::negative(any)) != 0;
    }
}

/// Sparse steps (as sparse_run in trial_lanes.hpp) with the signs tested
/// through a mask.
template <class Ops, int V>
[[gnu::noinline]] u64 masked_sparse_run(typename Ops::lane* s, const typename Ops::lane* k, u64 top, u64 last_top,
                                        bool* wrapped) noexcept {
    using vec = typename Ops::vec;
    constexpr int L = Ops::lanes;
    constexpr u64 n = static_cast<u64>(V * L);
    vec sv[V];
#pragma GCC unroll 16
    for (int v = 0; v < V; ++v) sv[v] = Ops::load(s + v * L);
    bool wrap = false;
    if (top >= last_top) {
        do {
            top -= n;
#pragma GCC unroll 16
            for (int v = 0; v < V; ++v) sv[v] = Ops::sub(sv[v], Ops::load(k + v * L));
            wrap = any_negative<Ops, V>(sv);
        } while (!wrap && top >= last_top);
    }
#pragma GCC unroll 16
    for (int v = 0; v < V; ++v) Ops::store(s + v * L, sv[v]);
    *wrapped = wrap;
    return top;
}

/// Reduces the wrapped lanes of a sparse step (s, k in memory) and tests
/// those now at r == 0. Returns the answer or 0.
template <class Ops, int V>
u64 masked_sparse_wrap(typename Ops::lane* s, typename Ops::lane* k, const typename Ops::lane* offset, u64 top,
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
        hits[v] = Ops::bits(Ops::equal(sv, minus1));
        const auto wrap = Ops::negative(sv);
        if (Ops::bits(wrap) == 0) continue;
        const vec c = Ops::sub(tv, Ops::load(offset + v * L));  // each lane's candidate
        Ops::store(s + v * L, Ops::mask_add(sv, wrap, c));
        Ops::store(k + v * L, Ops::mask_add(Ops::load(k + v * L), wrap, step));
    }
    return test_hits<L, V>(hits, top, y);
}

/// Dense steps (as dense_run in trial_lanes.hpp): masked reductions, hits
/// found by the unsigned maximum of the slacks before reduction.
template <class Ops, int V>
[[gnu::noinline]] u64 masked_dense_run(typename Ops::lane* s, typename Ops::lane* k, const typename Ops::lane* offset,
                                       u64 top, u64 last_top, bool* hit) noexcept {
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
        sv[0] = Ops::sub(sv[0], kv[0]);
        vec largest = sv[0];
#pragma GCC unroll 16
        for (int v = 1; v < V; ++v) {
            sv[v] = Ops::sub(sv[v], kv[v]);
            largest = Ops::umax(largest, sv[v]);
        }
#pragma GCC unroll 16
        for (int v = 0; v < V; ++v) {
            const auto wrap = Ops::negative(sv[v]);
            const vec c = Ops::sub(tv, Ops::load(offset + v * L));
            sv[v] = Ops::mask_add(sv[v], wrap, c);
            kv[v] = Ops::mask_add(kv[v], wrap, step);
        }
        if (Ops::bits(Ops::equal(largest, minus1)) != 0) [[unlikely]] {
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

/// The loops of lanes with mask registers, for lanes_sparse_stage and
/// lanes_dense_stage (trial_lanes.hpp).
template <class Ops, int V>
struct MaskSteps {
    using lane = typename Ops::lane;
    using vec = typename Ops::vec;
    static u64 sparse_run(lane* s, const lane* k, u64 top, u64 last_top, bool* wrapped) noexcept {
        return masked_sparse_run<Ops, V>(s, k, top, last_top, wrapped);
    }
    static u64 sparse_wrap(lane* s, lane* k, const lane* offset, u64 top, u64 y) noexcept {
        return masked_sparse_wrap<Ops, V>(s, k, offset, top, y);
    }
    static u64 dense_run(lane* s, lane* k, const lane* offset, u64 top, u64 last_top, bool* hit) noexcept {
        return masked_dense_run<Ops, V>(s, k, offset, top, last_top, hit);
    }
    static unsigned equal_bits(vec a, vec b) noexcept { return Ops::bits(Ops::equal(a, b)); }
};

/// Sparse lanes with masks (as sparse_stage in trial_lanes.hpp), used while
/// some lane of a step wraps with probability at most 1/`rare`.
template <class Ops, int V, u64 rare = 8>
inline u64 masked_sparse_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    return lanes_sparse_stage<MaskSteps, Ops, V, rare>(x, y, d, floor);
}

/// Dense lanes with masks (as dense_stage in trial_lanes.hpp).
template <class Ops, int V>
inline u64 masked_dense_stage(u64 x, u64 y, u64& d, u64 floor) noexcept {
    return lanes_dense_stage<MaskSteps, Ops, V>(x, y, d, floor);
}

}  // namespace

}  // namespace gcd_mpi::trial_detail

#endif  // GCD_MPI_SRC_CORE_TRIAL_LANES_MASKED_HPP
