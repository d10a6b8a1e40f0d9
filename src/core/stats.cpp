#include "gcd_mpi/core/stats.hpp"

#include <sys/resource.h>

namespace gcd_mpi {

std::int64_t peak_rss_bytes() noexcept {
    struct rusage usage {};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return -1;
    return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace gcd_mpi
