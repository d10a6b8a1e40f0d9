#pragma once
// Adds the wall time of a scope to a phase's total.

#include <chrono>

namespace gcd_mpi::pipeline::detail {

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

class PhaseTimer {
public:
    explicit PhaseTimer(double& total) : total_(total), start_(Clock::now()) {}
    ~PhaseTimer() { total_ += seconds_since(start_); }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

private:
    double& total_;
    Clock::time_point start_;
};

}  // namespace gcd_mpi::pipeline::detail
