#pragma once
/// Stop requests: SIGTERM, SIGINT and SIGUSR1 (what Slurm's time limit and
/// --signal send) set a flag that long loops check between pieces of work,
/// so a run stops promptly, keeps its checkpoint, and exits with exit_stopped.

#include <atomic>
#include <string>

namespace gcd_mpi {

/// A stop request, handed to long work (the kernels, compute_block, the
/// pipeline) instead of read from a global: a run passes the flag the signal
/// handlers set, a test a flag of its own. The first request wins.
class StopFlag {
public:
    StopFlag() = default;
    StopFlag(const StopFlag&) = delete;
    StopFlag& operator=(const StopFlag&) = delete;
    /// Records `signal_number` unless a request came first; true if it was the first.
    bool request(int signal_number) noexcept {
        int expected = 0;
        return signal_.compare_exchange_strong(expected, signal_number);
    }
    /// The signal that asked to stop, or 0.
    [[nodiscard]] int signal() const noexcept { return signal_.load(std::memory_order_relaxed); }
    [[nodiscard]] bool requested() const noexcept { return signal() != 0; }

private:
    std::atomic<int> signal_{0};  // lock-free, so the signal handlers may set it
};

/// The flag SIGTERM, SIGINT and SIGUSR1 set.
[[nodiscard]] StopFlag& signal_stop_flag() noexcept;
/// A flag nobody sets: for work that runs to its end (verification, tests).
[[nodiscard]] const StopFlag& never_stop() noexcept;

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
