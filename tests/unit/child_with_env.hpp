#pragma once
// Runs one test of this test binary again in a child process with one
// environment variable set: for settings read once per process (the trial
// and exact kernels' paths).

#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace gcd_mpi::test {

struct ChildResult {
    int status = -1;  // exit status, -1 if it did not exit normally
    std::string output;
};

/// Runs this binary with --gtest_filter=`test_filter` and `variable`=`value`,
/// without gtest's sharding and output variables (which would make the child
/// skip the test or overwrite the parent's report); stdout and stderr are
/// captured for failure messages.
inline ChildResult run_test_with_env(const std::string& test_filter, const std::string& variable,
                                     const std::string& value) {
    std::vector<std::string> env_strings{variable + "=" + value};
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry(*e);
        const std::string key = entry.substr(0, entry.find('='));
        if (key == variable || key == "GTEST_SHARD_INDEX" || key == "GTEST_TOTAL_SHARDS" || key == "GTEST_OUTPUT" ||
            key == "GTEST_FILTER") {
            continue;
        }
        env_strings.push_back(entry);
    }
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string exe = "/proc/self/exe";
    std::string filter = "--gtest_filter=" + test_filter;
    char* argv[] = {exe.data(), filter.data(), nullptr};

    ChildResult result;
    int fds[2];
    if (::pipe(fds) != 0) return result;
    const pid_t child = ::fork();
    if (child == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::dup2(fds[1], STDERR_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execve(exe.c_str(), argv, envp.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) {
        result.output.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    if (child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status)) {
        result.status = WEXITSTATUS(status);
    }
    return result;
}

}  // namespace gcd_mpi::test
