// Private to the batch `binary` kernel (src/core/binary_*.cpp): the SIMD
// paths that binary_batch.cpp dispatches to after checking the CPU.
//
// Every path runs the same Stein iteration on lanes that hold (a, b), both
// odd or 0 once the common factor 2^shift is taken out:
//
//     m = min(a, b);  d = max(a, b) - m;  a = d >> ctz(d);  b = m
//
// with ctz(0) giving a shift of at least 64, i.e. a result of 0. A finished
// lane is a fixed point: (g, g) -> (0, g) -> (g, 0) -> (g, 0), so lanes that
// finish early need no mask, and a group of lanes is done when every b is 0;
// the gcd is then a << shift. (0, 0) starts done; (0, x) takes one step.
//
// Like trial_lanes.hpp this header is included by translation units compiled
// for different instruction sets, so it includes only <cstddef>/<cstdint>
// and declares, never defines.

#ifndef GCD_MPI_SRC_CORE_BINARY_LANES_HPP
#define GCD_MPI_SRC_CORE_BINARY_LANES_HPP

#include <cstddef>
#include <cstdint>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi::binary_detail {

// The SIMD paths load Pair arrays as words a b a b ... and store PairResult
// arrays as gcd candidates gcd candidates ...
static_assert(sizeof(Pair) == 16 && offsetof(Pair, a) == 0 && offsetof(Pair, b) == 8);
static_assert(sizeof(PairResult) == 16 && offsetof(PairResult, gcd) == 0 && offsetof(PairResult, candidates) == 8);

/// The interleaved path compiled for BMI1 + BMI2. Only after the CPU check.
void gcd_binary_interleaved_bmi2(const Pair* in, std::size_t count, PairResult* out) noexcept;
/// AVX2 (4 x 64-bit lanes, 16 pairs in flight). Only after the CPU check.
void gcd_binary_avx2(const Pair* in, std::size_t count, PairResult* out) noexcept;
/// AVX-512 F + CD (8 x 64-bit lanes, 32 pairs in flight). Only after the CPU check.
void gcd_binary_avx512(const Pair* in, std::size_t count, PairResult* out) noexcept;
/// AVX-512 F + VPOPCNTDQ, otherwise the same. Only after the CPU check.
void gcd_binary_avx512_popcnt(const Pair* in, std::size_t count, PairResult* out) noexcept;

}  // namespace gcd_mpi::binary_detail

#endif
