#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi {

std::string_view schedule_name(Schedule s) noexcept {
    switch (s) {
        case Schedule::block: return "block";
        case Schedule::balanced: return "balanced";
        case Schedule::dynamic: return "dynamic";
    }
    return "?";
}

std::optional<Schedule> schedule_from_name(std::string_view name) noexcept {
    for (auto s : {Schedule::block, Schedule::balanced, Schedule::dynamic}) {
        if (schedule_name(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace gcd_mpi
