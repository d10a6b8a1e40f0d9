#pragma once
/// Starting a thread that may not start. std::thread's constructor throws
/// std::system_error when the system refuses a thread (RLIMIT_NPROC,
/// `ulimit -u`, a cgroup's pids.max); uncaught, or with other threads of a
/// pool still joinable, that ends in std::terminate (exit 134, no message).

#include <cstring>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi {

/// std::thread(f), but a refusal becomes GcdError(exit_software, "cannot
/// start a thread (<what>): <reason>; ..."), which main reports and ends
/// the job with. Callers join the threads they already started before the
/// error leaves them.
template <class F>
[[nodiscard]] std::thread start_thread(const char* what, F&& f) {
    try {
        return std::thread(std::forward<F>(f));
    } catch (const std::system_error& e) {
        throw GcdError(exit_software, std::string("cannot start a thread (") + what +
                                          "): " + std::strerror(e.code().value()) +
                                          "; the process limit (ulimit -u) or the cgroup's pids.max "
                                          "is reached: use fewer --threads or raise the limit");
    }
}

}  // namespace gcd_mpi
