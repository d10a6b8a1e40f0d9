#pragma once
/// What this binary is: --version prints it and the report records it, so a
/// result can be traced to the build and the CPU path that produced it.

#include <string>
#include <vector>

namespace gcd_mpi {

struct BuildInfo {
    std::string version;         ///< "0.3.0"
    std::string commit;          ///< `git describe --always --dirty` when configured; "unknown" outside a checkout
    std::string build_type;      ///< CMAKE_BUILD_TYPE: "Release", "Debug", ...
    std::string compiler;        ///< "GCC 12.2.0"
    std::string boost;           ///< "1.74"
    std::string mpi_built_with;  ///< the MPI headers compiled against: "Open MPI 4.1.4 (MPI 3.1)"
    std::string mpi_run_with;    ///< MPI_Get_library_version of the library loaded now: "Open MPI v4.1.4"
    std::vector<std::string> trial_paths;  ///< the trial code paths this CPU supports, in table order
    std::string trial_path;                ///< the one gcd_trial uses
};

}  // namespace gcd_mpi
