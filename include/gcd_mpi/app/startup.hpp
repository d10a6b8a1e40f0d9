#pragma once
/// What happens before a run: the checks that may end the process before any
/// work, starting the team, and the last word on errors that escape a run.

#include <memory>
#include <optional>

#include "gcd_mpi/app/launch.hpp"
#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/build_info.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::app {

/// What this process is: compiled_build_info() plus the MPI library it was
/// built with and runs with (asked without MPI_Init).
[[nodiscard]] BuildInfo this_build();

/// Before MPI starts (so --help stays instant): the exit code when the
/// command line, the environment or the launch rule out a run, after rank 0
/// has said why; nullopt to go on.
[[nodiscard]] std::optional<int> refuse_before_mpi(const LaunchInfo& launch, const ParsedCommandLine& parsed, int& argc,
                                                   char**& argv);

/// The team: MPI's world under a launcher, else the serial team of one
/// (without MPI_Init's start-up cost); nullptr, after a message, if MPI cannot start.
[[nodiscard]] std::unique_ptr<pipeline::Team> start_team(const LaunchInfo& launch, int& argc, char**& argv);

/// Once the team exists: the exit code when it cannot run `options`
/// (threads without thread support); nullopt to go on. Notes threads
/// beyond the rank's CPUs.
[[nodiscard]] std::optional<int> refuse_for_team(pipeline::Team& team, const Options& options,
                                                 const LaunchInfo& launch);

/// run(), with the last word on what escapes it: an error on one rank ends
/// the whole job (MPI_Abort) with its message and exit code, never a hang.
[[nodiscard]] int run_or_abort(pipeline::Team& team, const Options& options, const LaunchInfo& launch);

}  // namespace gcd_mpi::app
