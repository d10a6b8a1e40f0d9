#pragma once
/// The schedules: how a batch's pairs are spread over ranks, and their names.

#include <optional>
#include <string_view>

namespace gcd_mpi {

enum class Schedule {
    block,     ///< contiguous equal-count blocks: one scatterv, one gatherv
    balanced,  ///< cost-aware static (LPT on the cost estimate): one scatterv, one gatherv
    dynamic,   ///< chunks on demand from per-rank queues of the balanced plan, with stealing
};

[[nodiscard]] std::string_view schedule_name(Schedule s) noexcept;
[[nodiscard]] std::optional<Schedule> schedule_from_name(std::string_view name) noexcept;

}  // namespace gcd_mpi
