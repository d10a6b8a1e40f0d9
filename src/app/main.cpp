// gcd_mpi: a linear list of named phases, each a call into its own file.
// Computation lives in core/, the batch loop in pipeline/, MPI in mpi/.

#include <string>
#include <vector>

#include "gcd_mpi/app/launch.hpp"
#include "gcd_mpi/app/mpi_transport.hpp"
#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/app/startup.hpp"
#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/output.hpp"
#include "gcd_mpi/core/stop.hpp"

namespace {
std::vector<std::string> arguments(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return args;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace gcd_mpi;
    make_standard_streams_safe();  // first: before anything opens a file or writes a message
    install_stop_handlers();
    app::LaunchInfo launch = app::detect_launch_from_environment();
    launch.mpi_transport = app::apply_mpi_transport(launch).reason;  // before anything may start MPI
    app::ParsedCommandLine parsed = app::parse_command_line(arguments(argc, argv), usable_cpu_count());
    if (parsed.options) parsed.options->command_line.assign(argv, argv + argc);
    if (const auto refused = app::refuse_before_mpi(launch, parsed, argc, argv)) return *refused;

    const auto team = app::start_team(launch, argc, argv);
    if (!team) return exit_software;
    if (const auto refused = app::refuse_for_team(*team, *parsed.options, launch)) return *refused;

    return app::run_or_abort(*team, *parsed.options, launch);
}
