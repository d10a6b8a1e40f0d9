// The brute-force kernel with cheap candidate tests.
//
// Same candidates, same order, same answer as gcd_trial_naive: d runs from
// min(a, b) down, and the first d dividing both is returned. What changes is
// the cost of asking "does d divide the smaller value x?". Keeping
// x = q*d + r up to date as d falls by one needs no division:
//   x = q*(d+1) + r  =>  x = q*d + (r + q),
// then r is brought back below d by subtracting d (at most twice while q <= d).
// The larger value is only divided when r == 0, which is rare.
// Below d ~ sqrt(x), q outgrows d and the update would loop; the last few
// thousand candidates use plain division instead.

#include "gcd_mpi/core/kernels.hpp"

namespace gcd_mpi {

std::uint64_t gcd_trial(std::uint64_t a, std::uint64_t b) noexcept {
    const std::uint64_t x = a < b ? a : b;  // smaller: its remainder is tracked
    const std::uint64_t y = a < b ? b : a;  // larger: divided only on hits
    if (x == 0) return y;
    std::uint64_t d = x;
    std::uint64_t q = 1;  // invariant: x == q*d + r, 0 <= r < d
    std::uint64_t r = 0;
    while (q < d) {
        if (r == 0 && y % d == 0) return d;
        --d;
        r += q;  // r + q <= x: cannot overflow (see header comment)
        while (r >= d) {
            r -= d;
            ++q;
        }
    }
    for (;; --d) {
        if (x % d == 0 && y % d == 0) return d;  // d == 1 always returns
    }
}

}  // namespace gcd_mpi
