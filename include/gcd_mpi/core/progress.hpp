#pragma once
/// Live progress on rank 0's stderr: pairs done / total, candidate tests,
/// rate and ETA. Counters are process-wide atomics that the compute loops
/// bump (cheap, relaxed); a meter thread prints at a bounded rate.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>

namespace gcd_mpi {

struct ProgressCounters {
    std::atomic<bool> enabled{false};
    std::atomic<std::uint64_t> pairs_done{0};       ///< results written (all ranks)
    std::atomic<std::uint64_t> candidates_done{0};  ///< tested on this process
    std::atomic<std::uint64_t> remote_candidates{0};  ///< reported by other ranks
    std::atomic<std::uint64_t> pairs_total{0};      ///< 0 = unknown
};

/// This process's counters.
[[nodiscard]] ProgressCounters& progress_counters() noexcept;

/// Adds candidate tests done here (no-op unless enabled).
inline void count_candidates(std::uint64_t n) noexcept {
    auto& c = progress_counters();
    if (c.enabled.load(std::memory_order_relaxed)) c.candidates_done.fetch_add(n, std::memory_order_relaxed);
}

/// One status line, e.g. "gcd_mpi: 120/1000 pairs (12%), 3.1e+10 candidates,
/// 2.2e+09/s, ETA 40s". Pure: used by the meter and by tests.
[[nodiscard]] std::string progress_line(std::uint64_t pairs_done, std::uint64_t pairs_total,
                                        std::uint64_t candidates, double elapsed_seconds);

/// Prints progress_line to `out` until stopped: in place ("\r") at most 10
/// times a second on a terminal, else one line every `log_interval`.
class ProgressMeter {
public:
    ProgressMeter(std::FILE* out, bool terminal, std::chrono::milliseconds log_interval);
    ~ProgressMeter();  ///< stops and clears the line
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;

private:
    void loop();
    std::FILE* out_;
    bool terminal_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point start_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace gcd_mpi
