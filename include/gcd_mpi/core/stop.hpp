#pragma once
/// Stop requests: SIGTERM, SIGINT and SIGUSR1 (what Slurm's time limit and
/// --signal send) set a flag that long loops check between pieces of work,
/// so a run stops promptly, keeps its checkpoint, and exits with exit_stopped.

#include <string>

namespace gcd_mpi {

/// Installs the handlers (idempotent). The first signal only stores its
/// number (everything else happens in normal code) and arms a 30 s watchdog
/// alarm, which, if the run has still not stopped, prints why and exits 75;
/// a second signal exits at once with 128 + signal.
void install_stop_handlers() noexcept;

/// The signal that asked us to stop, or 0.
[[nodiscard]] int stop_signal() noexcept;
[[nodiscard]] inline bool stop_requested() noexcept { return stop_signal() != 0; }

/// Requests a stop from code (tests, a peer's request).
void request_stop(int signal_number) noexcept;

/// "stopped by SIGTERM" (SIGINT, SIGUSR1, or "a signal"): the one wording
/// every way of stopping reports.
[[nodiscard]] std::string stop_message(int signal_number);

}  // namespace gcd_mpi
