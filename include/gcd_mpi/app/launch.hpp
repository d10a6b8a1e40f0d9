#pragma once
/// How this process was started, read from the environment before MPI is
/// initialised. Pure: takes a lookup function, so it is unit-tested without
/// touching the real environment.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gcd_mpi::app {

/// LaunchInfo::launcher of the SMPI build (SimGrid's simulated MPI).
inline constexpr std::string_view simulated_launcher = "smpirun";

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

/// How a build starts when it reads its launch: a normal build looks for a
/// launcher's variables and runs serially without them; the SMPI build
/// (SimGrid's simulated MPI) is always an MPI run, because smpirun runs every
/// simulated rank in one process and sets no per-rank variable.
enum class LaunchKind { from_environment, simulated_mpi };

/// The kind this binary was built for (simulated_mpi when built with GCD_MPI_SMPI).
[[nodiscard]] LaunchKind built_launch_kind();

/// from_environment: reads Open MPI (OMPI_COMM_WORLD_*), PMIx (PMIX_RANK),
/// PMI/Hydra (PMI_RANK, PMI_SIZE) and Slurm variables. The launcher's name
/// follows from the variable: Open MPI's -> mpirun (mpiexec is the same
/// program); PMIx or PMI inside a Slurm job step (SLURM_STEP_ID, without
/// Hydra's MPI_LOCALRANKID) -> srun; PMI elsewhere -> MPICH's "mpiexec
/// (hydra)"; PMIx elsewhere -> "PMIx launcher". simulated_mpi: always
/// under_mpi_launcher with launcher "smpirun", rank 0 and size 1 until
/// MPI_Init tells (every simulated rank shares one environment, so no
/// variable can name its rank).
[[nodiscard]] LaunchInfo detect_launch(const EnvLookup& getenv_fn, LaunchKind kind = LaunchKind::from_environment);

/// detect_launch on the process environment, for built_launch_kind().
[[nodiscard]] LaunchInfo detect_launch_from_environment();

}  // namespace gcd_mpi::app
