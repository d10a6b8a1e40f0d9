#pragma once
/// Which MPI library this binary was compiled against and which one it
/// loaded, without MPI_Init (so --version stays instant and works anywhere).

#include <string>

#include "gcd_mpi/core/io_hints.hpp"

namespace gcd_mpi::mpi {

/// The MPI headers at build time: "Open MPI 4.1.4 (MPI 3.1)", "MPICH 4.0 (MPI 4.0)".
[[nodiscard]] std::string library_built_with();

/// MPI_Get_library_version's first clause ("Open MPI v4.1.4"): the library
/// loaded now, which a site's module may have swapped. MPI allows the call
/// before MPI_Init.
[[nodiscard]] std::string library_run_with();

/// The longest MPI_Info key and value this MPI library takes, for checking
/// GCD_MPI_IO_HINTS before any file is opened (Open MPI: 35 and 255 bytes).
[[nodiscard]] IoHintLimits io_hint_limits() noexcept;

}  // namespace gcd_mpi::mpi
