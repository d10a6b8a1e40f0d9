// The SSE2 path of the trial kernel (see trial_lanes.hpp for the algorithm):
// for x86-64 CPUs without AVX2. SSE2 is part of the x86-64 baseline, so no
// pragma is needed. Only 32-bit lanes (4 per vector): SSE2 has no 64-bit
// compare, and two 64-bit lanes per vector would not beat the scalar lanes,
// which therefore cover the candidates above 2^31.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <emmintrin.h>

#include <cstdint>

#include "trial_lanes.hpp"

namespace gcd_mpi::trial_detail {

namespace {

struct Sse2Ops32 {
    using lane = std::int32_t;
    using vec = __m128i;
    static constexpr int lanes = 4;
    static constexpr u64 max_d = two31 - 1;
    static vec load(const lane* p) noexcept { return _mm_load_si128(reinterpret_cast<const __m128i*>(p)); }
    static void store(lane* p, vec a) noexcept { _mm_store_si128(reinterpret_cast<__m128i*>(p), a); }
    static vec set1(lane v) noexcept { return _mm_set1_epi32(v); }
    static vec add(vec a, vec b) noexcept { return _mm_add_epi32(a, b); }
    static vec sub(vec a, vec b) noexcept { return _mm_sub_epi32(a, b); }
    static vec bor(vec a, vec b) noexcept { return _mm_or_si128(a, b); }
    static vec band(vec a, vec b) noexcept { return _mm_and_si128(a, b); }
    static vec eq(vec a, vec b) noexcept { return _mm_cmpeq_epi32(a, b); }
    static vec neg_mask(vec a) noexcept { return _mm_srai_epi32(a, 31); }
    static unsigned sign_bits(vec a) noexcept { return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(a))); }
};

}  // namespace

u64 search_sse2(u64 x, u64 y, u64& d, u64 floor) noexcept {
    // No SSE2 lanes above 2^31: the scalar stages test those candidates.
    if (const u64 g = scalar_stages(x, y, d, two31 > floor ? two31 : floor)) return g;
    if (const u64 g = sparse_stage<Sse2Ops32, 8>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<Sse2Ops32, 4>(x, y, d, floor)) return g;
    if (const u64 g = dense_stage<Sse2Ops32, 2>(x, y, d, floor)) return g;
    return scalar_stages(x, y, d, floor);
}

}  // namespace gcd_mpi::trial_detail

#endif
