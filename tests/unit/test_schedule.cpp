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

}  // namespace
}  // namespace gcd_mpi
