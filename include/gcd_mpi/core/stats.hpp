#pragma once
/// Per-rank measurements that travel to rank 0 for the report.

#include <cstdint>

namespace gcd_mpi {

/// One rank's totals for the run. Flat so it travels as an MPI datatype.
struct RankStats {
    std::int32_t rank = 0;
    std::int32_t threads = 1;
    std::uint64_t pairs = 0;       ///< pairs this rank computed
    std::uint64_t candidates = 0;  ///< candidate divisors tried (trial kernels)
    double compute_seconds = 0;    ///< wall time inside the kernel loop
    std::int64_t max_rss_bytes = 0;

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & rank & threads & pairs & candidates & compute_seconds & max_rss_bytes;
    }
    // clang-format on
};

/// Seconds spent on rank 0 in each phase, summed over batches. read and
/// write are the reader and writer threads' busy time; read_wait and
/// write_wait are how long the pipeline waited for them (not overlapped).
/// gather_wait is rank 0 waiting for the other ranks to finish computing
/// (before the gather, and for their last progress report); gather is the
/// transfer of the results alone.
struct PhaseSeconds {
    double read = 0, scatter = 0, compute = 0, gather = 0, verify = 0, write = 0;
    double read_wait = 0, write_wait = 0, gather_wait = 0;
};

/// Peak resident set size of this process, in bytes (getrusage).
[[nodiscard]] std::int64_t peak_rss_bytes() noexcept;

}  // namespace gcd_mpi
