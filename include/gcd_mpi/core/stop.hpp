#pragma once
/// Stop requests: SIGTERM, SIGINT and SIGUSR1 (what Slurm's time limit and
/// --signal send) set a flag that long loops check between pieces of work,
/// so a run stops promptly, keeps its checkpoint, and exits with exit_stopped.

namespace gcd_mpi {

/// Installs the handlers (idempotent). The first signal only stores its
/// number (everything else happens in normal code) and arms a 30 s watchdog
/// alarm; a second signal exits at once with 128 + signal.
void install_stop_handlers() noexcept;

/// The signal that asked us to stop, or 0.
[[nodiscard]] int stop_signal() noexcept;
[[nodiscard]] inline bool stop_requested() noexcept { return stop_signal() != 0; }

/// Requests a stop from code (tests, a peer's request).
void request_stop(int signal_number) noexcept;

}  // namespace gcd_mpi
