// The AVX-512 path of the batch `binary` kernel with VPOPCNTDQ (Ice Lake,
// Zen 4 and later): binary_avx512.cpp's loop (binary_avx512_lanes.hpp) with
// trailing zeros counted by vpopcntq. Only runs after binary_batch.cpp has
// checked the CPU.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstddef>

#include "binary_lanes.hpp"
#include "target_region.hpp"

GCD_MPI_TARGET_REGION_BEGIN("avx512f,avx512vpopcntdq")

#include "binary_avx512_lanes.hpp"

namespace gcd_mpi::binary_detail {

namespace {

// popcount(~x & (x - 1)): one instruction fewer a step than the lzcnt form,
// 9.8 against 12-13 ns a pair on random 64-bit values (Sapphire Rapids).
// 64 for 0.
struct PopcntZeros {
    static __m512i zeros(__m512i x) noexcept {
        return _mm512_popcnt_epi64(_mm512_andnot_si512(x, _mm512_add_epi64(x, _mm512_set1_epi64(-1))));
    }
};

}  // namespace

void gcd_binary_avx512_popcnt(const Pair* in, std::size_t count, PairResult* out) noexcept {
    avx512_pairs<PopcntZeros>(in, count, out);
}

}  // namespace gcd_mpi::binary_detail

GCD_MPI_TARGET_REGION_END()

#endif
