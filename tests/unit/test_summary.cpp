// The summary line states how many bytes of results went where.

#include <gtest/gtest.h>

#include <string>

#include "gcd_mpi/core/report.hpp"

namespace {

TEST(SummaryLine, SaysHowManyBytesOfResultsWentWhere) {
    gcd_mpi::RunReport r;
    r.wall_seconds = 0.123;
    r.pairs = 10;
    r.ranks = 8;
    r.kernel = "trial";
    r.output_bytes = 312;
    EXPECT_EQ(gcd_mpi::summary_line(r),
              "Took 0.123 seconds (10 pairs, 8 ranks, 1 thread per rank, kernel trial, 312 bytes of results to "
              "<stdout>)");
    r.output_bytes = 1;
    r.output_name = "out.txt";
    EXPECT_NE(gcd_mpi::summary_line(r).find(", 1 byte of results to out.txt)"), std::string::npos);
}

}  // namespace
