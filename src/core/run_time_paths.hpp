// Private to core: how a kernel's run-time paths are listed, checked against
// the CPU and chosen, written once for every kernel with paths (trial.cpp:
// TrialPath, binary_batch.cpp: ExactPath).
//
// A kernel describes its paths by a Choice struct:
//   table       its one name table (std::array<NameEntry<Path>, N>)
//   auto_name   the request that picks the best path ("auto")
//   env_var     the environment variable that forces a path
//   preference  every path worth choosing, fastest first; the last one runs
//               on every CPU
//   supported(p) whether this build has p and this CPU can run it
// and the functions below give its all_*, *_choices, available_*, best_*,
// resolve_* and active_* (the path read once from the environment).
//
// The CPU checks are here too. __builtin_cpu_supports takes only a string
// literal, so each feature set is a function of its own; libgcc's answers
// include the OS's support of the registers (XGETBV: YMM for AVX2, ZMM and
// mask state for AVX-512).

#ifndef GCD_MPI_SRC_CORE_RUN_TIME_PATHS_HPP
#define GCD_MPI_SRC_CORE_RUN_TIME_PATHS_HPP

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/name_table.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GCD_MPI_RUN_TIME_X86_64 1
#else
#define GCD_MPI_RUN_TIME_X86_64 0
#endif

namespace gcd_mpi::run_time_paths {

// --- what this CPU supports (false off x86-64) -------------------------------

#if GCD_MPI_RUN_TIME_X86_64

// Each answer is computed once, through this: in case we run before libgcc's
// constructor.
inline bool cpu_model_ready() noexcept {
    __builtin_cpu_init();
    return true;
}

/// AVX2 (trial_avx2.cpp, binary_avx2.cpp).
inline bool cpu_has_avx2() noexcept {
    static const bool has = cpu_model_ready() && __builtin_cpu_supports("avx2") != 0;
    return has;
}

/// BMI1 and BMI2 (binary_bmi2.cpp: tzcnt, shrx). Every AVX2 CPU has both.
inline bool cpu_has_bmi2() noexcept {
    static const bool has =
        cpu_model_ready() && __builtin_cpu_supports("bmi") != 0 && __builtin_cpu_supports("bmi2") != 0;
    return has;
}

/// AVX-512 F, DQ, BW and VL (trial_avx512.cpp). GCC 12's libgcc reports them
/// only when XCR0 & 0xe6 == 0xe6 (the OS saves the mask and ZMM registers).
inline bool cpu_has_avx512_f_dq_bw_vl() noexcept {
    static const bool has = cpu_model_ready() && __builtin_cpu_supports("avx512f") != 0 &&
                            __builtin_cpu_supports("avx512dq") != 0 && __builtin_cpu_supports("avx512bw") != 0 &&
                            __builtin_cpu_supports("avx512vl") != 0;
    return has;
}

/// AVX-512 F and CD (binary_avx512.cpp: vplzcntq). Every AVX-512 CPU has both.
inline bool cpu_has_avx512_f_cd() noexcept {
    static const bool has =
        cpu_model_ready() && __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512cd") != 0;
    return has;
}

/// AVX-512 F and VPOPCNTDQ (binary_avx512_popcnt.cpp: vpopcntq; Ice Lake,
/// Zen 4 and later).
inline bool cpu_has_avx512_f_vpopcntdq() noexcept {
    static const bool has =
        cpu_model_ready() && __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512vpopcntdq") != 0;
    return has;
}

#else

inline bool cpu_has_avx2() noexcept { return false; }
inline bool cpu_has_bmi2() noexcept { return false; }
inline bool cpu_has_avx512_f_dq_bw_vl() noexcept { return false; }
inline bool cpu_has_avx512_f_cd() noexcept { return false; }
inline bool cpu_has_avx512_f_vpopcntdq() noexcept { return false; }

#endif

// --- the choice of a path -----------------------------------------------------

template <class Choice>
using PathOf = decltype(Choice::table[0].value);

/// Every path of the table, supported or not, in table order.
template <class Choice>
[[nodiscard]] const std::vector<PathOf<Choice>>& all_paths() noexcept {
    static const std::vector<PathOf<Choice>> paths = [] {
        std::vector<PathOf<Choice>> out;
        out.reserve(Choice::table.size());
        for (const auto& entry : Choice::table) out.push_back(entry.value);
        return out;
    }();
    return paths;
}

/// "auto" and every name, joined by `separator`.
template <class Choice>
[[nodiscard]] std::string path_choices(std::string_view separator) {
    return std::string(Choice::auto_name) + std::string(separator) + joined_names(Choice::table, separator);
}

/// The paths Choice::supported accepts, in table order.
template <class Choice>
[[nodiscard]] std::vector<PathOf<Choice>> available_paths() {
    std::vector<PathOf<Choice>> out;
    for (const auto p : all_paths<Choice>()) {
        if (Choice::supported(p)) out.push_back(p);
    }
    return out;
}

/// The first supported path of Choice::preference (its last entry when none is).
template <class Choice>
[[nodiscard]] PathOf<Choice> best_path() noexcept {
    for (const auto p : Choice::preference) {
        if (Choice::supported(p)) return p;
    }
    return Choice::preference.back();
}

/// auto_name or "" -> best_path(); a supported path's name -> that path;
/// nullopt for an unknown name or a path this CPU lacks.
template <class Choice>
[[nodiscard]] std::optional<PathOf<Choice>> resolve_path(std::string_view request) noexcept {
    if (request.empty() || request == Choice::auto_name) return best_path<Choice>();
    const auto p = value_in(Choice::table, request);
    if (!p || !Choice::supported(*p)) return std::nullopt;
    return p;
}

/// resolve_path(value of Choice::env_var), read once at the first call, so
/// the path cannot change within a run; best_path() when the variable is
/// unset or invalid.
template <class Choice>
[[nodiscard]] PathOf<Choice> active_path() noexcept {
    static const PathOf<Choice> active = [] {
        const char* env = std::getenv(std::string(Choice::env_var).c_str());
        if (env != nullptr) {
            if (const auto p = resolve_path<Choice>(env)) return *p;
        }
        return best_path<Choice>();
    }();
    return active;
}

}  // namespace gcd_mpi::run_time_paths

#endif  // GCD_MPI_SRC_CORE_RUN_TIME_PATHS_HPP
