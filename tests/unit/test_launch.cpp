// detect_launch with a fake environment (a std::map), never the real one.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "gcd_mpi/app/launch.hpp"

namespace {

using gcd_mpi::app::detect_launch;
using gcd_mpi::app::LaunchInfo;
using gcd_mpi::app::LaunchKind;
using Env = std::map<std::string, std::string>;

LaunchInfo detect(const Env& env) {
    return detect_launch([&env](const char* name) -> std::optional<std::string> {
        const auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    });
}

TEST(DetectLaunch, NoVariablesMeansNotUnderLauncher) {
    const LaunchInfo info = detect({});
    EXPECT_EQ(info.launcher, "none");
    EXPECT_EQ(info.launcher_variable, "");
    EXPECT_FALSE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 0);
    EXPECT_EQ(info.size, 1);
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0);
}

TEST(DetectLaunch, UnrelatedVariablesAreIgnored) {
    const LaunchInfo info = detect({{"HOME", "/root"}, {"RANK", "3"}, {"SLURM_JOB_ID", "42"}});
    EXPECT_FALSE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 0);
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0);
}

TEST(DetectLaunch, OpenMpi) {
    const LaunchInfo info = detect({{"OMPI_COMM_WORLD_RANK", "3"}, {"OMPI_COMM_WORLD_SIZE", "8"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 3);
    EXPECT_EQ(info.size, 8);
    EXPECT_EQ(info.launcher_variable, "OMPI_COMM_WORLD_RANK");
    EXPECT_EQ(info.launcher, "mpirun");
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0);
}

TEST(DetectLaunch, OpenMpiRankZero) {
    const LaunchInfo info = detect({{"OMPI_COMM_WORLD_RANK", "0"}, {"OMPI_COMM_WORLD_SIZE", "1"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 0);
    EXPECT_EQ(info.size, 1);
}

TEST(DetectLaunch, PmixUnderSlurm) {
    const LaunchInfo info = detect({{"PMIX_RANK", "2"}, {"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_PROCID", "2"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 2);
    EXPECT_EQ(info.size, 4);
    EXPECT_EQ(info.launcher_variable, "PMIX_RANK");
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0) << "srun --mpi=pmix is a real MPI launch";
}

TEST(DetectLaunch, PmixRankAlone) {
    const LaunchInfo info = detect({{"PMIX_RANK", "5"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 5);
    EXPECT_EQ(info.launcher_variable, "PMIX_RANK");
}

TEST(DetectLaunch, PmiHydra) {
    const LaunchInfo info = detect({{"PMI_RANK", "1"}, {"PMI_SIZE", "2"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 1);
    EXPECT_EQ(info.size, 2);
    EXPECT_EQ(info.launcher_variable, "PMI_RANK");
    EXPECT_EQ(info.launcher, "mpiexec (hydra)");
}

TEST(DetectLaunch, PmiUnderSlurmIsNotTasksWithoutPmi) {
    const LaunchInfo info = detect({{"PMI_RANK", "3"}, {"PMI_SIZE", "4"}, {"SLURM_STEP_NUM_TASKS", "4"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.rank, 3);
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0);
}

TEST(DetectLaunch, OpenMpiWinsOverPmi) {
    const LaunchInfo info =
        detect({{"OMPI_COMM_WORLD_RANK", "1"}, {"OMPI_COMM_WORLD_SIZE", "2"}, {"PMIX_RANK", "7"}, {"PMI_RANK", "9"}});
    EXPECT_EQ(info.rank, 1);
    EXPECT_EQ(info.size, 2);
    EXPECT_EQ(info.launcher_variable, "OMPI_COMM_WORLD_RANK");
    EXPECT_EQ(info.launcher, "mpirun");
}

TEST(DetectLaunch, SlurmTasksWithoutPmi) {
    const LaunchInfo info = detect({{"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_PROCID", "2"}});
    EXPECT_FALSE(info.under_mpi_launcher);
    EXPECT_EQ(info.slurm_tasks_without_pmi, 4);
    EXPECT_EQ(info.rank, 2);
}

TEST(DetectLaunch, SlurmSingleTaskIsPlainSerialRun) {
    const LaunchInfo info = detect({{"SLURM_STEP_NUM_TASKS", "1"}, {"SLURM_PROCID", "0"}});
    EXPECT_FALSE(info.under_mpi_launcher);
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0);
}

TEST(DetectLaunch, MalformedRankIsIgnored) {
    for (const char* bad : {"", "abc", "1x", "-1"}) {
        const LaunchInfo info = detect({{"OMPI_COMM_WORLD_RANK", bad}, {"OMPI_COMM_WORLD_SIZE", "2"}});
        EXPECT_FALSE(info.under_mpi_launcher) << '"' << bad << '"';
        EXPECT_EQ(info.rank, 0) << '"' << bad << '"';
    }
}

TEST(DetectLaunch, NamesTheLauncherNotTheVariable) {
    // srun --mpi=pmix and --mpi=pmi2 run each task in a job step.
    EXPECT_EQ(detect({{"PMIX_RANK", "0"}, {"SLURM_STEP_ID", "3"}, {"SLURM_STEP_NUM_TASKS", "2"}}).launcher, "srun");
    EXPECT_EQ(detect({{"PMI_RANK", "0"}, {"PMI_SIZE", "2"}, {"SLURM_STEP_ID", "0"}}).launcher, "srun");
    // mpirun inside an allocation starts its daemons with srun: still mpirun.
    EXPECT_EQ(detect({{"OMPI_COMM_WORLD_RANK", "0"}, {"SLURM_STEP_ID", "1"}, {"PMIX_RANK", "0"}}).launcher, "mpirun");
    // MPICH's Hydra started by srun inside a job: still Hydra.
    EXPECT_EQ(detect({{"PMI_RANK", "0"}, {"SLURM_STEP_ID", "0"}, {"MPI_LOCALRANKID", "0"}}).launcher,
              "mpiexec (hydra)");
    EXPECT_EQ(detect({{"PMIX_RANK", "1"}}).launcher, "PMIx launcher");
    EXPECT_EQ(detect({{"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_STEP_ID", "0"}}).launcher, "none")
        << "srun without an MPI plugin starts no MPI launch";
}

// The SMPI build: smpirun sets no variable, and one environment serves every
// simulated rank, so the run is MPI whatever the environment says.
LaunchInfo detect_simulated(const Env& env) {
    return detect_launch(
        [&env](const char* name) -> std::optional<std::string> {
            const auto it = env.find(name);
            if (it == env.end()) return std::nullopt;
            return it->second;
        },
        LaunchKind::simulated_mpi);
}

TEST(DetectLaunch, SimulatedMpiStartsMpiWithoutAnyVariable) {
    const LaunchInfo info = detect_simulated({});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.launcher, "smpirun");
    EXPECT_EQ(info.rank, 0);
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0);
}

TEST(DetectLaunch, SimulatedMpiIgnoresTheSharedEnvironmentsLauncherVariables) {
    const LaunchInfo info =
        detect_simulated({{"OMPI_COMM_WORLD_RANK", "3"}, {"OMPI_COMM_WORLD_SIZE", "8"}, {"SLURM_STEP_NUM_TASKS", "4"}});
    EXPECT_TRUE(info.under_mpi_launcher);
    EXPECT_EQ(info.launcher, "smpirun");
    EXPECT_EQ(info.rank, 0) << "one environment cannot name every simulated rank";
    EXPECT_EQ(info.slurm_tasks_without_pmi, 0) << "srun around smpirun is not srun without PMI";
}

TEST(DetectLaunch, TheNormalBuildReadsItsLaunchFromTheEnvironment) {
    EXPECT_EQ(gcd_mpi::app::built_launch_kind(), LaunchKind::from_environment);
}

}  // namespace
