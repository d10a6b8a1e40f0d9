#include "gcd_mpi/app/environment.hpp"

#include "gcd_mpi/app/mpi_transport.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/trial_paths.hpp"
#include "gcd_mpi/pipeline/pipeline.hpp"

namespace gcd_mpi::app {

std::vector<EnvironmentVariable> environment_variables() {
    return {
        {trial_path_env_var, trial_path_choices("|"),
         "force the trial kernel's code path; auto (the default) takes the fastest one this CPU supports "
         "(--version lists them)"},
        {exact_path_env_var, exact_path_choices("|"),
         "force the Stein kernel's code path; auto (the default) takes the fastest one this CPU "
         "supports"},
        {io_hints_env_var, "KEY=VALUE,...",
         "MPI-IO hints for --io parallel's MPI_File_open of the input and the output (rank 0's value, sent to "
         "every rank; checked on every run, a bad entry is a usage error), e.g. "
         "romio_cb_write=enable,cb_nodes=2,cb_buffer_size=16777216; striping hints cannot apply (the output is "
         "created before MPI-IO opens it): on Lustre stripe its directory (lfs setstripe) and run ROMIO "
         "(mpirun --mca io romio321); see the README"},
        {mpi_transport_env_var, "auto|open-mpi",
         "auto (the default): when every rank is on one node and no pml, btl or mtl was chosen (OMPI_MCA_*, "
         "mpirun --mca, an MCA parameter file), ask Open MPI for its shared-memory pml (ob1) instead of probing every "
         "network fabric; "
         "open-mpi (or any other value): leave the choice to Open MPI"},
        {pipeline::test_fail_rank_env_var, "R", "test facility: rank R fails on purpose (exit 70)"},
    };
}

}  // namespace gcd_mpi::app
