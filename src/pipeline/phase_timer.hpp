#pragma once
// Adds the wall time of a scope to a phase's total and, with --trace, records
// the same interval as a span: one measurement feeds both, so the report's
// phase seconds and the trace's spans agree by construction.

#include <chrono>
#include <cstdint>

#include "gcd_mpi/core/trace.hpp"

namespace gcd_mpi::pipeline::detail {

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

class PhaseTimer {
public:
    explicit PhaseTimer(double& total) : total_(total), start_(Clock::now()) {}
    /// Also records the scope as `phase` on `track` (nothing when `trace` is null or off).
    PhaseTimer(double& total, TraceRecorder* trace, TracePhase phase, std::int32_t track = trace_track::main,
               std::int64_t batch = TraceRecorder::current_batch)
        : total_(total),
          trace_(trace != nullptr && trace->on() ? trace : nullptr),
          phase_(phase),
          track_(track),
          batch_(batch),
          start_(Clock::now()) {}
    ~PhaseTimer() {
        const auto end = Clock::now();
        total_ += std::chrono::duration<double>(end - start_).count();
        if (trace_ != nullptr) trace_->record(phase_, track_, start_, end, batch_);
    }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

private:
    double& total_;
    TraceRecorder* trace_ = nullptr;
    TracePhase phase_ = TracePhase::compute;
    std::int32_t track_ = trace_track::main;
    std::int64_t batch_ = TraceRecorder::current_batch;
    Clock::time_point start_;
};

}  // namespace gcd_mpi::pipeline::detail
