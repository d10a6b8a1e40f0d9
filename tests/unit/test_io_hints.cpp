// GCD_MPI_IO_HINTS: "key=value,key=value" as a list of MPI-IO hints; blanks
// are forgiven, anything else that is not key=value is a usage error (64)
// that names the variable and the entry.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/io_hints.hpp"

namespace {

using gcd_mpi::GcdError;
using gcd_mpi::io_hints_text;
using gcd_mpi::IoHint;
using gcd_mpi::parse_io_hints;

constexpr const char* var = "GCD_MPI_IO_HINTS";

// The message of the usage error parse_io_hints throws ("" if none).
std::string refusal(const std::string& text, gcd_mpi::IoHintLimits limits = {}) {
    try {
        (void)parse_io_hints(text, var, limits);
    } catch (const GcdError& e) {
        EXPECT_EQ(e.exit_code(), gcd_mpi::exit_usage) << text;
        return e.what();
    }
    return "";
}

TEST(IoHints, EmptyOrBlankIsNoHints) {
    EXPECT_TRUE(parse_io_hints("", var).empty());
    EXPECT_TRUE(parse_io_hints("   \t ", var).empty());
}

TEST(IoHints, TheIssuesExampleInOrder) {
    const auto hints = parse_io_hints(
        "romio_cb_write=enable,cb_nodes=2,cb_buffer_size=16777216,striping_factor=4,striping_unit=1048576", var);
    const std::vector<IoHint> want = {{"romio_cb_write", "enable"},
                                      {"cb_nodes", "2"},
                                      {"cb_buffer_size", "16777216"},
                                      {"striping_factor", "4"},
                                      {"striping_unit", "1048576"}};
    EXPECT_EQ(hints, want);
}

TEST(IoHints, BlanksAroundEntriesKeysAndValuesAreDropped) {
    const std::vector<IoHint> want = {{"cb_nodes", "2"}, {"romio_ds_write", "disable"}};
    EXPECT_EQ(parse_io_hints(" cb_nodes = 2 ,\tromio_ds_write=disable  ", var), want);
}

TEST(IoHints, AValueMayHoldAnEqualsSignOrAColon) {
    const std::vector<IoHint> want = {{"cb_config_list", "*:1"}, {"x", "a=b"}};
    EXPECT_EQ(parse_io_hints("cb_config_list=*:1,x=a=b", var), want);
}

TEST(IoHints, TextReadsBackToTheSameList) {
    const auto hints = parse_io_hints(" cb_nodes=2 , striping_unit = 1048576", var);
    EXPECT_EQ(io_hints_text(hints), "cb_nodes=2,striping_unit=1048576");
    EXPECT_EQ(parse_io_hints(io_hints_text(hints), var), hints);
    EXPECT_EQ(io_hints_text({}), "");
}

TEST(IoHints, BadEntriesAreUsageErrorsNamingTheVariableAndTheEntry) {
    EXPECT_EQ(refusal("cb_nodes"), std::string(var) +
                                       ": entry 1 'cb_nodes' is not key=value (write key=value,key=value, e.g. "
                                       "cb_nodes=2,romio_cb_write=enable)");
    EXPECT_NE(refusal("cb_nodes=2,oops").find("GCD_MPI_IO_HINTS: entry 2 'oops' is not key=value"), std::string::npos);
    EXPECT_NE(refusal("=2").find("entry 1 '=2' has no key"), std::string::npos);
    EXPECT_NE(refusal("cb_nodes=").find("entry 1 'cb_nodes=' has no value"), std::string::npos);
    EXPECT_NE(refusal("cb_nodes=  ").find("has no value"), std::string::npos);
    EXPECT_NE(refusal("cb nodes=2").find("a key has no blanks"), std::string::npos);
    EXPECT_NE(refusal("cb_nodes=2,cb_nodes=4").find("entry 2 'cb_nodes=4': cb_nodes is given twice"),
              std::string::npos);
}

TEST(IoHints, EmptyEntriesAreRefusedNotSkipped) {
    EXPECT_NE(refusal("cb_nodes=2,,striping_factor=4").find("entry 2 is empty"), std::string::npos);
    EXPECT_NE(refusal("cb_nodes=2,").find("entry 2 is empty"), std::string::npos);
    EXPECT_NE(refusal(",cb_nodes=2").find("entry 1 is empty"), std::string::npos);
    EXPECT_NE(refusal(" , ").find("entry 1 is empty"), std::string::npos);
}

TEST(IoHints, KeysAndValuesBeyondTheLibrarysLimitsAreRefused) {
    const gcd_mpi::IoHintLimits limits{8, 4};
    EXPECT_EQ(parse_io_hints("abcdefgh=1234", var, limits).size(), 1U);
    EXPECT_NE(refusal("abcdefghi=1", limits).find("the key is longer than 8 bytes"), std::string::npos);
    EXPECT_NE(refusal("a=12345", limits).find("the value is longer than 4 bytes"), std::string::npos);
}

}  // namespace
