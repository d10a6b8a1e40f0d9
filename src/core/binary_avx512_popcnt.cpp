// The AVX-512 path of the batch `binary` kernel with VPOPCNTDQ (Ice Lake, Zen 4 and later)
// (binary_avx512_lanes.hpp has the loop). Compiled by a pragma, like
// trial_avx2.cpp: it only runs after binary_batch.cpp has checked the CPU,
// and the pragma region starts after the library headers.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "binary_lanes.hpp"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512vpopcntdq"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512vpopcntdq")
// GCC 12's unmasked AVX-512 intrinsics pass _mm512_undefined_epi32() (a
// self-initialised variable) as the unused source: a false -Wuninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include "binary_avx512_lanes.hpp"

namespace gcd_mpi::binary_detail {

namespace {

// popcount(~x & (x - 1)): one instruction fewer a step than the lzcnt form,
// 9.8 against 12-13 ns a pair on random 64-bit values (Sapphire Rapids).
// 64 for 0.
struct Ctz {
    static __m512i zeros(__m512i x) noexcept {
        return _mm512_popcnt_epi64(_mm512_andnot_si512(x, _mm512_add_epi64(x, _mm512_set1_epi64(-1))));
    }
};

}  // namespace

void gcd_binary_avx512_popcnt(const Pair* in, std::size_t count, PairResult* out) noexcept {
    avx512_pairs<Ctz>(in, count, out);
}

}  // namespace gcd_mpi::binary_detail

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif

#endif
