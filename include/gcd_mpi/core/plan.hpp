#pragma once
/// A schedule's plan as pure data: which rank computes which item of a
/// batch, from the schedule, the kernel's profile, the items' costs and the
/// number of ranks. No pipeline options, no MPI: "rank 63 of 64" is a unit test.

#include <cstdint>
#include <span>

#include "gcd_mpi/core/assignment.hpp"
#include "gcd_mpi/core/kernel_profile.hpp"
#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi {

/// The assignment `schedule` gives a batch of costs.size() items over `size`
/// ranks (size >= 1; costs.size() must fit in int):
/// - one rank: everything on rank 0, input order;
/// - the computing ranks are all ranks, or ranks 1..size-1 when the profile
///   says rank 0 does not compute (rank 0 then gets count 0);
/// - block: contiguous equal blocks (block_counts) over the computing ranks;
/// - balanced: LPT (balanced_assignment) over the computing ranks when costs vary;
///   otherwise exactly the block plan (for equal costs contiguous equal blocks
///   are already optimal, and LPT's sort and the permutation copies would
///   cost more than the fast kernels themselves);
/// - dynamic: the plan its affinity queues start from, which is balanced's.
/// `order` is EMPTY when the send layout is the input order (contiguous
/// blocks): callers then skip the permutation copies.
[[nodiscard]] Assignment plan_assignment(Schedule schedule, const KernelProfile& profile,
                                         std::span<const std::uint64_t> costs, int size);

}  // namespace gcd_mpi
