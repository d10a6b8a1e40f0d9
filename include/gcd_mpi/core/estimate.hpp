#pragma once
/// The up-front cost note for the brute-force kernels: how long a large
/// input may take, printed before the work starts. Pure, so the text is
/// unit-tested.

#include <cstdint>
#include <string>

#include "gcd_mpi/core/kernels.hpp"

namespace gcd_mpi {

/// Candidate tests per second per worker (one thread of one rank) that the
/// note assumes for `kernel`; 0 for the fast kernels (they have no
/// candidates). Measured, then rounded down so the note errs long.
[[nodiscard]] double assumed_candidates_per_second(Kernel kernel) noexcept;

/// "45 seconds", "12 minutes", "5.2 hours", "3.4 days", "58 years".
[[nodiscard]] std::string human_duration(double seconds);

/// What the note is about.
struct EstimateInput {
    Kernel kernel = Kernel::trial;
    long double candidates = 0;  ///< upper bound: sum of min(|a|, |b|)
    std::uint64_t pairs = 0;
    bool whole_input = true;    ///< false: only the first batch is known
    std::uint64_t workers = 1;  ///< ranks x threads that compute
};

/// The note ("gcd_mpi: note: ...", no newline), or "" when the kernel is
/// fast or the work looks shorter than `threshold_seconds`. Names the total,
/// the rate assumed and the workers, and suggests --kernel euclid (exact and
/// fast) for a long brute force.
[[nodiscard]] std::string estimate_note(const EstimateInput& in, double threshold_seconds);

}  // namespace gcd_mpi
