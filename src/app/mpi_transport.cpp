#include "gcd_mpi/app/mpi_transport.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace gcd_mpi::app {

namespace {

// The frameworks whose choice decides the transport.
constexpr std::string_view transport_frameworks[] = {"pml", "btl", "mtl"};

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::optional<std::string> env(const EnvLookup& getenv_fn, const std::string& name) {
    auto v = getenv_fn(name.c_str());
    if (v && v->empty()) return std::nullopt;
    return v;
}

// The MCA parameter files Open MPI reads, in its order: the system file, the
// user's, and any named by mca_base_param_files (colon-separated).
std::vector<std::string> mca_param_files(const EnvLookup& getenv_fn) {
    std::vector<std::string> files{"/etc/openmpi/openmpi-mca-params.conf"};
    if (const auto home = env(getenv_fn, "HOME")) files.push_back(*home + "/.openmpi/mca-params.conf");
    if (const auto named = env(getenv_fn, "OMPI_MCA_mca_base_param_files")) {
        std::stringstream list(*named);
        for (std::string f; std::getline(list, f, ':');) {
            if (!f.empty()) files.push_back(f);
        }
    }
    return files;
}

}  // namespace

std::optional<std::string> mca_file_value(std::string_view text, std::string_view name) {
    std::optional<std::string> value;
    while (!text.empty()) {
        const auto eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        const auto eq = line.find('=');
        if (eq != std::string_view::npos && trimmed(line.substr(0, eq)) == name) {
            value = std::string(trimmed(line.substr(eq + 1)));
        }
    }
    return value;
}

namespace {

const std::vector<McaSetting>& single_node_settings() {
    static const std::vector<McaSetting> settings{{"pml", "ob1"}};
    return settings;
}

// True when a file's value for `framework` leaves the single-node settings
// possible: a "^a,b" exclusion list that excludes none of their components.
bool compatible_exclusion(std::string_view framework, std::string_view value) {
    if (value.empty() || value.front() != '^') return false;
    std::vector<std::string> excluded;
    std::stringstream list{std::string(value.substr(1))};
    for (std::string c; std::getline(list, c, ',');) excluded.emplace_back(trimmed(c));
    for (const auto& s : single_node_settings()) {
        if (s.name != framework) continue;
        std::stringstream wanted(s.value);
        for (std::string c; std::getline(wanted, c, ',');) {
            for (const auto& e : excluded) {
                if (e == c) return false;
            }
        }
    }
    return true;
}

}  // namespace

TransportChoice choose_mpi_transport(const LaunchInfo& launch, const EnvLookup& getenv_fn,
                                     const FileLookup& read_file) {
    if (!launch.under_mpi_launcher) return {{}, "no launcher: MPI not started"};
    if (launch.launcher == simulated_launcher) return {{}, "smpirun: SimGrid's simulated MPI, no transport to choose"};
    if (const auto request = env(getenv_fn, std::string(mpi_transport_env_var)); request && *request != "auto") {
        return {{}, std::string(mpi_transport_env_var) + "=" + *request + ": Open MPI's own selection"};
    }
    const auto size = env(getenv_fn, "OMPI_COMM_WORLD_SIZE");
    const auto local = env(getenv_fn, "OMPI_COMM_WORLD_LOCAL_SIZE");
    const auto step_nodes = env(getenv_fn, "SLURM_STEP_NUM_NODES");
    const bool one_node = (size && local) ? *size == *local : (!size && step_nodes && *step_nodes == "1");
    if (!one_node) return {{}, "ranks on several nodes (or unknown): Open MPI's own selection"};
    const auto files = mca_param_files(getenv_fn);
    for (const std::string_view framework : transport_frameworks) {
        const std::string var = "OMPI_MCA_" + std::string(framework);
        if (env(getenv_fn, var)) return {{}, var + " is set: Open MPI's own selection"};
        for (const auto& file : files) {
            const auto text = read_file(file);
            if (!text) continue;
            if (const auto value = mca_file_value(*text, framework);
                value && !compatible_exclusion(framework, *value)) {
                return {{}, file + " sets " + std::string(framework) + " = " + *value + ": Open MPI's own selection"};
            }
        }
    }
    return {single_node_settings(), "one node: pml ob1"};
}

TransportChoice apply_mpi_transport(const LaunchInfo& launch) {
    TransportChoice choice = choose_mpi_transport(
        launch,
        [](const char* name) -> std::optional<std::string> {
            const char* v = std::getenv(name);
            if (v == nullptr) return std::nullopt;
            return std::string(v);
        },
        [](const std::string& path) -> std::optional<std::string> {
            std::ifstream in(path, std::ios::binary);
            if (!in) return std::nullopt;
            std::ostringstream text;
            text << in.rdbuf();
            return text.str();
        });
    for (const auto& s : choice.settings) {
        ::setenv(("OMPI_MCA_" + s.name).c_str(), s.value.c_str(), /*overwrite=*/0);
    }
    return choice;
}

}  // namespace gcd_mpi::app
