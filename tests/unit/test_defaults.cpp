// The one table of defaults: the command line, Options and the report agree
// with it, and it says what the README documents.
#include <gtest/gtest.h>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/report.hpp"

namespace gcd_mpi {
namespace {

TEST(Defaults, AreTheDocumentedValues) {
    // README: balanced is the default schedule, --batch-size defaults to 262144.
    EXPECT_EQ(defaults::kernel, Kernel::trial);
    EXPECT_EQ(defaults::schedule, Schedule::balanced);
    EXPECT_EQ(defaults::format, OutputFormat::text);
    EXPECT_EQ(defaults::batch_pairs, 262144U);
    EXPECT_EQ(defaults::threads, 1U);
    EXPECT_DOUBLE_EQ(defaults::checkpoint_interval_seconds, 60.0);
    EXPECT_DOUBLE_EQ(defaults::log_progress_seconds, 10.0);
    EXPECT_DOUBLE_EQ(defaults::terminal_progress_seconds, 0.1);
    EXPECT_DOUBLE_EQ(defaults::estimate_note_seconds, 60.0);
}

TEST(Defaults, CommandLineOptionsAndReportAgree) {
    const app::ParsedCommandLine parsed = app::parse_command_line({"pairs.txt"}, 8);
    ASSERT_TRUE(parsed.options.has_value()) << parsed.message;
    const app::Options& o = *parsed.options;
    EXPECT_EQ(o.kernel, defaults::kernel);
    EXPECT_EQ(o.schedule, defaults::schedule);
    EXPECT_EQ(o.format, defaults::format);
    EXPECT_EQ(o.batch_pairs, defaults::batch_pairs);
    EXPECT_EQ(o.threads, defaults::threads);
    EXPECT_DOUBLE_EQ(o.checkpoint_interval, defaults::checkpoint_interval_seconds);
    const app::Options plain;
    EXPECT_EQ(plain.schedule, defaults::schedule);
    EXPECT_EQ(plain.batch_pairs, defaults::batch_pairs);
    const RunReport report;
    EXPECT_EQ(report.schedule, "balanced") << "the report's default schedule is the command line's";
    EXPECT_EQ(report.threads, defaults::threads);
}

TEST(Defaults, LiveWithinTheLimits) {
    EXPECT_LE(defaults::batch_pairs, limits::max_batch_pairs);
    EXPECT_LE(defaults::threads, limits::max_threads);
    EXPECT_GE(defaults::checkpoint_interval_seconds, limits::min_checkpoint_interval_seconds);
    EXPECT_LE(defaults::checkpoint_interval_seconds, limits::max_checkpoint_interval_seconds);
    EXPECT_GE(defaults::log_progress_seconds, limits::min_progress_interval_seconds);
    EXPECT_LE(defaults::log_progress_seconds, limits::max_progress_interval_seconds);
    // MPI counts are int: a whole batch fits in one.
    EXPECT_LE(limits::max_batch_pairs, static_cast<std::size_t>(INT32_MAX));
}

TEST(Defaults, LimitsAreEnforcedAtTheirEdges) {
    auto accepted = [](std::vector<std::string> args) { return app::parse_command_line(args, 8).options.has_value(); };
    EXPECT_TRUE(accepted({"--batch-size", std::to_string(limits::max_batch_pairs), "in"}));
    EXPECT_FALSE(accepted({"--batch-size", std::to_string(limits::max_batch_pairs + 1), "in"}));
    EXPECT_TRUE(accepted({"--threads", "4096", "in"}));
    EXPECT_FALSE(accepted({"--threads", "4097", "in"}));
    EXPECT_TRUE(accepted({"--progress-interval", "0.05", "in"}));
    EXPECT_FALSE(accepted({"--progress-interval", "0.04", "in"}));
    EXPECT_TRUE(accepted({"--progress-interval", "86400", "in"}));
    EXPECT_FALSE(accepted({"--progress-interval", "86401", "in"}));
    EXPECT_TRUE(accepted({"-c", "ck", "--checkpoint-interval", "0.001", "in"}));
    EXPECT_FALSE(accepted({"-c", "ck", "--checkpoint-interval", "0.0009", "in"}));
    EXPECT_TRUE(accepted({"-c", "ck", "--checkpoint-interval", "10000000", "in"}));
    EXPECT_FALSE(accepted({"-c", "ck", "--checkpoint-interval", "10000001", "in"}));
    const auto message = app::parse_command_line({"-c", "ck", "--checkpoint-interval", "1e9", "in"}, 8).message;
    EXPECT_NE(message.find("between 0.001 and 10000000 seconds"), std::string::npos) << message;
}

}  // namespace
}  // namespace gcd_mpi
