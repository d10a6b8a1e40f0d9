#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

#include <bit>
#include <utility>

namespace gcd_mpi {

const std::vector<Kernel>& all_kernels() noexcept {
    static const std::vector<Kernel> kernels = [] {
        std::vector<Kernel> out;
        out.reserve(kernel_table.size());
        for (const auto& entry : kernel_table) out.push_back(entry.value);
        return out;
    }();
    return kernels;
}

std::string kernel_choices() { return joined_names(kernel_table); }

Kernel verification_kernel_for(Kernel k) noexcept {
    // Euclid checks everything except itself; binary checks Euclid. The two
    // share no code, so a bug in one cannot hide in the other.
    return k == Kernel::euclid ? Kernel::binary : Kernel::euclid;
}

std::uint64_t gcd_trial_naive(std::uint64_t a, std::uint64_t b) noexcept {
    const std::uint64_t smaller = a < b ? a : b;
    const std::uint64_t larger = a < b ? b : a;
    if (smaller == 0) return larger;
    for (std::uint64_t d = smaller;; --d) {
        if (a % d == 0 && b % d == 0) return d;  // d == 1 always returns
    }
}

std::uint64_t gcd_euclid(std::uint64_t a, std::uint64_t b) noexcept {
    // Remainders shrink, and a 32-bit division is several times cheaper than
    // a 64-bit one on x86, so the steps continue in 32 bits once both fit.
    while (b != 0 && (a | b) > UINT32_MAX) {
        a = std::exchange(b, a % b);
    }
    if (b == 0) return a;
    auto x = static_cast<std::uint32_t>(a);
    auto y = static_cast<std::uint32_t>(b);
    while (y != 0) {
        x = std::exchange(y, x % y);
    }
    return x;
}

std::uint64_t gcd_binary(std::uint64_t a, std::uint64_t b) noexcept {
    if (a == 0) return b;
    if (b == 0) return a;
    const int shift = std::countr_zero(a | b);
    a >>= std::countr_zero(a);
    b >>= std::countr_zero(b);
    // Both odd from here: gcd(a, b) = gcd(|a - b|, min(a, b)), and |a - b| is
    // even, so its factors of two go. Written without a data-dependent branch
    // (the compiler uses conditional moves): on random pairs the swap of the
    // textbook loop is a coin toss the CPU mispredicts half the time.
    while (a != b) {
        const std::uint64_t difference = a > b ? a - b : b - a;
        b = a < b ? a : b;
        a = difference >> std::countr_zero(difference);
    }
    return a << shift;
}

namespace {

// The brute force in windows of candidates, so one long pair (hours on large
// values) still reports progress and stops within a window's time of a stop
// request. Windows are searched in order, so candidates and answer are the
// same as one uninterrupted search. Returns 0 when stopped.
template <class SearchWindow>
std::uint64_t windowed_trial(std::uint64_t a, std::uint64_t b, std::uint64_t window, const StopFlag& stop,
                             SearchWindow search_window) noexcept {
    const std::uint64_t smaller = a < b ? a : b;
    if (smaller == 0) return a < b ? b : a;
    std::uint64_t first = smaller;
    for (;;) {
        const std::uint64_t last = first > window ? first - window + 1 : 1;
        if (const std::uint64_t g = search_window(first, last)) {
            count_candidates(first - g + 1);
            return g;
        }
        count_candidates(first - last + 1);
        if (stop.requested()) return 0;
        first = last - 1;  // last >= 2 here: d == 1 always divides
    }
}

// About 10-30 ms of work per window on the fast paths (0.03-0.25 ns per
// candidate) and on the naive loop (~2 ns): checks cost nothing measurable.
constexpr std::uint64_t trial_window = std::uint64_t{1} << 27;
constexpr std::uint64_t naive_window = std::uint64_t{1} << 24;

}  // namespace

PairResult compute_pair(Kernel k, const Pair& p, const StopFlag& stop) noexcept {
    switch (k) {
        case Kernel::trial: {
            const TrialPath path = active_trial_path();
            const std::uint64_t g = windowed_trial(
                p.a, p.b, trial_window, stop,
                [&](std::uint64_t first, std::uint64_t last) { return gcd_trial_window(path, p.a, p.b, first, last); });
            return {g, trial_candidates(p.a, p.b, g)};
        }
        case Kernel::trial_naive: {
            const std::uint64_t g =
                windowed_trial(p.a, p.b, naive_window, stop, [&](std::uint64_t first, std::uint64_t last) {
                    for (std::uint64_t d = first; d >= last; --d) {
                        if (p.a % d == 0 && p.b % d == 0) return d;
                    }
                    return std::uint64_t{0};
                });
            return {g, trial_candidates(p.a, p.b, g)};
        }
        case Kernel::euclid:
            return {gcd_euclid(p.a, p.b), 0};
        case Kernel::binary:
            return {gcd_binary(p.a, p.b), 0};
    }
    return {};
}

void compute_pairs(Kernel k, const Pair* in, std::size_t count, PairResult* out, const StopFlag& stop) noexcept {
    // Many pairs in flight at once (exact_paths.hpp); a block of them takes
    // microseconds, so the stop request is left to the caller's next block.
    if (k == Kernel::binary) return gcd_binary_batch(active_exact_path(), in, count, out);
    for (std::size_t i = 0; i < count; ++i) out[i] = compute_pair(k, in[i], stop);
}

}  // namespace gcd_mpi
