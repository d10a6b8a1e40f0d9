// The AVX-512 path of the batch `binary` kernel, for AVX-512 F and CD
// (binary_avx512_lanes.hpp has the loop). Compiled by a pragma, like
// trial_avx2.cpp: it only runs after binary_batch.cpp has checked the CPU,
// and the pragma region starts after the library headers.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "binary_lanes.hpp"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512cd"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512cd")
// GCC 12's unmasked AVX-512 intrinsics pass _mm512_undefined_epi32() (a
// self-initialised variable) as the unused source: a false -Wuninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include "binary_avx512_lanes.hpp"

namespace gcd_mpi::binary_detail {

namespace {

// 63 - lzcnt(x & -x): CD is on every AVX-512 CPU (unlike VPOPCNTDQ). For 0,
// lzcnt is 64 and the count -1, which the variable shifts treat as >= 64.
struct Ctz {
    static __m512i zeros(__m512i x) noexcept {
        const __m512i lowest = _mm512_and_si512(x, _mm512_sub_epi64(_mm512_setzero_si512(), x));
        return _mm512_sub_epi64(_mm512_set1_epi64(63), _mm512_lzcnt_epi64(lowest));
    }
};

}  // namespace

void gcd_binary_avx512(const Pair* in, std::size_t count, PairResult* out) noexcept {
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
