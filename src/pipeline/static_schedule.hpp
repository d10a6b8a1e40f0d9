#pragma once
// block and balanced: one scatterv, one gatherv per batch.

#include "batch_work.hpp"

namespace gcd_mpi::pipeline::detail {

// collective: rank 0's `batch` (n pairs) is planned (plan_assignment),
// scattered, computed on every rank and gathered back into batch.results in
// input order. Returns this rank's work.
[[nodiscard]] BatchWork run_static(const ScheduleContext& ctx, Batch& batch, std::size_t n);

}  // namespace gcd_mpi::pipeline::detail
