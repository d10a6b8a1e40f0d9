#include "gcd_mpi/app/version.hpp"

#include <boost/version.hpp>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

// Set by CMake on this file only, so a new commit recompiles nothing else.
#ifndef GCD_MPI_GIT_COMMIT
#define GCD_MPI_GIT_COMMIT "unknown"
#endif
#ifndef GCD_MPI_BUILD_TYPE
#define GCD_MPI_BUILD_TYPE "unknown"
#endif

namespace gcd_mpi::app {

namespace {
std::string compiler() {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "GCC " __VERSION__;
#else
    return "unknown compiler";
#endif
}

std::string boost_version() {
    std::string v = BOOST_LIB_VERSION;  // "1_74"
    for (char& c : v) {
        if (c == '_') c = '.';
    }
    return v;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}
}  // namespace

BuildInfo compiled_build_info() {
    BuildInfo build;
    build.version = version_string();
    build.commit = GCD_MPI_GIT_COMMIT;
    if (build.commit.empty()) build.commit = "unknown";
    build.build_type = GCD_MPI_BUILD_TYPE;
    if (build.build_type.empty()) build.build_type = "unknown";
    build.compiler = compiler();
    build.boost = boost_version();
    for (const TrialPath p : available_trial_paths()) build.trial_paths.emplace_back(trial_path_name(p));
    build.trial_path = std::string(trial_path_name(active_trial_path()));
    return build;
}

std::string version_text(const BuildInfo& build) {
    const auto line = [](const char* key, const std::string& value) {
        std::string out = key;
        out.resize(20, ' ');
        return out + value + "\n";
    };
    return "gcd_mpi " + build.version + "\n" + line("commit", build.commit) + line("build type", build.build_type) +
           line("compiler", build.compiler) + line("MPI built with", build.mpi_built_with) +
           line("MPI run with", build.mpi_run_with) + line("Boost", build.boost) +
           line("trial paths", joined(build.trial_paths) + " (this CPU)") + line("trial path chosen", build.trial_path);
}

}  // namespace gcd_mpi::app
