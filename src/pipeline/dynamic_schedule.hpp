#pragma once
// dynamic: chunks on demand from per-rank affinity queues, with stealing.

#include <cstdint>

#include "batch_work.hpp"

namespace gcd_mpi::pipeline::detail {

// collective over the channel: rank 0 hands out chunks of its `batch` and
// puts their results into batch.results in input order (adding to
// `stolen_pairs` the pairs computed by another rank than planned); the other
// ranks compute the chunks they are sent until an empty one arrives. Needs
// more than one rank. Returns this rank's work.
[[nodiscard]] BatchWork run_dynamic(const ScheduleContext& ctx, Batch& batch, std::uint64_t& stolen_pairs);

}  // namespace gcd_mpi::pipeline::detail
