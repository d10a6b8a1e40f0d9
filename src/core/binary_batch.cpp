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

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "binary_interleaved.hpp"
#include "binary_lanes.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/kernels.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GCD_MPI_BINARY_X86_64 1
#else
#define GCD_MPI_BINARY_X86_64 0
#endif

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

bool cpu_has_avx2() noexcept {
#if GCD_MPI_BINARY_X86_64
    // libgcc's check includes the OS's support of the YMM state (XGETBV).
    static const bool has = [] {
        __builtin_cpu_init();  // in case we run before libgcc's constructor
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return has;
#else
    return false;
#endif
}

bool cpu_has_bmi2() noexcept {
#if GCD_MPI_BINARY_X86_64
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("bmi") != 0 && __builtin_cpu_supports("bmi2") != 0;
    }();
    return has;
#else
    return false;
#endif
}

bool cpu_has_avx512_popcnt() noexcept {
#if GCD_MPI_BINARY_X86_64
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512vpopcntdq") != 0;
    }();
    return has;
#else
    return false;
#endif
}

bool cpu_has_avx512() noexcept {
#if GCD_MPI_BINARY_X86_64
    // F for the arithmetic, CD for vplzcntq (the trailing-zero count); every
    // AVX-512 CPU has both. libgcc checks the OS's support of the ZMM state.
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512cd") != 0;
    }();
    return has;
#else
    return false;
#endif
}

}  // namespace

const std::vector<ExactPath>& all_exact_paths() noexcept {
    static const std::vector<ExactPath> paths = [] {
        std::vector<ExactPath> out;
        out.reserve(exact_path_table.size());
        for (const auto& entry : exact_path_table) out.push_back(entry.value);
        return out;
    }();
    return paths;
}

std::string exact_path_choices(std::string_view separator) {
    return std::string(exact_path_auto) + std::string(separator) + joined_names(exact_path_table, separator);
}

bool exact_path_supported(ExactPath p) noexcept {
    switch (p) {
        case ExactPath::scalar:
        case ExactPath::interleaved:
            return true;
        case ExactPath::interleaved_bmi2:
            return cpu_has_bmi2();
        case ExactPath::avx2:
            return cpu_has_avx2();
        case ExactPath::avx512:
            return cpu_has_avx512();
        case ExactPath::avx512_popcnt:
            return cpu_has_avx512_popcnt();
    }
    return false;
}

std::vector<ExactPath> available_exact_paths() {
    std::vector<ExactPath> out;
    for (const ExactPath p : all_exact_paths()) {
        if (exact_path_supported(p)) out.push_back(p);
    }
    return out;
}

ExactPath best_exact_path() noexcept {
    if (exact_path_supported(ExactPath::avx512_popcnt)) return ExactPath::avx512_popcnt;
    if (exact_path_supported(ExactPath::avx512)) return ExactPath::avx512;
    if (exact_path_supported(ExactPath::avx2)) return ExactPath::avx2;
    if (exact_path_supported(ExactPath::interleaved_bmi2)) return ExactPath::interleaved_bmi2;
    return ExactPath::interleaved;
}

std::optional<ExactPath> resolve_exact_path(std::string_view request) noexcept {
    if (request.empty() || request == exact_path_auto) return best_exact_path();
    const auto p = exact_path_from_name(request);
    if (!p || !exact_path_supported(*p)) return std::nullopt;
    return p;
}

ExactPath active_exact_path() noexcept {
    // Read once: the path must not change between blocks of one run.
    static const ExactPath active = [] {
        const char* env = std::getenv(std::string(exact_path_env_var).c_str());
        if (env != nullptr) {
            if (const auto p = resolve_exact_path(env)) return *p;
        }
        return best_exact_path();
    }();
    return active;
}

void gcd_binary_batch(ExactPath p, const Pair* in, std::size_t count, PairResult* out) noexcept {
    if (!exact_path_supported(p)) p = ExactPath::scalar;
    switch (p) {
        case ExactPath::interleaved:
            return binary_detail::interleaved_pairs<PortableBits>(in, count, out);
#if GCD_MPI_BINARY_X86_64
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
