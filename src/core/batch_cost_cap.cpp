#include "gcd_mpi/core/batch_cost_cap.hpp"

namespace gcd_mpi {

BatchCostCap::BatchCostCap(double interval_seconds, double assumed_rate_per_worker, std::uint64_t workers) noexcept
    : interval_(interval_seconds), rate_(assumed_rate_per_worker * static_cast<double>(workers == 0 ? 1 : workers)) {}

std::uint64_t BatchCostCap::cap() const noexcept {
    const double c = interval_ * rate_;
    if (!(c >= 1)) return 1;  // also NaN
    if (c >= 1.8e19) return UINT64_MAX;
    return static_cast<std::uint64_t>(c);
}

void BatchCostCap::batch_done(std::uint64_t estimated_cost, double seconds) noexcept {
    if (estimated_cost == 0 || !(seconds > 0)) return;  // nothing learnt
    // Halve the weight of the past at every batch: a change of pace (another
    // code path for larger values, a shared node) shows within a few batches.
    cost_sum_ = cost_sum_ / 2 + static_cast<double>(estimated_cost);
    seconds_sum_ = seconds_sum_ / 2 + seconds;
    rate_ = cost_sum_ / seconds_sum_;
}

}  // namespace gcd_mpi
