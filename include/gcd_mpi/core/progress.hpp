#pragma once
/// Live progress on rank 0's stderr, job-wide: pairs and candidate tests done
/// by every rank, against what is known of the total, with rate and ETA.
///
/// Each process bumps its own counters (cheap, relaxed atomics) from the
/// compute loops. Other ranks send theirs to rank 0 now and then (the Team's
/// progress messages); rank 0 keeps the sum of their latest reports here. A
/// meter thread on rank 0 reads the counters and prints at a bounded rate.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>

namespace gcd_mpi {

struct ProgressCounters {
    std::atomic<bool> enabled{false};
    // This process, bumped by the compute loops.
    std::atomic<std::uint64_t> candidates_done{0};  ///< candidate tests run here
    std::atomic<std::uint64_t> pairs_computed{0};   ///< pairs finished here
    // Rank 0: the sum of the other ranks' latest reports.
    std::atomic<std::uint64_t> remote_candidates{0};
    std::atomic<std::uint64_t> remote_pairs{0};
    // Rank 0: what is known of the whole input.
    std::atomic<std::uint64_t> resumed_pairs{0};       ///< taken from a checkpoint
    std::atomic<std::uint64_t> resumed_candidates{0};  ///< their candidate tests
    std::atomic<std::uint64_t> pairs_read{0};          ///< in batches read this run
    /// Trial kernels: estimated candidate tests of the batches read this run;
    /// a finished batch counts at its real number instead of the estimate.
    std::atomic<std::uint64_t> cost_read{0};
    std::atomic<bool> input_complete{false};       ///< every batch is read
    std::atomic<std::uint64_t> bytes_consumed{0};  ///< of the input, replay included
    std::atomic<std::uint64_t> bytes_total{0};     ///< input size; 0 = unknown (stdin, pipe)
};

/// counter += n, stopping at the largest value instead of wrapping (a
/// pair's estimated cost alone may be close to 2^64).
inline void add_saturating(std::atomic<std::uint64_t>& counter, std::uint64_t n) noexcept {
    std::uint64_t old = counter.load(std::memory_order_relaxed);
    while (!counter.compare_exchange_weak(old, old + n < old ? UINT64_MAX : old + n, std::memory_order_relaxed)) {}
}

/// This process's counters.
[[nodiscard]] ProgressCounters& progress_counters() noexcept;

/// Adds candidate tests done here (no-op unless enabled).
inline void count_candidates(std::uint64_t n) noexcept {
    auto& c = progress_counters();
    if (c.enabled.load(std::memory_order_relaxed)) c.candidates_done.fetch_add(n, std::memory_order_relaxed);
}

/// Adds pairs finished here (no-op unless enabled).
inline void count_pairs(std::uint64_t n) noexcept {
    auto& c = progress_counters();
    if (c.enabled.load(std::memory_order_relaxed)) c.pairs_computed.fetch_add(n, std::memory_order_relaxed);
}

/// One rank's cumulative counts, as sent to rank 0. Flat: an MPI datatype.
struct ProgressReport {
    std::uint64_t candidates = 0;
    std::uint64_t pairs = 0;
    std::int64_t last = 0;  ///< 1: this rank's final report for the current batch

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & candidates & pairs & last; }
    // clang-format on
};

/// This process's counts as a report.
[[nodiscard]] ProgressReport local_progress(bool last) noexcept;

/// Everything one progress line says, job-wide (all ranks), on rank 0.
struct ProgressView {
    bool trial = false;                 ///< trial kernels: progress is measured in candidate tests
    std::uint64_t pairs_done = 0;       ///< computed this run + resumed
    std::uint64_t pairs_read = 0;       ///< read this run + resumed
    std::uint64_t candidates_done = 0;  ///< this run + resumed
    std::uint64_t cost_read = 0;        ///< estimated candidates read (finished batches exact) + resumed
    std::uint64_t resumed_pairs = 0;
    std::uint64_t resumed_candidates = 0;
    bool input_complete = false;  ///< the totals are the whole input's
    double input_fraction = 0;    ///< input bytes read / size; 0 = unknown
    double elapsed_seconds = 0;   ///< this run
};

/// The counters (rank 0) seen as one view.
[[nodiscard]] ProgressView progress_view(const ProgressCounters& c, bool trial, double elapsed_seconds) noexcept;

/// One status line, e.g. "gcd_mpi: 1200/5000 pairs, 1.4e+11/3.4e+11
/// candidate tests (42%), 2.2e+09/s, ETA 1m10s, 12s elapsed". Says what the percentage is of
/// (the whole input, or what is read so far); never above 100%; rates and
/// ETA count this run's work only. Pure: used by the meter and by tests.
[[nodiscard]] std::string progress_line(const ProgressView& v);

/// Prints progress_line to `out` until destroyed: in place ("\r") on a
/// terminal, else one line per `interval` and a last line at the end.
class ProgressMeter {
public:
    ProgressMeter(std::FILE* out, bool terminal, bool trial, std::chrono::duration<double> interval);
    ~ProgressMeter();  ///< stops; clears the live line, or prints the last log line
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;

private:
    void loop();
    void print() const;
    std::FILE* out_;
    bool terminal_;
    bool trial_;
    std::chrono::duration<double> interval_;
    std::chrono::steady_clock::time_point start_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace gcd_mpi
