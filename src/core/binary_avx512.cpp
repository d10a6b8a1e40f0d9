// The AVX-512 path of the batch `binary` kernel for AVX-512 F and CD
// (binary_avx512_lanes.hpp has the loop; this file only says how trailing
// zeros are counted). Only runs after binary_batch.cpp has checked the CPU.

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#include <cstddef>

#include "binary_lanes.hpp"
#include "target_region.hpp"

GCD_MPI_TARGET_REGION_BEGIN("avx512f,avx512cd")

#include "binary_avx512_lanes.hpp"

namespace gcd_mpi::binary_detail {

namespace {

// 63 - lzcnt(x & -x): CD is on every AVX-512 CPU (unlike VPOPCNTDQ). For 0,
// lzcnt is 64 and the count -1, which the variable shifts treat as >= 64.
struct LzcntZeros {
    static __m512i zeros(__m512i x) noexcept {
        const __m512i lowest = _mm512_and_si512(x, _mm512_sub_epi64(_mm512_setzero_si512(), x));
        return _mm512_sub_epi64(_mm512_set1_epi64(63), _mm512_lzcnt_epi64(lowest));
    }
};

}  // namespace

void gcd_binary_avx512(const Pair* in, std::size_t count, PairResult* out) noexcept {
    avx512_pairs<LzcntZeros>(in, count, out);
}

}  // namespace gcd_mpi::binary_detail

GCD_MPI_TARGET_REGION_END()

#endif
