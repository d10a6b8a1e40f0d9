#include "gcd_mpi/mpi/mpi_info.hpp"

#include <mpi.h>

#define GCD_MPI_STRINGIFY_(x) #x
#define GCD_MPI_STRINGIFY(x) GCD_MPI_STRINGIFY_(x)

namespace gcd_mpi::mpi {

std::string library_built_with() {
    const std::string standard = " (MPI " GCD_MPI_STRINGIFY(MPI_VERSION) "." GCD_MPI_STRINGIFY(MPI_SUBVERSION) ")";
#if defined(OMPI_MAJOR_VERSION)
    return "Open MPI " GCD_MPI_STRINGIFY(OMPI_MAJOR_VERSION) "." GCD_MPI_STRINGIFY(
               OMPI_MINOR_VERSION) "." GCD_MPI_STRINGIFY(OMPI_RELEASE_VERSION) +
           standard;
#elif defined(I_MPI_VERSION)
    return "Intel MPI " I_MPI_VERSION + standard;
#elif defined(MPICH_VERSION)
    return "MPICH " MPICH_VERSION + standard;
#else
    return "unknown MPI" + standard;
#endif
}

std::string library_run_with() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int length = 0;
    if (MPI_Get_library_version(text, &length) != MPI_SUCCESS) return "unknown";
    std::string v(text, static_cast<std::size_t>(length));
    while (!v.empty() && (v.back() == '\n' || v.back() == ' ' || v.back() == '\0')) v.pop_back();
    if (const auto comma = v.find(','); comma != std::string::npos) v.resize(comma);  // drop package, ident, date
    return v;
}

IoHintLimits io_hint_limits() noexcept {
    // Open MPI refuses a key of MPI_MAX_INFO_KEY bytes or more (room for the NUL).
    return {static_cast<std::size_t>(MPI_MAX_INFO_KEY) - 1, static_cast<std::size_t>(MPI_MAX_INFO_VAL) - 1};
}

}  // namespace gcd_mpi::mpi
