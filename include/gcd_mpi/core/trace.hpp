#pragma once
/// A timeline of one run (--trace FILE): spans of named phases on each
/// rank's thread tracks, against one job-wide origin, and their Chrome
/// trace-event JSON, which Perfetto, chrome://tracing and Speedscope open.
/// Pure: no MPI; the pipeline records, the app gathers and writes.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/report.hpp"

namespace gcd_mpi {

/// What a span of a track was spent on. The names (trace_phase_name) are
/// the report's phase names where the report has the phase.
enum class TracePhase : std::int32_t {
    start = 0,    ///< main: from the origin to the first batch (data path set-up, agreeing on progress)
    wait,         ///< main: waiting for the next batch's header (the other ranks wait for rank 0's reading here)
    read,         ///< reader thread (root path), or the main thread's collective read (parallel path)
    read_wait,    ///< rank 0 main: waiting for the reader thread's batch
    scatter,      ///< main: planning and sending the batch's parts
    compute,      ///< main: the schedule's compute step; compute tracks: each worker thread's busy time
    gather_wait,  ///< main: waiting for the slowest rank (before the gather, for the last progress report)
    gather,       ///< main: the transfer of the results alone
    verify,       ///< main: --verify's re-check
    vote,         ///< main: the batch's one agreement on how it ended
    write,        ///< writer thread (root path), or the main thread's collective write (parallel path)
    write_wait,   ///< rank 0 main: handing the results to the writer thread
    finish,       ///< main: the last output, agreeing on the exit code, up to the end-of-run gather
};
inline constexpr int trace_phase_count = 13;

/// "start", "wait", "read", ... (the Chrome event's name).
[[nodiscard]] std::string_view trace_phase_name(TracePhase phase) noexcept;

/// A rank's tracks (the Chrome "tid"): main thread, rank 0's reader and
/// writer threads, then compute worker t (0-based) at first_compute + t.
namespace trace_track {
inline constexpr std::int32_t main = 0;
inline constexpr std::int32_t reader = 1;
inline constexpr std::int32_t writer = 2;
inline constexpr std::int32_t first_compute = 3;
}  // namespace trace_track

/// "main", "reader", "writer", "compute 1", "compute 2", ...
[[nodiscard]] std::string trace_track_name(std::int32_t track);

/// One span. Flat and fixed-width: travels to rank 0 in the end-of-run gather.
struct TraceSpan {
    std::int64_t begin_ns = 0;  ///< since the job's origin
    std::int64_t end_ns = 0;
    std::int64_t batch = -1;  ///< the batch's index from 0; -1 outside any batch
    std::int32_t phase = 0;   ///< a TracePhase
    std::int32_t track = 0;   ///< a trace_track

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & begin_ns & end_ns & batch & phase & track; }
    // clang-format on
};

/// A rank's spans, recorded from any of its threads. Off (default
/// constructed) it records nothing. On, each span costs one vector push
/// under an uncontended mutex (a few spans per batch and thread, so the
/// lock is never the cost). The origin is taken by the caller right after
/// a collective every rank leaves together (see run.cpp), so every rank's
/// spans share one time base to within that collective's exit skew.
class TraceRecorder {
public:
    using Clock = std::chrono::steady_clock;
    /// A special batch value: the main thread's current batch (set_batch).
    static constexpr std::int64_t current_batch = -2;

    TraceRecorder() = default;
    explicit TraceRecorder(Clock::time_point origin) : on_(true), origin_(origin) { spans_.reserve(1024); }
    TraceRecorder(const TraceRecorder&) = delete;
    TraceRecorder& operator=(const TraceRecorder&) = delete;

    [[nodiscard]] bool on() const noexcept { return on_; }
    [[nodiscard]] Clock::time_point origin() const noexcept { return origin_; }
    /// Nanoseconds from the origin to `t`.
    [[nodiscard]] std::int64_t since_origin_ns(Clock::time_point t) const noexcept {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(t - origin_).count();
    }

    /// Records [begin, end) of `phase` on `track` (thread-safe; nothing when off).
    /// `batch` may be current_batch: the main thread's batch now.
    void record(TracePhase phase, std::int32_t track, Clock::time_point begin, Clock::time_point end,
                std::int64_t batch = current_batch);
    /// Main thread: the batch the next spans belong to (-1: none).
    void set_batch(std::int64_t batch) noexcept { batch_.store(batch, std::memory_order_relaxed); }
    [[nodiscard]] std::int64_t batch() const noexcept { return batch_.load(std::memory_order_relaxed); }

    /// Everything recorded so far, in the order recorded; later spans are
    /// still kept but not in this copy.
    [[nodiscard]] std::vector<TraceSpan> spans() const;

private:
    bool on_ = false;
    Clock::time_point origin_{};
    std::atomic<std::int64_t> batch_{-1};
    mutable std::mutex mutex_;
    std::vector<TraceSpan> spans_;
};

/// Records the scope's wall time as a span (nothing when `trace` is null or off).
class TraceScope {
public:
    TraceScope(TraceRecorder* trace, TracePhase phase, std::int32_t track = trace_track::main,
               std::int64_t batch = TraceRecorder::current_batch)
        : trace_(trace != nullptr && trace->on() ? trace : nullptr), phase_(phase), track_(track), batch_(batch) {
        if (trace_ != nullptr) begin_ = TraceRecorder::Clock::now();
    }
    ~TraceScope() {
        if (trace_ != nullptr) trace_->record(phase_, track_, begin_, TraceRecorder::Clock::now(), batch_);
    }
    TraceScope(const TraceScope&) = delete;
    TraceScope& operator=(const TraceScope&) = delete;

private:
    TraceRecorder* trace_;
    TracePhase phase_;
    std::int32_t track_;
    std::int64_t batch_;
    TraceRecorder::Clock::time_point begin_{};
};

/// One rank's part of the trace, as rank 0 received it.
struct TraceRank {
    std::vector<TraceSpan> spans;
    std::int64_t end_ns = 0;  ///< when the rank entered the end-of-run gather: its wall time
    std::string host;
};

/// The trace file's contents besides the spans.
struct TraceRun {
    std::vector<TraceRank> ranks;  ///< in rank order
    bool complete = true;          ///< false: the run failed or stopped; the spans cover what ran
    int exit_code = 0;
    std::string error;  ///< a failed run: why
};

/// The Chrome trace-event JSON ("JSON object format"): traceEvents holds a
/// complete event (ph "X", ts and dur in microseconds) per span with pid =
/// rank and tid = track, metadata events (ph "M") naming each rank
/// ("rank 0") and track ("main", "reader", "compute 1", ...), and for an
/// incomplete run a global instant event saying so; otherData holds
/// "complete", the exit code, each rank's wall time, the clock's note and
/// `report`'s provenance (command line, version, commit, start, kernel,
/// schedule, io, ranks, threads).
[[nodiscard]] std::string trace_json(const TraceRun& run, const RunReport& report);

}  // namespace gcd_mpi
