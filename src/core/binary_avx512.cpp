// The AVX-512 path of the batch `binary` kernel (binary_lanes.hpp has the
// iteration). Compiled for AVX-512 F and CD by a pragma, like
// trial_avx2.cpp: these functions only run after binary_batch.cpp has
// checked the CPU, and the pragma region starts after the library headers.
//
// AVX-512 has every piece of Stein's step on 64-bit lanes: vpminuq,
// vpmaxuq, vpsubq, the trailing-zero count as 63 - vplzcntq(d & -d) (CD is
// on every AVX-512 CPU, unlike VPOPCNTDQ; 0 gives -1, and vpsrlvq by that
// gives 0) and vpsrlvq: 7 instructions a step for 8 lanes.

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

namespace gcd_mpi::binary_detail {

namespace {

// 4 vectors of 8 lanes: 32 independent chains cover the step's latency
// (~12 cycles) on the two 512-bit ports.
constexpr int vectors = 4;
constexpr std::size_t group = vectors * 8;

// Trailing zeros per lane; -1 (all ones) for 0, which vpsrlvq and vpsllvq
// treat like any count above 63: the result is 0.
__m512i ctz(__m512i x) noexcept {
    const __m512i lowest = _mm512_and_si512(x, _mm512_sub_epi64(_mm512_setzero_si512(), x));
    return _mm512_sub_epi64(_mm512_set1_epi64(63), _mm512_lzcnt_epi64(lowest));
}

void step(__m512i& a, __m512i& b) noexcept {
    const __m512i smaller = _mm512_min_epu64(a, b);
    const __m512i difference = _mm512_sub_epi64(_mm512_max_epu64(a, b), smaller);
    a = _mm512_srlv_epi64(difference, ctz(difference));
    b = smaller;
}

// 32 pairs from `in` to `out`, as 64 words each: a b a b ... in, gcd 0 gcd 0 ... out.
void run_group(const std::uint64_t* in, std::uint64_t* out) noexcept {
    // Word i of the two loaded vectors (i < 8: first, i >= 8: second).
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    __m512i a[vectors];
    __m512i b[vectors];
    __m512i shift[vectors];
    for (int v = 0; v < vectors; ++v) {
        const __m512i first = _mm512_loadu_si512(in + 16 * v);
        const __m512i second = _mm512_loadu_si512(in + 16 * v + 8);
        const __m512i x = _mm512_permutex2var_epi64(first, even, second);
        const __m512i y = _mm512_permutex2var_epi64(first, odd, second);
        shift[v] = ctz(_mm512_or_si512(x, y));  // all ones for (0, 0): the result is 0 either way
        a[v] = _mm512_srlv_epi64(x, ctz(x));
        b[v] = _mm512_srlv_epi64(y, ctz(y));
    }
    for (;;) {
        for (int s = 0; s < 2; ++s) {  // two steps per check: extra steps change nothing
            for (int v = 0; v < vectors; ++v) step(a[v], b[v]);
        }
        __m512i busy = b[0];
        for (int v = 1; v < vectors; ++v) busy = _mm512_or_si512(busy, b[v]);
        if (_mm512_test_epi64_mask(busy, busy) == 0) break;
    }
    // Interleave each gcd with a zero candidate count (index 8: the zero vector's word).
    const __m512i low_half = _mm512_setr_epi64(0, 8, 1, 8, 2, 8, 3, 8);
    const __m512i high_half = _mm512_setr_epi64(4, 8, 5, 8, 6, 8, 7, 8);
    const __m512i zero = _mm512_setzero_si512();
    for (int v = 0; v < vectors; ++v) {
        const __m512i g = _mm512_sllv_epi64(a[v], shift[v]);
        _mm512_storeu_si512(out + 16 * v, _mm512_permutex2var_epi64(g, low_half, zero));
        _mm512_storeu_si512(out + 16 * v + 8, _mm512_permutex2var_epi64(g, high_half, zero));
    }
}

}  // namespace

void gcd_binary_avx512(const Pair* in, std::size_t count, PairResult* out) noexcept {
    std::size_t i = 0;
    for (; i + group <= count; i += group) {
        run_group(reinterpret_cast<const std::uint64_t*>(in + i), reinterpret_cast<std::uint64_t*>(out + i));
    }
    if (i == count) return;
    // The tail, padded with (0, 0) pairs, which are done from the start. Plain
    // words, not Pair objects: no constructor of a library type is compiled
    // under the pragma (binary_lanes.hpp).
    std::uint64_t tail_in[2 * group] = {};
    std::uint64_t tail_out[2 * group];
    for (std::size_t k = i; k < count; ++k) {
        tail_in[2 * (k - i)] = in[k].a;
        tail_in[2 * (k - i) + 1] = in[k].b;
    }
    run_group(tail_in, tail_out);
    for (std::size_t k = i; k < count; ++k) {
        out[k].gcd = tail_out[2 * (k - i)];
        out[k].candidates = 0;
    }
}

}  // namespace gcd_mpi::binary_detail

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif

#endif
