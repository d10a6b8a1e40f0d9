#pragma once
/// Exit codes and the one error type that carries them.
/// Numbering follows BSD sysexits.h so scripts can tell failures apart.

#include <stdexcept>
#include <string>

namespace gcd_mpi {

enum ExitCode : int {
    exit_ok = 0,
    exit_usage = 64,        ///< EX_USAGE: bad flag or argument
    exit_data = 65,         ///< EX_DATAERR: malformed input line
    exit_no_input = 66,     ///< EX_NOINPUT: input missing, unreadable, a directory
    exit_software = 70,     ///< EX_SOFTWARE: internal failure, --verify mismatch, failing rank
    exit_cant_create = 73,  ///< EX_CANTCREAT: cannot create --output/--report file
    exit_io = 74,           ///< EX_IOERR: read or write failed part-way
    exit_stopped = 75,      ///< EX_TEMPFAIL: stopped by SIGTERM/SIGINT/SIGUSR1; rerun to resume
};

/// An expected failure: a message for the user and the exit code to end with.
class GcdError : public std::runtime_error {
public:
    GcdError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
    [[nodiscard]] int exit_code() const noexcept { return exit_code_; }

private:
    int exit_code_;
};

}  // namespace gcd_mpi
