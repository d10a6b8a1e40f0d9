// The AVX2 paths of the trial kernel (see trial_lanes.hpp for the algorithm).
//
// Compiled for AVX2 by a pragma (GCC's target pragma, Clang's attribute
// pragma), not by a compiler flag, so the library stays portable: these
// functions only run after trial.cpp has checked the CPU.
// Everything AVX2 lives in this file; the pragma region starts after the
// library headers so no library code is compiled for AVX2.
//
// 32-bit lanes (8 per vector) hold slack, k and the candidate while the
// candidate is below 2^31; 64-bit lanes (4 per vector) up to 2^63. With 8
// vectors a step tests 64 (or 32) candidates with 8 subtractions, 7 ORs and
// one movemask: about 0.3 instructions per candidate.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstdint>

#include "target_region.hpp"

GCD_MPI_TARGET_REGION_BEGIN("avx2")

#include "trial_lanes.hpp"

namespace gcd_mpi::trial_detail {

namespace {

struct Avx2Ops32 {
    using lane = std::int32_t;
    using vec = __m256i;
    static constexpr int lanes = 8;
    static constexpr u64 max_d = two31 - 1;
    static vec load(const lane* p) noexcept { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }
    static void store(lane* p, vec a) noexcept { _mm256_store_si256(reinterpret_cast<__m256i*>(p), a); }
    static vec set1(lane v) noexcept { return _mm256_set1_epi32(v); }
    static vec add(vec a, vec b) noexcept { return _mm256_add_epi32(a, b); }
    static vec sub(vec a, vec b) noexcept { return _mm256_sub_epi32(a, b); }
    static vec bor(vec a, vec b) noexcept { return _mm256_or_si256(a, b); }
    static vec band(vec a, vec b) noexcept { return _mm256_and_si256(a, b); }
    static vec eq(vec a, vec b) noexcept { return _mm256_cmpeq_epi32(a, b); }
    static vec neg_mask(vec a) noexcept { return _mm256_srai_epi32(a, 31); }
    static unsigned sign_bits(vec a) noexcept {
        return static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(a)));
    }
};

struct Avx2Ops64 {
    using lane = std::int64_t;
    using vec = __m256i;
    static constexpr int lanes = 4;
    static constexpr u64 max_d = two63 - 1;
    static vec load(const lane* p) noexcept { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }
    static void store(lane* p, vec a) noexcept { _mm256_store_si256(reinterpret_cast<__m256i*>(p), a); }
    static vec set1(lane v) noexcept { return _mm256_set1_epi64x(v); }
    static vec add(vec a, vec b) noexcept { return _mm256_add_epi64(a, b); }
    static vec sub(vec a, vec b) noexcept { return _mm256_sub_epi64(a, b); }
    static vec bor(vec a, vec b) noexcept { return _mm256_or_si256(a, b); }
    static vec band(vec a, vec b) noexcept { return _mm256_and_si256(a, b); }
    // No 64-bit arithmetic shift before AVX-512: compare with zero instead.
    static vec eq(vec a, vec b) noexcept { return _mm256_cmpeq_epi64(a, b); }
    static vec neg_mask(vec a) noexcept { return _mm256_cmpgt_epi64(_mm256_setzero_si256(), a); }
    static unsigned sign_bits(vec a) noexcept {
        return static_cast<unsigned>(_mm256_movemask_pd(_mm256_castsi256_pd(a)));
    }
};

}  // namespace

// Sparse steps use 8 vectors (64 or 32 candidates): enough independent
// subtractions to fill the vector ALUs, slack in 8 YMM registers. Dense
// steps keep slack and k of 4 vectors in registers; a last dense stage with
// 8 lanes goes down to about sqrt(8x), where the scalar stages take over.

u64 search_avx2(u64 x, u64 y, u64& d, u64 floor) noexcept {
    const auto at_least = [floor](u64 f) { return f > floor ? f : floor; };
    if (const u64 g = division_stage(x, y, d, at_least(two63))) return g;
    if (const u64 g = sparse_stage<Avx2Ops64, 8>(x, y, d, at_least(two31))) return g;
    if (const u64 g = dense_stage<Avx2Ops64, 4>(x, y, d, at_least(two31))) return g;
    // The few candidates the wide lanes left above 2^31 (or all of them, when
    // x is so large that the lanes were never valid there).
    if (const u64 g = scalar_stages(x, y, d, at_least(two31))) return g;
    if (const u64 g = sparse_stage<Avx2Ops32, 8>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<Avx2Ops32, 4>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<Avx2Ops32, 1>(x, y, d, floor)) return g;
    return scalar_stages(x, y, d, floor);
}

u64 search_avx2_64(u64 x, u64 y, u64& d, u64 floor) noexcept {
    const auto at_least = [floor](u64 f) { return f > floor ? f : floor; };
    if (const u64 g = division_stage(x, y, d, at_least(two63))) return g;
    if (const u64 g = sparse_stage<Avx2Ops64, 8>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<Avx2Ops64, 4>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<Avx2Ops64, 2>(x, y, d, floor)) return g;
    return scalar_stages(x, y, d, floor);
}

}  // namespace gcd_mpi::trial_detail

GCD_MPI_TARGET_REGION_END()

#endif
