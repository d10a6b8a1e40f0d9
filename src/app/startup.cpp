#include "gcd_mpi/app/startup.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "gcd_mpi/app/run.hpp"
#include "gcd_mpi/app/version.hpp"
#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/suggest.hpp"
#include "gcd_mpi/core/trial_paths.hpp"
#include "gcd_mpi/mpi/mpi_info.hpp"
#include "gcd_mpi/mpi/mpi_team.hpp"

namespace gcd_mpi::app {

namespace {
// Ends the run before any work: rank 0 prints `message`, every rank exits
// with `code`. Under a launcher, on an error, the ranks first meet in MPI:
// a rank that exits non-zero while rank 0 is still starting makes mpirun kill
// rank 0 before it has said why (seen at -np 4 on a loaded machine: the
// usage message was lost). The meeting costs MPI_Init, on this path only.
int end_before_work(const LaunchInfo& launch, int& argc, char**& argv, int code, const std::string& message,
                    bool to_stdout) {
    if (launch.rank == 0) (to_stdout ? std::cout : std::cerr) << message << std::flush;
    if (code != exit_ok && launch.under_mpi_launcher) {
        try {
            const auto team = mpi::make_mpi_team(argc, argv);
            (void)team->max_over_ranks({0});  // collective: every rank got this far, rank 0 has spoken
        } catch (const std::exception&) {
            // MPI cannot start: exit all the same, with the code already decided.
        }
    }
    return code;
}
}  // namespace

BuildInfo this_build() {
    BuildInfo build = compiled_build_info();
    build.mpi_built_with = mpi::library_built_with();
    build.mpi_run_with = mpi::library_run_with();
    return build;
}

std::optional<int> refuse_before_mpi(const LaunchInfo& launch, const ParsedCommandLine& parsed, int& argc,
                                     char**& argv) {
    // Every rank parses the same argv and so exits the same way; only the
    // launcher's rank 0 speaks.
    if (parsed.version_requested) {
        return end_before_work(launch, argc, argv, exit_ok, version_text(this_build()), true);
    }
    if (!parsed.options) {
        return end_before_work(launch, argc, argv, parsed.exit_code, parsed.message, parsed.message_to_stdout);
    }
    if (const char* path = std::getenv(std::string(trial_path_env_var).c_str());
        path != nullptr && !resolve_trial_path(path)) {
        std::vector<std::string> names{std::string(trial_path_auto)};
        for (const auto& entry : trial_path_table) names.emplace_back(entry.name);
        const auto meant = closest_name(path, names);
        return end_before_work(
            launch, argc, argv, exit_usage,
            "gcd_mpi: " + std::string(trial_path_env_var) + "=" + path + " is not a trial path this CPU supports (" +
                (meant ? "did you mean '" + *meant + "'? " : std::string()) + trial_path_choices() + ")\n",
            false);
    }
    if (const char* path = std::getenv(std::string(exact_path_env_var).c_str());
        path != nullptr && !resolve_exact_path(path)) {
        return end_before_work(launch, argc, argv, exit_usage,
                               "gcd_mpi: " + std::string(exact_path_env_var) + "=" + path +
                                   " is not a Stein kernel path this CPU supports (" + exact_path_choices() + ")\n",
                               false);
    }
    if (launch.slurm_tasks_without_pmi > 1) {
        if (launch.rank == 0) {
            std::cerr << "gcd_mpi: started by srun as " << launch.slurm_tasks_without_pmi
                      << " tasks without an MPI plugin, so each would run alone; use "
                         "'srun --mpi=pmix' (see 'srun --mpi=list') or mpirun\n";
        }
        return exit_usage;
    }
    return std::nullopt;
}

std::unique_ptr<pipeline::Team> start_team(const LaunchInfo& launch, int& argc, char**& argv) {
    try {
        return launch.under_mpi_launcher ? mpi::make_mpi_team(argc, argv) : pipeline::make_serial_team();
    } catch (const std::exception& e) {
        std::cerr << "gcd_mpi: cannot start MPI: " << e.what() << '\n';
        return nullptr;
    }
}

std::optional<int> refuse_for_team(pipeline::Team& team, const Options& options, const LaunchInfo& launch) {
    if (options.threads > 1 && launch.under_mpi_launcher && team.thread_level() == "single") {
        if (team.is_root()) {
            std::cerr << "gcd_mpi: --threads " << options.threads
                      << " needs MPI thread level 'funneled', but MPI granted only 'single'\n";
        }
        return exit_software;
    }
    if (const unsigned cpus = usable_cpu_count(); options.threads > cpus) {
        // Launchers bind ranks to cores (Open MPI: one core per rank when
        // ranks <= 2), so threads beyond the rank's CPUs only time-share.
        std::cerr << "gcd_mpi: note: rank " << team.rank() << " may run on " << cpus << " CPU" << (cpus == 1 ? "" : "s")
                  << " but --threads is " << options.threads
                  << "; give each rank more cores (mpirun --map-by slot:PE=" << options.threads
                  << ", srun --cpus-per-task=" << options.threads << ") or use fewer threads\n";
    }
    return std::nullopt;
}

int run_or_abort(pipeline::Team& team, const Options& options, const LaunchInfo& launch) {
    try {
        return run(team, options, launch);
    } catch (const GcdError& e) {
        std::cerr << "gcd_mpi: rank " << team.rank() << ": " << e.what() << '\n';
        if (team.size() > 1) team.abort(e.exit_code());
        return e.exit_code();
    } catch (const std::exception& e) {
        // Unexpected: end the whole job now rather than leave ranks waiting.
        std::cerr << "gcd_mpi: rank " << team.rank() << ": internal error: " << e.what() << '\n';
        team.abort(exit_software);
    }
    return exit_software;  // not reached: abort() does not return
}

}  // namespace gcd_mpi::app
