// Private to the batch `binary` kernel: the AVX-512 group loop, one template
// over how trailing zeros are counted (the policy Ctz), included by
// binary_avx512.cpp (AVX-512 F + CD: trailing zeros by vplzcntq) and
// binary_avx512_popcnt.cpp (F + VPOPCNTDQ: by vpopcntq), each inside its own
// target region (target_region.hpp), which must be open before this header
// is included.
//
// AVX-512 has every piece of Stein's step (binary_lanes.hpp) on 64-bit
// lanes: vpminuq, vpmaxuq, vpsubq, a trailing-zero count and vpsrlvq, 7 or
// 8 instructions a step for 8 lanes. As in binary_interleaved.hpp: no
// library templates, everything in an anonymous namespace.

#ifndef GCD_MPI_SRC_CORE_BINARY_AVX512_LANES_HPP
#define GCD_MPI_SRC_CORE_BINARY_AVX512_LANES_HPP

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "gcd_mpi/core/pair.hpp"

// GCC 12's unmasked AVX-512 intrinsics pass _mm512_undefined_epi32() (a
// self-initialised variable) as the unused source: a false -Wuninitialized
// where they are inlined, here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace gcd_mpi::binary_detail {

namespace {

// 4 vectors of 8 lanes: 32 independent chains cover the step's latency
// (~12 cycles) on the two 512-bit ports. Groups step until their slowest
// lane is done: on random 64-bit pairs 50.5 steps for a mean of 44.2
// (14% idle lanes), too little to pay for refilling lanes one by one.
constexpr int avx512_vectors = 4;
constexpr std::size_t avx512_group = avx512_vectors * 8;

// Ctz::zeros(x): trailing zeros per lane, and for 0 a count of 64 or more
// (vpsrlvq and vpsllvq give 0 for any count above 63).
template <class Ctz>
void avx512_step(__m512i& a, __m512i& b) noexcept {
    const __m512i smaller = _mm512_min_epu64(a, b);
    const __m512i difference = _mm512_sub_epi64(_mm512_max_epu64(a, b), smaller);
    a = _mm512_srlv_epi64(difference, Ctz::zeros(difference));
    b = smaller;
}

// 32 pairs from `in` to `out`, as 64 words each: a b a b ... in, gcd 0 gcd 0 ... out.
template <class Ctz>
void avx512_group_run(const std::uint64_t* in, std::uint64_t* out) noexcept {
    // Word i of the two loaded vectors (i < 8: first, i >= 8: second).
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    __m512i a[avx512_vectors];
    __m512i b[avx512_vectors];
    __m512i shift[avx512_vectors];
    for (int v = 0; v < avx512_vectors; ++v) {
        const __m512i first = _mm512_loadu_si512(in + 16 * v);
        const __m512i second = _mm512_loadu_si512(in + 16 * v + 8);
        const __m512i x = _mm512_permutex2var_epi64(first, even, second);
        const __m512i y = _mm512_permutex2var_epi64(first, odd, second);
        shift[v] = Ctz::zeros(_mm512_or_si512(x, y));  // (0, 0) gives 0 whatever the shift
        a[v] = _mm512_srlv_epi64(x, Ctz::zeros(x));
        b[v] = _mm512_srlv_epi64(y, Ctz::zeros(y));
    }
    for (;;) {
        for (int s = 0; s < 2; ++s) {  // two steps per check: extra steps change nothing
            for (int v = 0; v < avx512_vectors; ++v) avx512_step<Ctz>(a[v], b[v]);
        }
        __m512i busy = b[0];
        for (int v = 1; v < avx512_vectors; ++v) busy = _mm512_or_si512(busy, b[v]);
        if (_mm512_test_epi64_mask(busy, busy) == 0) break;
    }
    // Interleave each gcd with a zero candidate count (index 8: the zero vector's word).
    const __m512i low_half = _mm512_setr_epi64(0, 8, 1, 8, 2, 8, 3, 8);
    const __m512i high_half = _mm512_setr_epi64(4, 8, 5, 8, 6, 8, 7, 8);
    const __m512i zero = _mm512_setzero_si512();
    for (int v = 0; v < avx512_vectors; ++v) {
        const __m512i g = _mm512_sllv_epi64(a[v], shift[v]);
        _mm512_storeu_si512(out + 16 * v, _mm512_permutex2var_epi64(g, low_half, zero));
        _mm512_storeu_si512(out + 16 * v + 8, _mm512_permutex2var_epi64(g, high_half, zero));
    }
}

template <class Ctz>
void avx512_pairs(const Pair* in, std::size_t count, PairResult* out) noexcept {
    std::size_t i = 0;
    for (; i + avx512_group <= count; i += avx512_group) {
        avx512_group_run<Ctz>(reinterpret_cast<const std::uint64_t*>(in + i),
                              reinterpret_cast<std::uint64_t*>(out + i));
    }
    if (i == count) return;
    // The tail, padded with (0, 0) pairs, which are done from the start.
    // Plain words: no constructor is compiled here.
    std::uint64_t tail_in[2 * avx512_group] = {};
    std::uint64_t tail_out[2 * avx512_group];
    for (std::size_t k = i; k < count; ++k) {
        tail_in[2 * (k - i)] = in[k].a;
        tail_in[2 * (k - i) + 1] = in[k].b;
    }
    avx512_group_run<Ctz>(tail_in, tail_out);
    for (std::size_t k = i; k < count; ++k) {
        out[k].gcd = tail_out[2 * (k - i)];
        out[k].candidates = 0;
    }
}

}  // namespace

}  // namespace gcd_mpi::binary_detail

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#endif
