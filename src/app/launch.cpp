#include "gcd_mpi/app/launch.hpp"

#include <cstdlib>

namespace gcd_mpi::app {

namespace {
std::optional<int> env_int(const EnvLookup& getenv_fn, const char* name) {
    const auto value = getenv_fn(name);
    if (!value || value->empty()) return std::nullopt;
    char* end = nullptr;
    const long v = std::strtol(value->c_str(), &end, 10);
    if (*end != '\0' || v < 0 || v > 1 << 30) return std::nullopt;
    return static_cast<int>(v);
}
}  // namespace

LaunchKind built_launch_kind() {
#if defined(GCD_MPI_SMPI) && GCD_MPI_SMPI
    return LaunchKind::simulated_mpi;
#else
    return LaunchKind::from_environment;
#endif
}

LaunchInfo detect_launch(const EnvLookup& getenv_fn, LaunchKind kind) {
    LaunchInfo info;
    if (kind == LaunchKind::simulated_mpi) {
        info.under_mpi_launcher = true;
        info.launcher = simulated_launcher;
        return info;
    }
    // Checked in order: the first launcher that names a rank wins.
    struct Source {
        const char* rank_var;
        const char* size_var;
        const char* launcher;     // outside a Slurm job step
        const char* under_slurm;  // inside one
    };
    static constexpr Source sources[] = {
        {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "mpirun", "mpirun"},  // Open MPI mpirun / prterun
        {"PMIX_RANK", "SLURM_STEP_NUM_TASKS", "PMIx launcher", "srun"},        // srun --mpi=pmix, PMIx launchers
        {"PMI_RANK", "PMI_SIZE", "mpiexec (hydra)", "srun"},                   // MPICH Hydra, srun --mpi=pmi2
    };
    // mpirun under Slurm starts its daemons with srun, so its ranks see a
    // step too: only PMIx and PMI say srun. MPICH's Hydra, itself started
    // by srun inside a job, sets MPI_LOCALRANKID, which srun does not.
    const bool in_slurm_step = getenv_fn("SLURM_STEP_ID").has_value() && !getenv_fn("MPI_LOCALRANKID").has_value();
    for (const auto& source : sources) {
        if (const auto rank = env_int(getenv_fn, source.rank_var)) {
            info.under_mpi_launcher = true;
            info.rank = *rank;
            info.size = env_int(getenv_fn, source.size_var).value_or(1);  // MPI_Init will tell
            info.launcher = in_slurm_step ? source.under_slurm : source.launcher;
            info.launcher_variable = source.rank_var;
            return info;
        }
    }
    // srun without an MPI plugin starts N independent singletons, each of
    // which would compute and print everything: worth refusing.
    if (const auto tasks = env_int(getenv_fn, "SLURM_STEP_NUM_TASKS"); tasks && *tasks > 1) {
        info.slurm_tasks_without_pmi = *tasks;
        info.rank = env_int(getenv_fn, "SLURM_PROCID").value_or(0);
    }
    return info;
}

LaunchInfo detect_launch_from_environment() {
    return detect_launch(
        [](const char* name) -> std::optional<std::string> {
            const char* v = std::getenv(name);
            if (v == nullptr) return std::nullopt;
            return std::string(v);
        },
        built_launch_kind());
}

}  // namespace gcd_mpi::app
