#pragma once
/// Open MPI's transport choice for jobs whose ranks share one node.
///
/// Left alone, Open MPI's MPI_Init opens every point-to-point component it
/// has (pml cm with the PSM and PSM2 libraries, pml ucx, btl tcp, openib) to
/// find a network fabric; on a machine without one that probing is most of
/// a short run (measured: 0.35 s for `mpirun -np 2 gcd_mpi` on the sample,
/// 0.15 s with the choice below, against 0.145 s for an empty MPI program
/// with the same choice). When every rank is on one node the transport is
/// shared memory anyway, so gcd_mpi asks for the pml that uses it directly,
/// ob1 (whose btl selection then takes vader between local ranks). The btl
/// list is left to Open MPI: with self,vader alone a rank that cannot create
/// its shared-memory segment (seen under `ulimit -f`) has no way left to
/// reach the others, where Open MPI falls back to tcp. Jobs across nodes, and any job where the user or the
/// site chose a pml, btl or mtl (environment, mpirun --mca, or an MCA
/// parameter file), keep Open MPI's own selection. Pure: reads through
/// lookups, so it is unit-tested without touching the real environment.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/app/launch.hpp"

namespace gcd_mpi::app {

/// The variable that turns the choice off: GCD_MPI_MPI_TRANSPORT=open-mpi
/// keeps Open MPI's selection; auto (or unset) applies the rule above.
inline constexpr std::string_view mpi_transport_env_var = "GCD_MPI_MPI_TRANSPORT";

/// One MCA parameter as an environment variable (OMPI_MCA_<name>=<value>).
struct McaSetting {
    std::string name;   ///< e.g. "pml"
    std::string value;  ///< e.g. "ob1"
};

struct TransportChoice {
    std::vector<McaSetting> settings;  ///< to set before MPI_Init; empty: Open MPI chooses
    std::string reason;                ///< one line for the report, e.g. "one node: pml ob1"
};

/// Reads a file's whole text, or nullopt when it cannot be read.
using FileLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The value an MCA parameter file's text gives `name` ("pml = ucx" lines,
/// '#' comments; the last one wins), or nullopt.
[[nodiscard]] std::optional<std::string> mca_file_value(std::string_view text, std::string_view name);

/// The choice for this launch: single-node settings when the launcher says
/// every rank shares this node (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE equals
/// OMPI_COMM_WORLD_SIZE, or srun's SLURM_STEP_NUM_NODES is 1) and nothing
/// above chose a transport; else none, with the reason. An exclusion list in
/// a parameter file ("btl = ^openib", as Debian's own file has) is not a
/// choice, unless it excludes a component the single-node settings name.
[[nodiscard]] TransportChoice choose_mpi_transport(const LaunchInfo& launch, const EnvLookup& getenv_fn,
                                                   const FileLookup& read_file);

/// choose_mpi_transport on the process environment and files, applied with
/// setenv (never overwriting a variable already set). Call before MPI_Init.
TransportChoice apply_mpi_transport(const LaunchInfo& launch);

}  // namespace gcd_mpi::app
