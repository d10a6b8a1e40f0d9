#pragma once
/// How this process was started, read from the environment before MPI is
/// initialised. Pure: takes a lookup function, so it is unit-tested without
/// touching the real environment.

#include <functional>
#include <optional>
#include <string>

namespace gcd_mpi::app {

struct LaunchInfo {
    bool under_mpi_launcher = false;  ///< mpirun/mpiexec/srun --mpi=... started us
    int rank = 0;                     ///< our rank as the launcher says, 0 if none
    int size = 1;
    std::string launcher = "none";    ///< who started us: "mpirun", "srun", "mpiexec (hydra)", "none" (report)
    std::string launcher_variable;    ///< the variable that told us ("OMPI_COMM_WORLD_RANK"); "" without a launcher
    int slurm_tasks_without_pmi = 0;  ///< srun -n N (N > 1) without an MPI plugin
    std::string mpi_transport;        ///< what apply_mpi_transport chose, and why (report)
};

using EnvLookup = std::function<std::optional<std::string>(const char*)>;

/// Reads Open MPI (OMPI_COMM_WORLD_*), PMIx (PMIX_RANK), PMI/Hydra (PMI_RANK,
/// PMI_SIZE) and Slurm variables. The launcher's name follows from the
/// variable: Open MPI's -> mpirun (mpiexec is the same program); PMIx or PMI
/// inside a Slurm job step (SLURM_STEP_ID, without Hydra's MPI_LOCALRANKID)
/// -> srun; PMI elsewhere -> MPICH's "mpiexec (hydra)"; PMIx elsewhere ->
/// "PMIx launcher".
[[nodiscard]] LaunchInfo detect_launch(const EnvLookup& getenv_fn);

/// detect_launch on the process environment.
[[nodiscard]] LaunchInfo detect_launch_from_environment();

}  // namespace gcd_mpi::app
