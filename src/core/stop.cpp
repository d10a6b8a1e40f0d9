#include "gcd_mpi/core/stop.hpp"

#include <unistd.h>
#include <atomic>

#include <csignal>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi {

namespace {
// Lock-free atomics are async-signal-safe.
StopFlag signal_flag;
static_assert(std::atomic<int>::is_always_lock_free);

// Seconds a process may take to stop after the first request before the
// watchdog ends it: a stop must never hang, even if some code path fails to
// check the flag (blocked I/O polls the flag: see io_wait.hpp).
constexpr unsigned stop_watchdog_seconds = 30;

extern "C" void on_watchdog(int) {
    // Async-signal-safe: write(2) and _exit only. The checkpoint stays valid
    // (records are appended whole and CRC-checked), so 75 still means
    // "rerun to resume"; an --output temporary may be left behind.
    static const char message[] =
        "gcd_mpi: did not stop within 30 s of the stop request; exiting now (a temporary "
        "output file may be left behind)\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(exit_stopped);
}

extern "C" void on_stop_signal(int signal_number) {
    if (signal_flag.request(signal_number)) {
        ::alarm(stop_watchdog_seconds);  // async-signal-safe
        return;
    }
    // A second request: the user means it. Leave now (async-signal-safe).
    ::_exit(128 + signal_number);
}
}  // namespace

void install_stop_handlers() noexcept {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // reads and writes resume; loops poll the flag
    for (int s : {SIGTERM, SIGINT, SIGUSR1}) sigaction(s, &action, nullptr);
    struct sigaction watchdog {};
    watchdog.sa_handler = on_watchdog;
    sigemptyset(&watchdog.sa_mask);
    sigaction(SIGALRM, &watchdog, nullptr);
}

StopFlag& signal_stop_flag() noexcept { return signal_flag; }

const StopFlag& never_stop() noexcept {
    static const StopFlag never;
    return never;
}

int stop_signal() noexcept { return signal_flag.signal(); }

void request_stop(int signal_number) noexcept { on_stop_signal(signal_number); }

std::string stop_message(int signal_number) {
    const char* name = signal_number == SIGTERM   ? "SIGTERM"
                       : signal_number == SIGINT  ? "SIGINT"
                       : signal_number == SIGUSR1 ? "SIGUSR1"
                                                  : "a signal";
    return std::string("stopped by ") + name;
}

}  // namespace gcd_mpi
