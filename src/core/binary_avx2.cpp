// The AVX2 path of the batch `binary` kernel (binary_lanes.hpp has the
// iteration). Compiled for AVX2 by a pragma, like trial_avx2.cpp: these
// functions only run after binary_batch.cpp has checked the CPU, and the
// pragma region starts after the library headers.
//
// AVX2 lacks what Stein's step wants on 64-bit lanes: an unsigned compare
// (values carry a 2^63 bias so the signed vpcmpgtq orders them; the bias
// cancels in differences), min/max (one vpblendvb picks the min, the
// difference's sign is fixed with xor/sub) and a trailing-zero count
// (popcount of ~d & (d - 1) by nibble lookups, vpshufb, and a byte sum,
// vpsadbw). About 17 instructions a step for 4 lanes.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "binary_lanes.hpp"
#include "target_region.hpp"

GCD_MPI_TARGET_REGION_BEGIN("avx2")

namespace gcd_mpi::binary_detail {

namespace {

// 4 vectors of 4 lanes: 16 independent chains, enough to cover the step's
// latency (~10 cycles) with the 3 vector ports busy.
constexpr int vectors = 4;
constexpr std::size_t group = vectors * 4;

// Constants, built once per call (a function, not default member
// initializers: an implicit constructor would not be compiled for AVX2).
struct Consts {
    __m256i bias;
    __m256i minus_one;
    __m256i low_nibbles;
    __m256i nibble_popcount;
};

Consts make_consts() noexcept {
    return {_mm256_set1_epi64x(static_cast<long long>(std::uint64_t{1} << 63)), _mm256_set1_epi64x(-1),
            _mm256_set1_epi8(0x0f),
            _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,  //
                             0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4)};
}

// Trailing zeros per lane; 64 for 0 (vpsrlvq by 64 gives 0).
__m256i ctz(const Consts& c, __m256i x) noexcept {
    const __m256i below = _mm256_andnot_si256(x, _mm256_add_epi64(x, c.minus_one));  // ones below the lowest 1
    const __m256i lo = _mm256_and_si256(below, c.low_nibbles);
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(below, 4), c.low_nibbles);
    const __m256i bytes =
        _mm256_add_epi8(_mm256_shuffle_epi8(c.nibble_popcount, lo), _mm256_shuffle_epi8(c.nibble_popcount, hi));
    return _mm256_sad_epu8(bytes, _mm256_setzero_si256());
}

// One step on biased lanes (A = a + 2^63, B = b + 2^63).
void step(const Consts& c, __m256i& biased_a, __m256i& biased_b) noexcept {
    const __m256i a_greater = _mm256_cmpgt_epi64(biased_a, biased_b);
    const __m256i biased_min = _mm256_blendv_epi8(biased_a, biased_b, a_greater);
    const __m256i b_minus_a = _mm256_sub_epi64(biased_b, biased_a);
    const __m256i difference = _mm256_sub_epi64(_mm256_xor_si256(b_minus_a, a_greater), a_greater);  // |a - b|
    biased_a = _mm256_xor_si256(_mm256_srlv_epi64(difference, ctz(c, difference)), c.bias);
    biased_b = biased_min;
}

// 16 pairs from `in` to `out`, as 32 words each: a b a b ... in, gcd 0 gcd 0 ... out.
void run_group(const Consts& c, const std::uint64_t* in, std::uint64_t* out) noexcept {
    __m256i a[vectors];
    __m256i b[vectors];
    __m256i shift[vectors];
    for (int v = 0; v < vectors; ++v) {
        // Two loads of [a b a b]; the unpacks give lanes in the order 0 2 1 3,
        // which the unpacks of the store undo.
        const __m256i p01 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + 8 * v));
        const __m256i p23 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + 8 * v + 4));
        const __m256i x = _mm256_unpacklo_epi64(p01, p23);
        const __m256i y = _mm256_unpackhi_epi64(p01, p23);
        shift[v] = ctz(c, _mm256_or_si256(x, y));  // 64 for (0, 0): the result is 0 either way
        a[v] = _mm256_xor_si256(_mm256_srlv_epi64(x, ctz(c, x)), c.bias);
        b[v] = _mm256_xor_si256(_mm256_srlv_epi64(y, ctz(c, y)), c.bias);
    }
    for (;;) {
        for (int s = 0; s < 2; ++s) {  // two steps per check: extra steps change nothing
            for (int v = 0; v < vectors; ++v) step(c, a[v], b[v]);
        }
        __m256i busy = _mm256_xor_si256(b[0], c.bias);
        for (int v = 1; v < vectors; ++v) busy = _mm256_or_si256(busy, _mm256_xor_si256(b[v], c.bias));
        if (_mm256_testz_si256(busy, busy)) break;
    }
    for (int v = 0; v < vectors; ++v) {
        const __m256i g = _mm256_sllv_epi64(_mm256_xor_si256(a[v], c.bias), shift[v]);
        const __m256i zero = _mm256_setzero_si256();
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * v), _mm256_unpacklo_epi64(g, zero));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * v + 4), _mm256_unpackhi_epi64(g, zero));
    }
}

}  // namespace

void gcd_binary_avx2(const Pair* in, std::size_t count, PairResult* out) noexcept {
    const Consts c = make_consts();
    std::size_t i = 0;
    for (; i + group <= count; i += group) {
        run_group(c, reinterpret_cast<const std::uint64_t*>(in + i), reinterpret_cast<std::uint64_t*>(out + i));
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
    run_group(c, tail_in, tail_out);
    for (std::size_t k = i; k < count; ++k) {
        out[k].gcd = tail_out[2 * (k - i)];
        out[k].candidates = 0;
    }
}

}  // namespace gcd_mpi::binary_detail

GCD_MPI_TARGET_REGION_END()

#endif
