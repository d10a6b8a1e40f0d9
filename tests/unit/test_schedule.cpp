// Schedule names.
#include <gtest/gtest.h>

#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi {
namespace {

TEST(ScheduleNames, RoundTrip) {
    for (auto s : {Schedule::block, Schedule::balanced, Schedule::dynamic}) {
        EXPECT_EQ(schedule_from_name(schedule_name(s)), s);
    }
    EXPECT_FALSE(schedule_from_name("static").has_value());
}

TEST(ScheduleNames, CanonicalNamesAndChoicesInTableOrder) {
    EXPECT_EQ(schedule_name(Schedule::block), "block");
    EXPECT_EQ(schedule_name(Schedule::balanced), "balanced");
    EXPECT_EQ(schedule_name(Schedule::dynamic), "dynamic");
    EXPECT_EQ(schedule_choices(), "block, balanced, dynamic");
    static_assert(schedule_from_name("dynamic") == Schedule::dynamic);
    EXPECT_EQ(schedule_name(static_cast<Schedule>(99)), "?");
    for (const char* bad : {"", "Block", "static", "balanced "})
        EXPECT_FALSE(schedule_from_name(bad).has_value()) << bad;
}

}  // namespace
}  // namespace gcd_mpi
