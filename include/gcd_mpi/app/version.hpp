#pragma once
/// --version: the build, the MPI library and the CPU's trial code paths.

#include <string>

#include "gcd_mpi/core/build_info.hpp"

namespace gcd_mpi::app {

/// Everything known without MPI: version, commit, build type, compiler,
/// Boost, trial paths (mpi_built_with and mpi_run_with are left empty;
/// startup.hpp's this_build() adds them).
[[nodiscard]] BuildInfo compiled_build_info();

/// The --version text: "gcd_mpi 0.3.0" on the first line (as help2man and
/// scripts expect), then one "key  value" line per field.
[[nodiscard]] std::string version_text(const BuildInfo& build);

}  // namespace gcd_mpi::app
