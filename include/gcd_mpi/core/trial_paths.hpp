#pragma once
/// The code paths of the brute-force kernel gcd_trial, and how one is chosen.
///
/// Every path tries the same candidates in the same order as gcd_trial_naive
/// (d = min(a, b), min - 1, ..., first common divisor wins) and returns the
/// same answer; they differ only in how cheaply a candidate is tested.
/// gcd_trial() runs active_trial_path(): the best path this CPU supports,
/// unless the environment variable GCD_MPI_TRIAL_PATH names another.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/name_table.hpp"

namespace gcd_mpi {

enum class TrialPath {
    scalar,     ///< general-purpose registers only, any CPU, any value
    sse2,       ///< x86-64 baseline: 4 x 32-bit lanes while min(a, b) < 2^31
    avx2,       ///< 8 x 32-bit lanes below 2^31, 4 x 64-bit lanes below 2^63
    avx2_64,    ///< AVX2 with 4 x 64-bit lanes for every value below 2^63
    avx512,     ///< AVX-512 F/DQ/BW/VL: 16 x 32-bit lanes below 2^31, 8 x 64-bit below 2^63
    avx512_64,  ///< AVX-512 with 8 x 64-bit lanes for every value below 2^63
};

/// The environment variable that forces a path: auto, scalar, sse2, avx2, avx2-64,
/// avx512, avx512-64.
inline constexpr std::string_view trial_path_env_var = "GCD_MPI_TRIAL_PATH";

/// The trial paths' one name table, in a stable order.
inline constexpr std::array<NameEntry<TrialPath>, 6> trial_path_table{{
    {TrialPath::scalar, "scalar"},
    {TrialPath::sse2, "sse2"},
    {TrialPath::avx2, "avx2"},
    {TrialPath::avx2_64, "avx2-64"},
    {TrialPath::avx512, "avx512"},
    {TrialPath::avx512_64, "avx512-64"},
}};
/// The request that picks the best supported path.
inline constexpr std::string_view trial_path_auto = "auto";

/// Canonical name ("scalar", "sse2", "avx2", "avx2-64", "avx512", "avx512-64").
[[nodiscard]] constexpr std::string_view trial_path_name(TrialPath p) noexcept { return name_in(trial_path_table, p); }
/// Parses a canonical name; nullopt for anything else (including "auto").
[[nodiscard]] constexpr std::optional<TrialPath> trial_path_from_name(std::string_view name) noexcept {
    return value_in(trial_path_table, name);
}
/// Every path this build knows, supported by this CPU or not, in table order.
[[nodiscard]] const std::vector<TrialPath>& all_trial_paths() noexcept;
/// What users may set trial_path_env_var to, joined by `separator`:
/// "auto, scalar, sse2, avx2, avx2-64, avx512, avx512-64" (whether this CPU
/// supports them or not).
[[nodiscard]] std::string trial_path_choices(std::string_view separator = ", ");
/// True when this build has the path and this CPU can run it (for avx512 and
/// avx512-64: AVX-512 F, DQ, BW and VL, with the OS saving the ZMM and mask
/// registers).
[[nodiscard]] bool trial_path_supported(TrialPath p) noexcept;
/// The paths trial_path_supported() accepts, in the order of all_trial_paths().
[[nodiscard]] std::vector<TrialPath> available_trial_paths();
/// The fastest supported path (avx512, else avx2, else sse2, else scalar).
[[nodiscard]] TrialPath best_trial_path() noexcept;
/// Resolves a user's request: trial_path_auto or "" -> best_trial_path(); the name of a
/// supported path -> that path; nullopt for an unknown name or a path this CPU
/// lacks (the caller reports the error).
[[nodiscard]] std::optional<TrialPath> resolve_trial_path(std::string_view request) noexcept;
/// The path gcd_trial() uses: resolve_trial_path($GCD_MPI_TRIAL_PATH), read
/// once at the first call; best_trial_path() when the variable is unset or
/// invalid (validate it with resolve_trial_path to report a bad value).
[[nodiscard]] TrialPath active_trial_path() noexcept;

/// gcd_trial on a chosen path: same candidates, order and answer as
/// gcd_trial_naive. gcd(a, 0) == a, gcd(0, 0) == 0. A path this CPU lacks
/// runs as scalar (never executes an unsupported instruction).
[[nodiscard]] std::uint64_t gcd_trial_with(TrialPath p, std::uint64_t a, std::uint64_t b) noexcept;
/// The same downward search started at candidate `first` instead of
/// min(a, b): the largest d <= min(first, a, b) dividing both a and b (first
/// below 1 counts as 1). When a or b is 0, returns max(a, b) like gcd_trial.
/// Lets tests reach large values with short searches, and lets a caller split
/// one pair's candidates: gcd_trial_with(p, a, b) == gcd_trial_from(p, a, b, max).
[[nodiscard]] std::uint64_t gcd_trial_from(TrialPath p, std::uint64_t a, std::uint64_t b, std::uint64_t first) noexcept;
/// One window of the same search: the largest d in [last, min(first, a, b)]
/// dividing both a and b, or 0 when none does (last below 1 counts as 1).
/// When a or b is 0, returns max(a, b). Searching windows first..last,
/// last-1..., in order is the whole search: callers use it to check for
/// stop requests and report progress inside one long pair.
[[nodiscard]] std::uint64_t gcd_trial_window(TrialPath p, std::uint64_t a, std::uint64_t b, std::uint64_t first,
                                             std::uint64_t last) noexcept;

}  // namespace gcd_mpi
