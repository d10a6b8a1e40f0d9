#pragma once
/// The code paths of the exact `binary` kernel over a block of pairs, and how
/// one is chosen.
///
/// Every path computes Stein's binary gcd of each pair and returns the same
/// answer as gcd_binary; they differ in how many pairs are in flight at once.
/// compute_pairs(Kernel::binary, ...) runs active_exact_path(): the best path
/// this CPU supports, unless the environment variable GCD_MPI_EXACT_PATH
/// names another.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/name_table.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

enum class ExactPath {
    scalar,            ///< gcd_binary pair by pair, any CPU
    interleaved,       ///< four pairs at once in general-purpose registers, any CPU
    interleaved_bmi2,  ///< the same with BMI1/BMI2 instructions (tzcnt, shrx)
    avx2,              ///< 4 x 64-bit lanes, 16 pairs in flight
    avx512,            ///< 8 x 64-bit lanes (AVX-512 F and CD), 32 pairs in flight
    avx512_popcnt,     ///< the same counting zeros with VPOPCNTDQ (AVX-512 F and VPOPCNTDQ)
};

/// The environment variable that forces a path: auto, scalar, interleaved, interleaved-bmi2, avx2, avx512,
/// avx512-popcnt.
inline constexpr std::string_view exact_path_env_var = "GCD_MPI_EXACT_PATH";

/// The exact paths' one name table, in a stable order.
inline constexpr std::array<NameEntry<ExactPath>, 6> exact_path_table{{
    {ExactPath::scalar, "scalar"},
    {ExactPath::interleaved, "interleaved"},
    {ExactPath::interleaved_bmi2, "interleaved-bmi2"},
    {ExactPath::avx2, "avx2"},
    {ExactPath::avx512, "avx512"},
    {ExactPath::avx512_popcnt, "avx512-popcnt"},
}};
/// The request that picks the best supported path.
inline constexpr std::string_view exact_path_auto = "auto";

/// Canonical name ("scalar", "interleaved", "interleaved-bmi2", "avx2", "avx512", "avx512-popcnt").
[[nodiscard]] constexpr std::string_view exact_path_name(ExactPath p) noexcept { return name_in(exact_path_table, p); }
/// Parses a canonical name; nullopt for anything else (including "auto").
[[nodiscard]] constexpr std::optional<ExactPath> exact_path_from_name(std::string_view name) noexcept {
    return value_in(exact_path_table, name);
}
/// Every path this build knows, supported by this CPU or not, in table order.
[[nodiscard]] const std::vector<ExactPath>& all_exact_paths() noexcept;
/// What users may set exact_path_env_var to, joined by `separator`:
/// "auto, scalar, interleaved, interleaved-bmi2, avx2, avx512, avx512-popcnt" (whether this CPU supports them or not).
[[nodiscard]] std::string exact_path_choices(std::string_view separator = ", ");
/// True when this build has the path and this CPU can run it.
[[nodiscard]] bool exact_path_supported(ExactPath p) noexcept;
/// The paths exact_path_supported() accepts, in the order of all_exact_paths().
[[nodiscard]] std::vector<ExactPath> available_exact_paths();
/// The fastest supported path: avx512-popcnt, else avx512, else avx2, else
/// interleaved-bmi2, else interleaved (the order measured on Sapphire
/// Rapids, see binary_batch.cpp).
[[nodiscard]] ExactPath best_exact_path() noexcept;
/// Resolves a user's request: exact_path_auto or "" -> best_exact_path(); the
/// name of a supported path -> that path; nullopt for an unknown name or a
/// path this CPU lacks (the caller reports the error).
[[nodiscard]] std::optional<ExactPath> resolve_exact_path(std::string_view request) noexcept;
/// The path compute_pairs uses for Kernel::binary: resolve_exact_path(
/// $GCD_MPI_EXACT_PATH), read once at the first call; best_exact_path() when
/// the variable is unset or invalid.
[[nodiscard]] ExactPath active_exact_path() noexcept;

/// Stein's gcd of `count` pairs on path `p`: out[i] = {gcd(in[i].a, in[i].b), 0}
/// for i < count (gcd(a, 0) == a, gcd(0, 0) == 0). count may be 0 and need not
/// be a multiple of any width. A path this CPU lacks runs as scalar (never
/// executes an unsupported instruction). `in` and `out` must not overlap.
void gcd_binary_batch(ExactPath p, const Pair* in, std::size_t count, PairResult* out) noexcept;

}  // namespace gcd_mpi
