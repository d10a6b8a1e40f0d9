// Private to the batch `binary` kernel: the interleaved path, four pairs in
// general-purpose registers, included by binary_batch.cpp (portable code)
// and binary_bmi2.cpp (compiled for BMI1 and BMI2).
//
// Per lane: a with its trailing-zero count a_zeros still to shift out, and
// b, odd or 0. The count of the next a is taken from b - a, whose trailing
// zeros are those of |b - a|, so it runs while the min and |b - a| are still
// being formed: the loop's chain is shift, subtract, count. Every step is
// written without a data-dependent branch (conditional moves): on random
// pairs "which is larger" is a coin toss. Finished lanes reach a fixed point
// (see binary_lanes.hpp: here (g, g) -> (0, g) -> (g, 0)), and a group is
// done when every b is 0. Four chains fill the core's ALUs; five or more
// gain nothing measurable and spill registers without BMI2.
//
// Included under a target pragma, so: no library templates, nothing but
// what the policy `Bits` gives, everything in an anonymous namespace (each
// translation unit keeps its own copy, compiled for its own instruction set).

#ifndef GCD_MPI_SRC_CORE_BINARY_INTERLEAVED_HPP
#define GCD_MPI_SRC_CORE_BINARY_INTERLEAVED_HPP

#include <cstddef>
#include <cstdint>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi::binary_detail {

namespace {

constexpr int interleaved_width = 4;

// Bits::zeros(x): trailing zeros of x for x != 0, and for x == 0 a count c
// with 0 >> (c & 63) == 0 (any value does: 0 shifts to 0).
template <class Bits>
void interleaved_group(const Pair* in, PairResult* out) noexcept {
    using u64 = std::uint64_t;
    u64 a[interleaved_width];
    u64 b[interleaved_width];
    u64 a_zeros[interleaved_width];
    u64 shift[interleaved_width];
    for (int i = 0; i < interleaved_width; ++i) {
        shift[i] = Bits::zeros(in[i].a | in[i].b);  // (0, 0) gives 0 whatever the shift
        a[i] = in[i].a;
        a_zeros[i] = Bits::zeros(in[i].a);
        b[i] = in[i].b >> (Bits::zeros(in[i].b) & 63);
    }
    u64 busy = 0;
    do {
        // Two steps per check: a finished lane's extra step changes nothing.
        for (int step = 0; step < 2; ++step) {
            for (int i = 0; i < interleaved_width; ++i) {
                const u64 odd_a = a[i] >> (a_zeros[i] & 63);
                a_zeros[i] = Bits::zeros(b[i] - odd_a);
                a[i] = odd_a > b[i] ? odd_a - b[i] : b[i] - odd_a;
                b[i] = odd_a < b[i] ? odd_a : b[i];
            }
        }
        busy = 0;
        for (int i = 0; i < interleaved_width; ++i) busy |= b[i];
    } while (busy != 0);
    for (int i = 0; i < interleaved_width; ++i) {
        out[i] = PairResult{(a[i] >> (a_zeros[i] & 63)) << (shift[i] & 63), 0};
    }
}

template <class Bits>
void interleaved_pairs(const Pair* in, std::size_t count, PairResult* out) noexcept {
    std::size_t i = 0;
    for (; i + interleaved_width <= count; i += interleaved_width) interleaved_group<Bits>(in + i, out + i);
    if (i == count) return;
    // The tail, padded with (0, 0): done from the start, so it costs no steps.
    // (Aggregate initialisation: no constructor is compiled here.)
    Pair tail_in[interleaved_width] = {};
    PairResult tail_out[interleaved_width] = {};
    for (std::size_t k = i; k < count; ++k) tail_in[k - i] = in[k];
    interleaved_group<Bits>(tail_in, tail_out);
    for (std::size_t k = i; k < count; ++k) out[k] = tail_out[k - i];
}

}  // namespace

}  // namespace gcd_mpi::binary_detail

#endif
