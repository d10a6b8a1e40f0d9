#pragma once
/// Every environment variable gcd_mpi itself reads, in one table: --help's
/// ENVIRONMENT section is printed from it, and the tests check that each
/// GCD_MPI_* name in the sources is in it. (The launchers' own variables,
/// OMPI_COMM_WORLD_*, PMIX_RANK, PMI_*, SLURM_*, are read to learn the rank,
/// not set by users: launch.hpp.)

#include <string>
#include <string_view>
#include <vector>

namespace gcd_mpi::app {

/// MPI-IO hints for the parallel path, "key=value,..." (see the README).
inline constexpr std::string_view io_hints_env_var = "GCD_MPI_IO_HINTS";

struct EnvironmentVariable {
    std::string_view name;
    std::string values;  ///< what it may be set to, as --help shows it: "auto|scalar|..."
    std::string_view summary;
};

/// The table, in --help's order.
[[nodiscard]] std::vector<EnvironmentVariable> environment_variables();

}  // namespace gcd_mpi::app
