// choose_mpi_transport with a fake environment and fake files, never the
// real ones: when gcd_mpi asks Open MPI for shared memory only, and when it
// leaves Open MPI's own selection alone.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "gcd_mpi/app/mpi_transport.hpp"

namespace {

using gcd_mpi::app::choose_mpi_transport;
using gcd_mpi::app::LaunchInfo;
using gcd_mpi::app::mca_file_value;
using gcd_mpi::app::TransportChoice;
using Map = std::map<std::string, std::string>;

const char* const system_file = "/etc/openmpi/openmpi-mca-params.conf";

LaunchInfo launched() {
    LaunchInfo info;
    info.under_mpi_launcher = true;
    return info;
}

TransportChoice choose(const LaunchInfo& launch, const Map& env, const Map& files = {}) {
    return choose_mpi_transport(
        launch,
        [&env](const char* name) -> std::optional<std::string> {
            const auto it = env.find(name);
            if (it == env.end()) return std::nullopt;
            return it->second;
        },
        [&files](const std::string& path) -> std::optional<std::string> {
            const auto it = files.find(path);
            if (it == files.end()) return std::nullopt;
            return it->second;
        });
}

bool single_node(const TransportChoice& c) {
    // Only the pml: the btl list stays Open MPI's, so tcp remains a fallback.
    return c.settings.size() == 1 && c.settings[0].name == "pml" && c.settings[0].value == "ob1";
}

const Map mpirun_one_node{{"OMPI_COMM_WORLD_SIZE", "4"}, {"OMPI_COMM_WORLD_LOCAL_SIZE", "4"}, {"HOME", "/home/u"}};

TEST(MpiTransport, OneNodeUnderMpirunGetsSharedMemory) {
    const auto c = choose(launched(), mpirun_one_node);
    EXPECT_TRUE(single_node(c));
    EXPECT_EQ(c.reason, "one node: pml ob1");
}

TEST(MpiTransport, RanksOnSeveralNodesKeepOpenMpisSelection) {
    const auto c = choose(launched(), {{"OMPI_COMM_WORLD_SIZE", "4"}, {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"}});
    EXPECT_TRUE(c.settings.empty());
    EXPECT_NE(c.reason.find("several nodes"), std::string::npos) << c.reason;
}

TEST(MpiTransport, SrunOnOneNodeGetsSharedMemoryOnTwoDoesNot) {
    EXPECT_TRUE(single_node(choose(launched(), {{"SLURM_STEP_NUM_NODES", "1"}})));
    EXPECT_TRUE(choose(launched(), {{"SLURM_STEP_NUM_NODES", "2"}}).settings.empty());
    // Open MPI's own variables win over Slurm's when both are there.
    EXPECT_TRUE(
        choose(launched(),
               {{"SLURM_STEP_NUM_NODES", "1"}, {"OMPI_COMM_WORLD_SIZE", "4"}, {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"}})
            .settings.empty());
}

TEST(MpiTransport, UnknownPlacementKeepsOpenMpisSelection) {
    EXPECT_TRUE(choose(launched(), {}).settings.empty());
    EXPECT_TRUE(choose(launched(), {{"OMPI_COMM_WORLD_SIZE", "4"}}).settings.empty());
}

TEST(MpiTransport, NoLauncherSetsNothing) { EXPECT_TRUE(choose(LaunchInfo{}, mpirun_one_node).settings.empty()); }

TEST(MpiTransport, AnyTransportVariableOrMcaOptionKeepsOpenMpisSelection) {
    for (const char* var : {"OMPI_MCA_pml", "OMPI_MCA_btl", "OMPI_MCA_mtl"}) {
        Map env = mpirun_one_node;
        env[var] = "^ucx";  // even an exclusion: the user is steering, we stay out
        const auto c = choose(launched(), env);
        EXPECT_TRUE(c.settings.empty()) << var;
        EXPECT_NE(c.reason.find(var), std::string::npos) << c.reason;
    }
}

TEST(MpiTransport, TheEnvironmentVariableTurnsItOff) {
    Map env = mpirun_one_node;
    env["GCD_MPI_MPI_TRANSPORT"] = "open-mpi";
    EXPECT_TRUE(choose(launched(), env).settings.empty());
    env["GCD_MPI_MPI_TRANSPORT"] = "auto";
    EXPECT_TRUE(single_node(choose(launched(), env)));
}

TEST(MpiTransport, ParameterFileInclusionKeepsOpenMpisSelection) {
    for (const std::string& file : {std::string(system_file), std::string("/home/u/.openmpi/mca-params.conf")}) {
        const auto c = choose(launched(), mpirun_one_node, {{file, "# site\npml = ucx\n"}});
        EXPECT_TRUE(c.settings.empty()) << file;
        EXPECT_NE(c.reason.find(file), std::string::npos) << c.reason;
    }
    Map env = mpirun_one_node;
    env["OMPI_MCA_mca_base_param_files"] = "/a.conf:/b.conf";
    EXPECT_TRUE(choose(launched(), env, {{"/b.conf", "btl=self,tcp"}}).settings.empty());
}

TEST(MpiTransport, DebiansExclusionListsAreNotAChoice) {
    // Debian 12's own /etc/openmpi/openmpi-mca-params.conf.
    const std::string debian =
        "btl_base_warn_component_unused=0\nmtl = ^ofi\nbtl = ^uct,openib,ofi\npml = ^ucx\nosc = ^ucx,pt2pt\n";
    EXPECT_TRUE(single_node(choose(launched(), mpirun_one_node, {{system_file, debian}})));
}

TEST(MpiTransport, AnExclusionOfWhatWeWouldPickKeepsOpenMpisSelection) {
    // A btl exclusion leaves ob1 possible: it uses whichever btls remain.
    EXPECT_TRUE(single_node(choose(launched(), mpirun_one_node, {{system_file, "btl = ^vader"}})));
    EXPECT_TRUE(choose(launched(), mpirun_one_node, {{system_file, "pml = ^cm, ob1"}}).settings.empty());
    EXPECT_TRUE(single_node(choose(launched(), mpirun_one_node, {{system_file, "btl = ^tcp,openib"}})));
}

TEST(MpiTransport, FileValuesParseLikeOpenMpi) {
    EXPECT_EQ(mca_file_value("pml = ucx\n", "pml"), "ucx");
    EXPECT_EQ(mca_file_value("  pml=ob1  \r\n", "pml"), "ob1");
    EXPECT_EQ(mca_file_value("pml = ucx\npml = ob1", "pml"), "ob1");  // the last one wins
    EXPECT_EQ(mca_file_value("# pml = ucx\n", "pml"), std::nullopt);
    EXPECT_EQ(mca_file_value("pml_ucx_priority = 5\n", "pml"), std::nullopt);  // another parameter
    EXPECT_EQ(mca_file_value("btl = self,vader # shared memory\n", "btl"), "self,vader");
    EXPECT_EQ(mca_file_value("", "btl"), std::nullopt);
}

TEST(MpiTransport, SimulatedMpiSetsNothingEvenWhenTheEnvironmentLooksLikeOneNode) {
    LaunchInfo smpi = launched();
    smpi.launcher = std::string(gcd_mpi::app::simulated_launcher);
    const auto c = choose(smpi, mpirun_one_node);
    EXPECT_TRUE(c.settings.empty());
    EXPECT_NE(c.reason.find("simulated"), std::string::npos) << c.reason;
}

}  // namespace
