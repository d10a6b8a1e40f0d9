#pragma once
/// One run, on every rank: open on root, agree, resume, pipeline, commit,
/// report.

#include "gcd_mpi/app/launch.hpp"
#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::app {

/// collective: every rank calls this with the same options; returns the
/// process's exit code. Throws GcdError for a failure on this rank alone.
[[nodiscard]] int run(pipeline::Team& team, const Options& options, const LaunchInfo& launch);

}  // namespace gcd_mpi::app
