#pragma once
/// The schedules: how a batch's pairs are spread over ranks, and their names.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "gcd_mpi/core/name_table.hpp"

namespace gcd_mpi {

enum class Schedule {
    block,     ///< contiguous equal-count blocks: one scatterv, one gatherv
    balanced,  ///< cost-aware static (LPT on the cost estimate): one scatterv, one gatherv
    dynamic,   ///< chunks on demand from per-rank queues of the balanced plan, with stealing
};

/// The schedules' one name table, with what each does (help text).
inline constexpr std::array<NameEntry<Schedule>, 3> schedule_table{{
    {Schedule::block, "block", "equal counts"},
    {Schedule::balanced, "balanced", "cost-aware static"},
    {Schedule::dynamic, "dynamic",
     "chunks on demand from the balanced plan; idle ranks take over a slower rank's pairs"},
}};

/// Canonical name ("block", "balanced", "dynamic").
[[nodiscard]] constexpr std::string_view schedule_name(Schedule s) noexcept { return name_in(schedule_table, s); }
/// Parses a canonical name; nullopt for anything else.
[[nodiscard]] constexpr std::optional<Schedule> schedule_from_name(std::string_view name) noexcept {
    return value_in(schedule_table, name);
}
/// The names users may pass: "block, balanced, dynamic".
[[nodiscard]] std::string schedule_choices();

}  // namespace gcd_mpi
