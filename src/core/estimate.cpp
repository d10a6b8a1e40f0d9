#include "gcd_mpi/core/estimate.hpp"

#include <cstdio>

namespace gcd_mpi {

double assumed_candidates_per_second(Kernel kernel) noexcept {
    // Measured with build/release/bench/gcd_mpi_bench_kernels on this
    // project's machine (AMD EPYC, 2 vCPUs, AVX2; Debian 12, GCC 12, release
    // build), per CPU-second, median of 3 repetitions: trial/active 2.3e10,
    // trial-naive 4.1e8 candidate tests per second. Rounded down so the note
    // errs long; a slower or busier CPU still gets an honest "up to".
    switch (kernel) {
        case Kernel::trial:
            return 2.0e10;
        case Kernel::trial_naive:
            return 4.0e8;
        case Kernel::euclid:
        case Kernel::binary:
            return 0;
    }
    return 0;
}

std::string human_duration(double seconds) {
    char buf[64];
    if (seconds < 120)
        std::snprintf(buf, sizeof buf, "%.0f seconds", seconds);
    else if (seconds < 7200)
        std::snprintf(buf, sizeof buf, "%.0f minutes", seconds / 60);
    else if (seconds < 172800)
        std::snprintf(buf, sizeof buf, "%.1f hours", seconds / 3600);
    else if (seconds < 2 * 365.25 * 86400)
        std::snprintf(buf, sizeof buf, "%.0f days", seconds / 86400);
    else if (seconds < 1e6 * 365.25 * 86400)
        std::snprintf(buf, sizeof buf, "%.0f years", seconds / (365.25 * 86400));
    else
        std::snprintf(buf, sizeof buf, "%.2g years", seconds / (365.25 * 86400));
    return buf;
}

std::string estimate_note(const EstimateInput& in, double threshold_seconds) {
    const double rate = assumed_candidates_per_second(in.kernel);
    if (rate <= 0 || in.workers == 0) return {};
    const double workers = static_cast<double>(in.workers);
    const double seconds = static_cast<double>(in.candidates) / (rate * workers);
    if (!(seconds >= threshold_seconds)) return {};
    const std::string kernel(kernel_name(in.kernel));
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "gcd_mpi: note: kernel %s needs up to %.2Lg candidate tests for %s %llu pair%s%s; "
                  "at about %.2g per second per worker on %llu worker%s (ranks x threads) that is up to %s%s",
                  kernel.c_str(), in.candidates, in.whole_input ? "the" : "the first batch's",
                  static_cast<unsigned long long>(in.pairs), in.pairs == 1 ? "" : "s",
                  in.whole_input ? "" : " (the rest of the input adds to that)", rate,
                  static_cast<unsigned long long>(in.workers), in.workers == 1 ? "" : "s",
                  human_duration(seconds).c_str(), in.whole_input ? "" : " for them");
    std::string note = buf;
    if (in.kernel == Kernel::trial_naive) note += "; kernel trial is the same search, faster";
    note += "; --kernel euclid gives the same gcds, exactly, in well under a microsecond per pair";
    return note;
}

}  // namespace gcd_mpi
