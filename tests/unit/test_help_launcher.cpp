// --help's EXIT STATUS says what the launcher imposes (README, Usage and Exit codes): results
// through mpirun's stdout are not checked, so use -o FILE; SIGUSR1 to mpirun
// gives 75, SIGTERM/Ctrl-C make it exit 1.

#include <gtest/gtest.h>

#include <string>

#include "gcd_mpi/app/options.hpp"

namespace {

TEST(HelpLauncher, HelpSaysUseOutputFileAndSigusr1UnderMpirun) {
    const auto parsed = gcd_mpi::app::parse_command_line({"--help"}, 1);
    const std::string text = parsed.message.substr(parsed.message.find("\nEXIT STATUS\n"));
    EXPECT_NE(text.find("Under mpirun/srun use -o FILE"), std::string::npos) << text;
    EXPECT_NE(text.find("stop mpirun with SIGUSR1 for 75"), std::string::npos) << text;
    EXPECT_NE(text.find("exit 1"), std::string::npos) << text;
}

}  // namespace
