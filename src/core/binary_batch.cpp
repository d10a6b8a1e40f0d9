// The exact `binary` kernel over blocks of pairs: the portable paths and the
// choice of path (see exact_paths.hpp and binary_lanes.hpp).
//
// Stein's loop is one long chain of dependent operations per pair (compare,
// subtract, count zeros, shift: ~6 cycles a step, ~45 steps for random
// 64-bit values), so one pair at a time leaves most of the core idle. The
// batch paths run several independent pairs at once: `interleaved` four in
// general-purpose registers (binary_interleaved.hpp; `interleaved-bmi2` the
// same code with tzcnt and shrx), `avx2` and `avx512` 16 and 32 in vector
// lanes. Each group of pairs steps until its last lane is done; finished
// lanes sit at a fixed point (binary_lanes.hpp), so no lane needs a mask or
// a branch.

#include <array>
#include <bit>
#include <cstdint>
#include <string>

#include "binary_interleaved.hpp"
#include "binary_lanes.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "run_time_paths.hpp"

namespace gcd_mpi {

namespace {

using u64 = std::uint64_t;

constexpr u64 top_bit = u64{1} << 63;

// Trailing zeros of x, but 63 for x == 0 (x >> 63 is then 0), without a
// branch and without relying on what bsf does with 0 (undefined).
struct PortableBits {
    static u64 zeros(u64 x) noexcept { return static_cast<u64>(std::countr_zero(x | top_bit)); }
};

void gcd_binary_scalar(const Pair* in, std::size_t count, PairResult* out) noexcept {
    for (std::size_t i = 0; i < count; ++i) out[i] = PairResult{gcd_binary(in[i].a, in[i].b), 0};
}

struct ExactPathChoice {
    static constexpr const auto& table = exact_path_table;
    static constexpr std::string_view auto_name = exact_path_auto;
    static constexpr std::string_view env_var = exact_path_env_var;
    // Fastest first (exact_paths.hpp: best_exact_path).
    static constexpr std::array preference{ExactPath::avx512_popcnt, ExactPath::avx512, ExactPath::avx2,
                                           ExactPath::interleaved_bmi2, ExactPath::interleaved};

    static bool supported(ExactPath p) noexcept {
        switch (p) {
            case ExactPath::scalar:
            case ExactPath::interleaved:
                return true;
            case ExactPath::interleaved_bmi2:
                return run_time_paths::cpu_has_bmi2();
            case ExactPath::avx2:
                return run_time_paths::cpu_has_avx2();
            case ExactPath::avx512:
                return run_time_paths::cpu_has_avx512_f_cd();
            case ExactPath::avx512_popcnt:
                return run_time_paths::cpu_has_avx512_f_vpopcntdq();
        }
        return false;
    }
};

}  // namespace

const std::vector<ExactPath>& all_exact_paths() noexcept { return run_time_paths::all_paths<ExactPathChoice>(); }

std::string exact_path_choices(std::string_view separator) {
    return run_time_paths::path_choices<ExactPathChoice>(separator);
}

bool exact_path_supported(ExactPath p) noexcept { return ExactPathChoice::supported(p); }

std::vector<ExactPath> available_exact_paths() { return run_time_paths::available_paths<ExactPathChoice>(); }

ExactPath best_exact_path() noexcept { return run_time_paths::best_path<ExactPathChoice>(); }

std::optional<ExactPath> resolve_exact_path(std::string_view request) noexcept {
    return run_time_paths::resolve_path<ExactPathChoice>(request);
}

// Read once: the path must not change between blocks of one run.
ExactPath active_exact_path() noexcept { return run_time_paths::active_path<ExactPathChoice>(); }

void gcd_binary_batch(ExactPath p, const Pair* in, std::size_t count, PairResult* out) noexcept {
    if (!exact_path_supported(p)) p = ExactPath::scalar;
    switch (p) {
        case ExactPath::interleaved:
            return binary_detail::interleaved_pairs<PortableBits>(in, count, out);
#if GCD_MPI_RUN_TIME_X86_64
        case ExactPath::interleaved_bmi2:
            return binary_detail::gcd_binary_interleaved_bmi2(in, count, out);
        case ExactPath::avx2:
            return binary_detail::gcd_binary_avx2(in, count, out);
        case ExactPath::avx512:
            return binary_detail::gcd_binary_avx512(in, count, out);
        case ExactPath::avx512_popcnt:
            return binary_detail::gcd_binary_avx512_popcnt(in, count, out);
#endif
        default:
            return gcd_binary_scalar(in, count, out);
    }
}

}  // namespace gcd_mpi
