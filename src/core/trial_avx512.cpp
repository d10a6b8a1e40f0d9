// The AVX-512 paths of the trial kernel (see trial_lanes.hpp for the
// algorithm, trial_lanes_masked.hpp for what mask registers change).
//
// Compiled for AVX-512 F/DQ/BW/VL by a pragma, like trial_avx2.cpp: these
// functions only run after trial.cpp has checked the CPU (and the OS's
// support of the ZMM and mask state). Everything AVX-512 lives in this file;
// the pragma region starts after the library headers.
//
// 32-bit lanes (16 per vector) while the candidate is below 2^31, 64-bit
// lanes (8 per vector, with a native 64-bit unsigned maximum and mask
// compares) up to 2^63. 32 vector registers hold 16 vectors of slack.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstdint>

#include "target_region.hpp"

GCD_MPI_TARGET_REGION_BEGIN("avx512f,avx512dq,avx512bw,avx512vl")

#include "trial_lanes_masked.hpp"

namespace gcd_mpi::trial_detail {

namespace {

struct Avx512Ops32 {
    using lane = std::int32_t;
    using vec = __m512i;
    using mask = __mmask16;
    static constexpr int lanes = 16;
    static constexpr u64 max_d = two31 - 1;
    static vec load(const lane* p) noexcept { return _mm512_load_si512(p); }
    static void store(lane* p, vec a) noexcept { _mm512_store_si512(p, a); }
    static vec set1(lane v) noexcept { return _mm512_set1_epi32(v); }
    static vec add(vec a, vec b) noexcept { return _mm512_add_epi32(a, b); }
    static vec sub(vec a, vec b) noexcept { return _mm512_sub_epi32(a, b); }
    static vec mask_add(vec a, mask m, vec b) noexcept { return _mm512_mask_add_epi32(a, m, a, b); }
    // The merge-masked form with a full mask is plain vpmaxud; GCC 12's
    // unmasked form reads an "undefined" vector and warns about it
    // (-Wmaybe-uninitialized).
    static vec umax(vec a, vec b) noexcept { return _mm512_mask_max_epu32(a, static_cast<mask>(~0U), a, b); }
    static vec or3(vec a, vec b, vec c) noexcept { return _mm512_ternarylogic_epi32(a, b, c, 0xFE); }
    static mask negative(vec a) noexcept { return _mm512_movepi32_mask(a); }  // the sign bits
    static mask equal(vec a, vec b) noexcept { return _mm512_cmpeq_epi32_mask(a, b); }
    static unsigned bits(mask m) noexcept { return static_cast<unsigned>(m); }
};

struct Avx512Ops64 {
    using lane = std::int64_t;
    using vec = __m512i;
    using mask = __mmask8;
    static constexpr int lanes = 8;
    static constexpr u64 max_d = two63 - 1;
    static vec load(const lane* p) noexcept { return _mm512_load_si512(p); }
    static void store(lane* p, vec a) noexcept { _mm512_store_si512(p, a); }
    static vec set1(lane v) noexcept { return _mm512_set1_epi64(v); }
    static vec add(vec a, vec b) noexcept { return _mm512_add_epi64(a, b); }
    static vec sub(vec a, vec b) noexcept { return _mm512_sub_epi64(a, b); }
    static vec mask_add(vec a, mask m, vec b) noexcept { return _mm512_mask_add_epi64(a, m, a, b); }
    static vec umax(vec a, vec b) noexcept { return _mm512_mask_max_epu64(a, static_cast<mask>(~0U), a, b); }
    static vec or3(vec a, vec b, vec c) noexcept { return _mm512_ternarylogic_epi64(a, b, c, 0xFE); }
    static mask negative(vec a) noexcept { return _mm512_movepi64_mask(a); }
    static mask equal(vec a, vec b) noexcept { return _mm512_cmpeq_epi64_mask(a, b); }
    static unsigned bits(mask m) noexcept { return static_cast<unsigned>(m); }
};

}  // namespace

// Sparse steps use 16 vectors (256 or 128 candidates), then 4 (64 or 32)
// once wraps become frequent for 16; dense steps keep slack and k of 8
// vectors in registers, and a last dense stage with one vector goes down to
// about sqrt(16x). Sparse stages run while a step wraps some lane with
// probability up to 1/2, not 1/8 as on AVX2: a step is cheaper here than a
// dense one by more (measured on the sample pairs, Xeon Sapphire-Rapids-class:
// 23.9 ps per candidate at 1/2, 26-27 at 1/8, 28.5 at 1/16).

u64 search_avx512(u64 x, u64 y, u64& d, u64 floor) noexcept {
    const auto at_least = [floor](u64 f) { return f > floor ? f : floor; };
    if (const u64 g = division_stage(x, y, d, at_least(two63))) return g;
    if (const u64 g = masked_sparse_stage<Avx512Ops64, 16, 2>(x, y, d, at_least(two31))) return g;
    if (const u64 g = masked_sparse_stage<Avx512Ops64, 4, 2>(x, y, d, at_least(two31))) return g;
    if (const u64 g = masked_dense_stage<Avx512Ops64, 8>(x, y, d, at_least(two31))) return g;
    if (const u64 g = scalar_stages(x, y, d, at_least(two31))) return g;
    if (const u64 g = masked_sparse_stage<Avx512Ops32, 16, 2>(x, y, d, floor)) return g;
    if (const u64 g = masked_sparse_stage<Avx512Ops32, 4, 2>(x, y, d, floor)) return g;
    if (const u64 g = masked_dense_stage<Avx512Ops32, 8>(x, y, d, floor)) return g;
    if (const u64 g = masked_dense_stage<Avx512Ops32, 1>(x, y, d, floor)) return g;
    return scalar_stages(x, y, d, floor);
}

u64 search_avx512_64(u64 x, u64 y, u64& d, u64 floor) noexcept {
    const auto at_least = [floor](u64 f) { return f > floor ? f : floor; };
    if (const u64 g = division_stage(x, y, d, at_least(two63))) return g;
    if (const u64 g = masked_sparse_stage<Avx512Ops64, 16, 2>(x, y, d, floor)) return g;
    if (const u64 g = masked_sparse_stage<Avx512Ops64, 4, 2>(x, y, d, floor)) return g;
    if (const u64 g = masked_dense_stage<Avx512Ops64, 8>(x, y, d, floor)) return g;
    if (const u64 g = masked_dense_stage<Avx512Ops64, 1>(x, y, d, floor)) return g;
    return scalar_stages(x, y, d, floor);
}

}  // namespace gcd_mpi::trial_detail

GCD_MPI_TARGET_REGION_END()

#endif
