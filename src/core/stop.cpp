#include "gcd_mpi/core/stop.hpp"

#include <atomic>
#include <unistd.h>

#include <csignal>

namespace gcd_mpi {

namespace {
// Lock-free atomics are async-signal-safe.
std::atomic<int> requested_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

// Seconds a process may take to stop after the first request before the
// default SIGALRM action ends it: a stop must never hang, even if some code
// path fails to check the flag.
constexpr unsigned stop_watchdog_seconds = 30;

extern "C" void on_stop_signal(int signal_number) {
    int expected = 0;
    if (requested_signal.compare_exchange_strong(expected, signal_number)) {
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
}

int stop_signal() noexcept { return requested_signal.load(std::memory_order_relaxed); }

void request_stop(int signal_number) noexcept { on_stop_signal(signal_number); }

}  // namespace gcd_mpi
