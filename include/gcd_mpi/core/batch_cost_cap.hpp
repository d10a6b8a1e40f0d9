#pragma once
/// How much brute-force work one batch (so one checkpoint record) may hold.

#include <cstdint>

namespace gcd_mpi {

/// With a checkpoint, how much estimated brute-force work (trial_cost_bound
/// units) one batch may hold so that it takes about `interval` seconds for
/// the whole job: interval x rate, where the rate (estimated candidates per
/// second, whole job) starts as assumed_rate_per_worker x workers and then
/// follows the measured one (recent batches weigh most), so it adapts to the
/// machine, the kernel's code path and the values.
class BatchCostCap {
public:
    BatchCostCap(double interval_seconds, double assumed_rate_per_worker, std::uint64_t workers) noexcept;
    /// Estimated candidates the next batch may hold (>= 1).
    [[nodiscard]] std::uint64_t cap() const noexcept;
    /// Current rate estimate: estimated candidates per second, whole job.
    [[nodiscard]] double rate() const noexcept { return rate_; }
    /// A batch holding `estimated_cost` took `seconds` (wall, whole job).
    void batch_done(std::uint64_t estimated_cost, double seconds) noexcept;

private:
    double interval_;
    double rate_;
    double cost_sum_ = 0;     // decayed sums of recent batches: short,
    double seconds_sum_ = 0;  // overhead-dominated batches weigh little
};

}  // namespace gcd_mpi
