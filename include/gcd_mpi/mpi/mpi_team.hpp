#pragma once
/// The Team over Boost.MPI: src/mpi/ is the only code that includes MPI.

#include <memory>

#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::mpi {

/// Initialises MPI (thread level `funneled` so rank threads may compute while
/// the main thread alone calls MPI) and returns the world team.
[[nodiscard]] std::unique_ptr<pipeline::Team> make_mpi_team(int& argc, char**& argv);

}  // namespace gcd_mpi::mpi
