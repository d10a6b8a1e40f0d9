// --version's text and the build facts behind it (the MPI fields are filled
// by the binary; e2e version checks them).

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/app/version.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

namespace {

using gcd_mpi::BuildInfo;

TEST(Version, TextStartsWithNameAndVersionThenOneLinePerField) {
    BuildInfo b;
    b.version = "9.8.7";
    b.commit = "abc1234-dirty";
    b.build_type = "Release";
    b.compiler = "GCC 12.2.0";
    b.boost = "1.74";
    b.mpi_built_with = "Open MPI 4.1.4 (MPI 3.1)";
    b.mpi_run_with = "Open MPI v4.1.5";
    b.trial_paths = {"scalar", "sse2"};
    b.trial_path = "sse2";
    const std::string text = gcd_mpi::app::version_text(b);
    EXPECT_EQ(text.rfind("gcd_mpi 9.8.7\n", 0), 0U) << text;
    for (const char* line : {"\ncommit              abc1234-dirty\n", "\nbuild type          Release\n",
                             "\ncompiler            GCC 12.2.0\n", "\nMPI built with      Open MPI 4.1.4 (MPI 3.1)\n",
                             "\nMPI run with        Open MPI v4.1.5\n", "\nBoost               1.74\n",
                             "\ntrial paths         scalar, sse2 (this CPU)\n", "\ntrial path chosen   sse2\n"}) {
        EXPECT_NE(text.find(line), std::string::npos) << line << " in\n" << text;
    }
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 9) << text;
}

TEST(Version, CompiledBuildInfoNamesThisBuild) {
    const BuildInfo b = gcd_mpi::app::compiled_build_info();
    EXPECT_EQ(b.version, gcd_mpi::app::version_string());
    EXPECT_TRUE(b.commit == "unknown" || std::regex_match(b.commit, std::regex(R"([0-9a-f]{7,40}(-dirty)?|v?[0-9].*)")))
        << b.commit;
    EXPECT_FALSE(b.build_type.empty());
    EXPECT_TRUE(b.compiler.rfind("GCC ", 0) == 0 || b.compiler.rfind("clang ", 0) == 0) << b.compiler;
    EXPECT_TRUE(std::regex_match(b.boost, std::regex(R"(1\.[0-9]+)"))) << b.boost;
    EXPECT_TRUE(b.mpi_built_with.empty() && b.mpi_run_with.empty()) << "no MPI in the cli library";
    // scalar runs everywhere; the chosen path is one this CPU supports.
    ASSERT_FALSE(b.trial_paths.empty());
    EXPECT_EQ(b.trial_paths.front(), "scalar");
    EXPECT_NE(std::find(b.trial_paths.begin(), b.trial_paths.end(), b.trial_path), b.trial_paths.end()) << b.trial_path;
    for (const auto& name : b.trial_paths) {
        const auto path = gcd_mpi::trial_path_from_name(name);
        ASSERT_TRUE(path.has_value()) << name;
        EXPECT_TRUE(gcd_mpi::trial_path_supported(*path)) << name;
    }
}

}  // namespace
