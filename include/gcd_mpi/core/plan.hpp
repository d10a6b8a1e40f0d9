#pragma once
/// The assignment a schedule gives a batch (placeholder until the core branch lands; same API).

#include <cstdint>
#include <span>

#include "gcd_mpi/core/kernel_profile.hpp"
#include "gcd_mpi/core/assignment.hpp"
#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi {

/// `order` is empty when the send layout is the input order.
[[nodiscard]] Assignment plan_assignment(Schedule schedule, const KernelProfile& profile,
                                         std::span<const std::uint64_t> costs, int size);

}  // namespace gcd_mpi
