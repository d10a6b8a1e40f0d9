#pragma once
/// GCD kernels. All return gcd(|a|, |b|) of the magnitudes given, with
/// gcd(0, 0) == 0 and gcd(a, 0) == a, and all agree on every input.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/name_table.hpp"
#include "gcd_mpi/core/pair.hpp"
#include "gcd_mpi/core/stop.hpp"

namespace gcd_mpi {

enum class Kernel {
    trial,        ///< brute force, same candidates and order, fast candidate tests
    trial_naive,  ///< brute force with one `%` per candidate: the reference
    euclid,       ///< Euclid's remainder algorithm
    binary,       ///< Stein's binary algorithm
};

/// The kernels' one name table, in a stable order (help text, tests).
inline constexpr std::array<NameEntry<Kernel>, 4> kernel_table{{
    {Kernel::trial, "trial", "brute force, the workload"},
    {Kernel::trial_naive, "trial-naive", "brute force, one division per candidate"},
    {Kernel::euclid, "euclid"},
    {Kernel::binary, "binary"},
}};

/// Canonical name ("trial", "trial-naive", "euclid", "binary").
[[nodiscard]] constexpr std::string_view kernel_name(Kernel k) noexcept { return name_in(kernel_table, k); }
/// Parses a canonical name; nullopt for anything else.
[[nodiscard]] constexpr std::optional<Kernel> kernel_from_name(std::string_view name) noexcept {
    return value_in(kernel_table, name);
}
/// All kernels, in table order (for help text and tests).
[[nodiscard]] const std::vector<Kernel>& all_kernels() noexcept;
/// The names users may pass: "trial, trial-naive, euclid, binary".
[[nodiscard]] std::string kernel_choices();
/// True for the brute-force kernels, whose cost is the candidate count.
[[nodiscard]] constexpr bool is_trial_kernel(Kernel k) noexcept {
    return k == Kernel::trial || k == Kernel::trial_naive;
}
/// The kernel used by --verify to re-check results of `k`: never `k` itself
/// nor one sharing its algorithm.
[[nodiscard]] Kernel verification_kernel_for(Kernel k) noexcept;

/// Brute force, one division per candidate: tries d = min(a, b), min - 1, ...
/// and returns the first d dividing both. gcd(a, 0) == a.
[[nodiscard]] std::uint64_t gcd_trial_naive(std::uint64_t a, std::uint64_t b) noexcept;
/// Same candidates in the same order and the same answer as gcd_trial_naive,
/// with cheaper candidate tests (see trial.cpp).
[[nodiscard]] std::uint64_t gcd_trial(std::uint64_t a, std::uint64_t b) noexcept;
/// Euclid's algorithm.
[[nodiscard]] std::uint64_t gcd_euclid(std::uint64_t a, std::uint64_t b) noexcept;
/// Stein's binary algorithm.
[[nodiscard]] std::uint64_t gcd_binary(std::uint64_t a, std::uint64_t b) noexcept;

/// Candidates the brute force tries for (a, b): min - gcd + 1, or 0 when
/// either value is 0 (no candidate is tested then).
[[nodiscard]] constexpr std::uint64_t trial_candidates(std::uint64_t a, std::uint64_t b, std::uint64_t gcd) noexcept {
    const std::uint64_t m = a < b ? a : b;
    return m == 0 ? 0 : m - gcd + 1;
}

/// Upper bound of the brute force's work for (a, b), known before computing:
/// the candidates it tries are min - gcd + 1 <= min(a, b). Exact in two cases
/// one division tells apart: 0 when either value is 0, and 1 when the smaller
/// divides the larger (gcd = min, found at the first candidate; (x, x) is
/// one). The one estimate behind the balanced/dynamic plans, the up-front
/// cost note and the checkpoint batch cut.
[[nodiscard]] constexpr std::uint64_t trial_cost_bound(const Pair& p) noexcept {
    const std::uint64_t smaller = p.a < p.b ? p.a : p.b;
    const std::uint64_t larger = p.a < p.b ? p.b : p.a;
    if (smaller == 0) return 0;
    return larger % smaller == 0 ? 1 : smaller;
}

/// Runs kernel `k` on one pair. The trial kernels search in windows of
/// candidates, add them to the progress counters, and give up (returning a
/// meaningless result) once `stop` is requested: callers discard results
/// computed after a stop request.
[[nodiscard]] PairResult compute_pair(Kernel k, const Pair& p, const StopFlag& stop) noexcept;
/// compute_pair run to its end.
[[nodiscard]] inline PairResult compute_pair(Kernel k, const Pair& p) noexcept {
    return compute_pair(k, p, never_stop());
}

/// Runs kernel `k` on `count` pairs from `in`, writing `count` results to `out`.
void compute_pairs(Kernel k, const Pair* in, std::size_t count, PairResult* out,
                   const StopFlag& stop = never_stop()) noexcept;

}  // namespace gcd_mpi
