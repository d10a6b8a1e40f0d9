#pragma once
/// The run's report on rank 0: this run's work, what was resumed, and
/// whether it is all.

#include "gcd_mpi/app/launch.hpp"
#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/app/resume.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/output.hpp"
#include "gcd_mpi/core/report.hpp"
#include "gcd_mpi/pipeline/pipeline.hpp"
#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::app {

/// Everything but the wall time and the output's byte count, which the
/// caller fills in last.
[[nodiscard]] RunReport make_run_report(const Options& options, const pipeline::Team& team, const LaunchInfo& launch,
                                        const pipeline::PipelineResult& result, const Resumed& resumed,
                                        const PairReader& reader, const OutputFile& output);

}  // namespace gcd_mpi::app
