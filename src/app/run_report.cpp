#include "gcd_mpi/app/run_report.hpp"

#include "gcd_mpi/app/startup.hpp"
#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi::app {

RunReport make_run_report(const Options& options, const pipeline::Team& team, const LaunchInfo& launch,
                          const pipeline::PipelineResult& result, const Resumed& resumed, const PairReader& reader,
                          const OutputFile& output) {
    RunReport report;
    report.version = version_string();
    report.input = reader.source_name();
    report.input_bytes = reader.bytes_read();
    report.kernel = std::string(kernel_name(options.kernel));
    report.format = std::string(format_name(options.format));
    report.schedule = std::string(schedule_name(options.schedule));
    report.lower_bound = result.lower_bound;
    report.stolen_pairs = result.stolen_pairs;
    report.ranks = team.size();
    report.threads = options.threads;
    report.verify = options.verify;
    report.mpi_library = team.mpi_library();
    report.thread_level = team.thread_level();
    report.command_line = options.command_line;
    report.build = this_build();
    report.launcher = launch.under_mpi_launcher ? launch.launcher : "none";
    report.launcher_detected_by = launch.under_mpi_launcher ? launch.launcher_variable : "";
    report.mpi_transport = launch.mpi_transport;
    report.complete = result.exit_code == exit_ok;
    report.exit_code = result.exit_code;
    report.pairs = result.pairs;
    report.resumed_pairs = resumed.pairs;
    report.resumed_candidates = resumed.candidates;
    report.batches = result.batches;
    report.batch_pairs = options.batch_pairs;
    report.phases = result.phases;
    report.per_rank = result.per_rank;
    report.hosts = result.hosts;
    report.thread_seconds = result.thread_seconds;
    report.output_name = output.display_name();
    return report;
}

}  // namespace gcd_mpi::app
