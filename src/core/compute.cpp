#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/threads.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace gcd_mpi {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
}  // namespace

unsigned usable_cpu_count() noexcept {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n > 0) return static_cast<unsigned>(n);
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? hw : 1;
}

BlockStats compute_block(Kernel kernel, const Pair* pairs, std::size_t count, PairResult* results, unsigned threads,
                         const StopFlag& stop) {
    BlockStats stats;
    const auto t0 = Clock::now();
    threads = std::max(1U, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
    stats.started = t0;
    stats.thread_seconds.assign(threads, 0.0);
    stats.thread_start_seconds.assign(threads, 0.0);
    if (threads == 1) {
        // The trial kernels pair by pair, so a stop request is seen between
        // pairs (and inside a long pair by the kernel's own checks; they
        // count their own candidates). The exact kernels in chunks, so the
        // batch paths keep many pairs in flight (binary: exact_paths.hpp);
        // a chunk takes at most about a millisecond.
        const std::size_t step = is_trial_kernel(kernel) ? 1 : 4096;
        for (std::size_t begin = 0; begin < count && !stop.requested(); begin += step) {
            const std::size_t n = std::min(step, count - begin);
            compute_pairs(kernel, pairs + begin, n, results + begin, stop);
            count_pairs(n);
        }
    } else {
        // Small chunks for the costly trial kernels (balance), larger ones for
        // the fast kernels (less contention on the counter).
        const std::size_t chunk =
            is_trial_kernel(kernel) ? 1 : std::clamp<std::size_t>(count / (threads * 64), 1, 4096);
        std::atomic<std::size_t> next{0};
        std::atomic<bool> abandon{false};  // a thread could not start: the others stop too
        std::vector<std::thread> pool;
        pool.reserve(threads);
        auto work = [&](unsigned t) {
            const auto start = Clock::now();
            stats.thread_start_seconds[t] = std::chrono::duration<double>(start - t0).count();
            while (!stop.requested() && !abandon.load(std::memory_order_relaxed)) {
                const std::size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
                if (begin >= count) break;
                const std::size_t n = std::min(chunk, count - begin);
                compute_pairs(kernel, pairs + begin, n, results + begin, stop);
                count_pairs(n);
            }
            stats.thread_seconds[t] = seconds_since(start);
        };
        try {
            for (unsigned t = 0; t < threads; ++t) pool.push_back(start_thread("compute", [&work, t] { work(t); }));
        } catch (...) {
            // Never destroy a joinable thread (std::terminate): stop and join
            // the ones that started, then report.
            abandon.store(true);
            for (auto& th : pool) th.join();
            throw;
        }
        for (auto& th : pool) th.join();
    }
    stats.seconds = seconds_since(t0);
    if (threads == 1) stats.thread_seconds[0] = stats.seconds;
    for (std::size_t i = 0; i < count; ++i) stats.candidates += results[i].candidates;
    return stats;
}

}  // namespace gcd_mpi
