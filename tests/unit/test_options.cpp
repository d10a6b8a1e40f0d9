// Command-line parsing: argv vectors in, options or (exit code, message) out.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/errors.hpp"

namespace {

using gcd_mpi::Kernel;
using gcd_mpi::OutputFormat;
using gcd_mpi::Schedule;
using gcd_mpi::app::Options;
using gcd_mpi::app::parse_command_line;
using gcd_mpi::app::ParsedCommandLine;
using Args = std::vector<std::string>;

static_assert(gcd_mpi::exit_usage == 64);

constexpr unsigned fake_cpus = 6;

// Parses `args`, which must be accepted.
Options accepted(const Args& args) {
    const ParsedCommandLine parsed = parse_command_line(args, fake_cpus);
    EXPECT_TRUE(parsed.options.has_value()) << "rejected: " << parsed.message;
    EXPECT_EQ(parsed.exit_code, 0);
    return parsed.options.value_or(Options{});
}

// Parses `args`, which must be rejected as a usage error mentioning `mentions`.
void expect_usage_error(const Args& args, const std::string& mentions) {
    std::string joined;
    for (const auto& a : args) joined += "[" + a + "] ";
    SCOPED_TRACE(joined);
    const ParsedCommandLine parsed = parse_command_line(args, fake_cpus);
    EXPECT_FALSE(parsed.options.has_value());
    EXPECT_EQ(parsed.exit_code, 64);
    EXPECT_FALSE(parsed.message_to_stdout);
    EXPECT_EQ(parsed.message.rfind("gcd_mpi: ", 0), 0U) << parsed.message;
    EXPECT_NE(parsed.message.find(mentions), std::string::npos) << parsed.message;
}

TEST(Options, DefaultsWithOnlyAnInput) {
    const Options o = accepted({"pairs.txt"});
    EXPECT_EQ(o.input, "pairs.txt");
    EXPECT_EQ(o.kernel, Kernel::trial);
    EXPECT_EQ(o.schedule, Schedule::balanced);
    EXPECT_EQ(o.output, "");
    EXPECT_EQ(o.format, OutputFormat::text);
    EXPECT_EQ(o.report, "");
    EXPECT_FALSE(o.verify);
    EXPECT_FALSE(o.quiet);
    EXPECT_EQ(o.threads, 1U);
    EXPECT_EQ(o.checkpoint, "");
    EXPECT_FALSE(o.progress.has_value()) << "unset: decided by whether stderr is a terminal";
    // The command line's default batch size is the one Options documents.
    EXPECT_EQ(o.batch_pairs, Options{}.batch_pairs);
    EXPECT_GE(o.batch_pairs, 1U);
}

TEST(Options, DashMeansStandardInput) { EXPECT_EQ(accepted({"-"}).input, "-"); }

TEST(Options, KernelLongAndShort) {
    EXPECT_EQ(accepted({"--kernel", "euclid", "in"}).kernel, Kernel::euclid);
    EXPECT_EQ(accepted({"--kernel=binary", "in"}).kernel, Kernel::binary);
    EXPECT_EQ(accepted({"-k", "trial-naive", "in"}).kernel, Kernel::trial_naive);
    EXPECT_EQ(accepted({"in", "-k", "trial"}).kernel, Kernel::trial);
}

TEST(Options, Schedule) {
    EXPECT_EQ(accepted({"--schedule", "block", "in"}).schedule, Schedule::block);
    EXPECT_EQ(accepted({"-s", "balanced", "in"}).schedule, Schedule::balanced);
    EXPECT_EQ(accepted({"--schedule=dynamic", "in"}).schedule, Schedule::dynamic);
}

TEST(Options, Output) {
    EXPECT_EQ(accepted({"--output", "out.txt", "in"}).output, "out.txt");
    EXPECT_EQ(accepted({"-o", "out.txt", "in"}).output, "out.txt");
}

TEST(Options, Format) {
    EXPECT_EQ(accepted({"--format", "csv", "in"}).format, OutputFormat::csv);
    EXPECT_EQ(accepted({"-f", "jsonl", "in"}).format, OutputFormat::jsonl);
    EXPECT_EQ(accepted({"--format=text", "in"}).format, OutputFormat::text);
}

TEST(Options, JsonStringsSelectQuotedJsonl) {
    const Options plain = accepted({"-f", "jsonl", "in"});
    EXPECT_FALSE(plain.json_strings);
    EXPECT_EQ(gcd_mpi::app::output_format(plain), OutputFormat::jsonl);
    const Options quoted = accepted({"--json-strings", "-f", "jsonl", "in"});
    EXPECT_TRUE(quoted.json_strings);
    EXPECT_EQ(quoted.format, OutputFormat::jsonl) << "the report still names the --format";
    EXPECT_EQ(gcd_mpi::app::output_format(quoted), OutputFormat::jsonl_strings);
    EXPECT_EQ(gcd_mpi::app::output_format(accepted({"-f", "csv", "in"})), OutputFormat::csv);
}

TEST(Options, JsonStringsWithoutJsonlIsAUsageError) {
    expect_usage_error({"--json-strings", "in"}, "--json-strings needs --format jsonl");
    expect_usage_error({"--json-strings", "-f", "csv", "in"}, "--json-strings needs --format jsonl");
    expect_usage_error({"-f", "text", "--json-strings", "in"}, "--json-strings needs --format jsonl");
}

TEST(Options, Report) {
    EXPECT_EQ(accepted({"--report", "run.json", "in"}).report, "run.json");
    EXPECT_EQ(accepted({"-r", "run.json", "in"}).report, "run.json");
}

TEST(Options, VerifyAndQuiet) {
    const Options o = accepted({"--verify", "--quiet", "in"});
    EXPECT_TRUE(o.verify);
    EXPECT_TRUE(o.quiet);
    EXPECT_TRUE(accepted({"-q", "in"}).quiet);
}

TEST(Options, Threads) {
    EXPECT_EQ(accepted({"--threads", "4", "in"}).threads, 4U);
    EXPECT_EQ(accepted({"-t", "3", "in"}).threads, 3U);
}

TEST(Options, ThreadsZeroMeansUsableCpus) {
    EXPECT_EQ(accepted({"--threads", "0", "in"}).threads, fake_cpus);
    const ParsedCommandLine parsed = parse_command_line({"--threads", "0", "in"}, 13);
    ASSERT_TRUE(parsed.options.has_value()) << parsed.message;
    EXPECT_EQ(parsed.options->threads, 13U);
}

TEST(Options, BatchSize) {
    EXPECT_EQ(accepted({"--batch-size", "1000", "in"}).batch_pairs, 1000U);
    EXPECT_EQ(accepted({"--batch-size=1", "in"}).batch_pairs, 1U);
}

TEST(Options, Checkpoint) {
    EXPECT_EQ(accepted({"--checkpoint", "run.ckpt", "in"}).checkpoint, "run.ckpt");
    EXPECT_EQ(accepted({"-c", "run.ckpt", "in"}).checkpoint, "run.ckpt");
}

TEST(Options, ProgressAndNoProgress) {
    EXPECT_EQ(accepted({"--progress", "in"}).progress, std::optional<bool>(true));
    EXPECT_EQ(accepted({"--no-progress", "in"}).progress, std::optional<bool>(false));
}

TEST(Options, OutputDashMeansStdout) {
    const Options o = accepted({"-o", "-", "in"});
    EXPECT_TRUE(o.output.empty() || o.output == "-") << o.output;
}

TEST(Options, EverythingTogether) {
    const Options o = accepted({"-k", "binary", "-o", "o.csv", "-f", "csv", "-r", "r.json", "--verify", "-q", "-t", "2",
                                "--batch-size", "7", "-"});
    EXPECT_EQ(o.input, "-");
    EXPECT_EQ(o.kernel, Kernel::binary);
    EXPECT_EQ(o.output, "o.csv");
    EXPECT_EQ(o.format, OutputFormat::csv);
    EXPECT_EQ(o.report, "r.json");
    EXPECT_TRUE(o.verify);
    EXPECT_TRUE(o.quiet);
    EXPECT_EQ(o.threads, 2U);
    EXPECT_EQ(o.batch_pairs, 7U);
}

TEST(Options, UnknownFlagIsUsageError) { expect_usage_error({"--frobnicate", "in"}, "frobnicate"); }

TEST(Options, AbbreviatedFlagIsUsageError) { expect_usage_error({"--kern", "euclid", "in"}, "kern"); }

TEST(Options, UnknownKernelIsUsageError) { expect_usage_error({"--kernel", "quantum", "in"}, "quantum"); }

TEST(Options, UnknownScheduleIsUsageError) { expect_usage_error({"--schedule", "random", "in"}, "random"); }

TEST(Options, UnknownFormatIsUsageError) { expect_usage_error({"--format", "xml", "in"}, "xml"); }

TEST(Options, MissingInputIsUsageError) {
    expect_usage_error({}, "INPUT");
    expect_usage_error({"--kernel", "euclid"}, "INPUT");
}

TEST(Options, TwoInputsAreUsageError) { expect_usage_error({"a.txt", "b.txt"}, "INPUT"); }

TEST(Options, NegativeThreadsIsUsageError) {
    expect_usage_error({"--threads=-1", "in"}, "threads");
    const ParsedCommandLine parsed = parse_command_line({"--threads", "-1", "in"}, fake_cpus);
    EXPECT_FALSE(parsed.options.has_value());
    EXPECT_EQ(parsed.exit_code, 64);
    EXPECT_EQ(parsed.message.rfind("gcd_mpi: ", 0), 0U) << parsed.message;
}

TEST(Options, NonNumericThreadsIsUsageError) { expect_usage_error({"--threads", "many", "in"}, "many"); }

TEST(Options, BatchSizeZeroIsUsageError) { expect_usage_error({"--batch-size", "0", "in"}, "batch-size"); }

TEST(Options, MissingFlagValueIsUsageError) { expect_usage_error({"in", "--kernel"}, "kernel"); }

// Whether two names are one file is decided at run time by file identity
// (core/file_identity, tests FileIdentityTest/FindClash and e2e
// path-clashes), not by comparing strings here: `-o ./in in` must be caught
// too, which a string compare cannot do.
TEST(Options, SameFileChecksAreLeftToFileIdentity) {
    EXPECT_EQ(accepted({"-o", "in", "in"}).output, "in");
    EXPECT_EQ(accepted({"-c", "in", "in"}).checkpoint, "in");
}

TEST(Options, OutputDashWithStandardInputIsAccepted) {
    // "-o -" is stdout and the input "-" is stdin: different streams, so the
    // "--output must not be the input file" check must not apply.
    const Options o = accepted({"-o", "-", "-"});
    EXPECT_EQ(o.input, "-");
}

TEST(Options, ProgressAndNoProgressTogetherIsUsageError) {
    expect_usage_error({"--progress", "--no-progress", "in"}, "progress");
}

TEST(Options, CheckpointWithStandardInputIsUsageError) { expect_usage_error({"-c", "run.ckpt", "-"}, "checkpoint"); }

TEST(Options, RepeatedSwitchesAreIdempotent) {
    const Options o = accepted({"-q", "-q", "--verify", "--verify", "--progress", "--progress", "in"});
    EXPECT_TRUE(o.quiet);
    EXPECT_TRUE(o.verify);
    EXPECT_EQ(o.progress, true);
    EXPECT_EQ(accepted({"-k", "euclid", "--kernel=euclid", "in"}).kernel, Kernel::euclid);
}

TEST(Options, ValuedFlagTwiceWithDifferentValuesIsUsageErrorNamingIt) {
    expect_usage_error({"-k", "euclid", "-k", "binary", "in"}, "--kernel given twice");
    expect_usage_error({"-o", "a", "--output", "b", "in"}, "--output");
    expect_usage_error({"-t", "2", "-t", "3", "in"}, "--threads");
}

TEST(Options, EmptyFileNamesAreUsageErrors) {
    expect_usage_error({"-o", "", "in"}, "--output must not be empty; use - for stdout");
    expect_usage_error({"-r", "", "in"}, "--report must not be empty");
    expect_usage_error({"-c", "", "in"}, "--checkpoint must not be empty");
    expect_usage_error({"-c", "-", "in"}, "--checkpoint");
}

TEST(Options, ArgumentsAreNeverAltered) {
    // The old '%' workaround turned every 0x1A byte into '%'.
    const Options o = accepted({"-o", "o\x1Au%t", "-r", "r%\x1A", "-c", "%c%", "x\x1Ay.txt"});
    EXPECT_EQ(o.input, "x\x1Ay.txt");
    EXPECT_EQ(o.output, "o\x1Au%t");
    EXPECT_EQ(o.report, "r%\x1A");
    EXPECT_EQ(o.checkpoint, "%c%");
    EXPECT_EQ(accepted({"a%b.txt"}).input, "a%b.txt");
    expect_usage_error({"--frob\x1A%x", "in"}, "--frob\x1A%x");
}

TEST(Options, HelpStatesTheLineLimitAndTheEnvironment) {
    const ParsedCommandLine parsed = parse_command_line({"--help"}, fake_cpus);
    EXPECT_NE(parsed.message.find("1 MiB"), std::string::npos) << parsed.message;
    EXPECT_NE(parsed.message.find("GCD_MPI_TEST_FAIL_RANK"), std::string::npos) << parsed.message;
    EXPECT_NE(parsed.message.find("GCD_MPI_TRIAL_PATH"), std::string::npos) << parsed.message;
}

TEST(Options, HelpExitsZeroToStdout) {
    for (const Args& args : {Args{"--help"}, Args{"-h"}, Args{"--help", "in"}}) {
        const ParsedCommandLine parsed = parse_command_line(args, fake_cpus);
        EXPECT_FALSE(parsed.options.has_value()) << args[0];
        EXPECT_EQ(parsed.exit_code, 0);
        EXPECT_TRUE(parsed.message_to_stdout);
        EXPECT_NE(parsed.message.find("Usage"), std::string::npos) << parsed.message;
        EXPECT_NE(parsed.message.find("--kernel"), std::string::npos) << parsed.message;
    }
}

TEST(Options, VersionAndShortVExitZeroToStdout) {
    for (const Args& args : {Args{"--version"}, Args{"-V"}, Args{"-V", "in"}}) {
        const ParsedCommandLine parsed = parse_command_line(args, fake_cpus);
        EXPECT_FALSE(parsed.options.has_value()) << args[0];
        EXPECT_EQ(parsed.exit_code, 0);
        EXPECT_TRUE(parsed.message_to_stdout);
        EXPECT_TRUE(parsed.version_requested) << "the caller prints the version with the MPI library's";
    }
    EXPECT_FALSE(parse_command_line({"in"}, fake_cpus).version_requested);
    EXPECT_NE(std::string(gcd_mpi::app::version_string()), "");
}

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t count = 0;
    for (std::size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + word.size())) ++count;
    return count;
}

TEST(Options, HelpNamesEachKernelOnceAndEveryTrialPath) {
    const std::string help = parse_command_line({"--help"}, fake_cpus).message;
    // Boost wraps the help text at word boundaries, so names stay whole.
    EXPECT_EQ(occurrences(help, "trial-naive"), 1U) << help;
    EXPECT_EQ(occurrences(help, "euclid"), 1U) << help;
    EXPECT_EQ(occurrences(help, "binary"), 1U) << help;
    EXPECT_NE(help.find("GCD_MPI_TRIAL_PATH=auto|scalar|sse2|avx2|avx2-64|avx512|avx512-64"), std::string::npos)
        << help;
    // Too long for one 80-column line: broken after a '|', continued indented by four.
    EXPECT_NE(
        help.find("GCD_MPI_EXACT_PATH=auto|scalar|interleaved|interleaved-bmi2|avx2|avx512|\n    avx512-popcnt\n"),
        std::string::npos)
        << help;
    EXPECT_NE(help.find("output format: text, csv, jsonl"), std::string::npos) << help;
    // jsonl's trade-off is stated where the format is chosen (issue 15).
    EXPECT_NE(help.find("2^53"), std::string::npos) << help;
    EXPECT_NE(help.find("cost-aware"), std::string::npos) << help;  // the schedules, from their table
}

TEST(Options, UnknownNamesListTheChoices) {
    expect_usage_error({"--schedule", "static", "in"}, "(choose from: block, balanced, dynamic)");
    expect_usage_error({"--format", "xml", "in"}, "(choose from: text, csv, jsonl)");
    expect_usage_error({"--kernel", "stein", "in"}, "(choose from: trial, trial-naive, euclid, binary)");
    expect_usage_error({"--io", "mpiio", "in"}, "(choose from: root, parallel)");
}

TEST(Options, MistypedNamesSuggestTheMeantOne) {
    expect_usage_error({"--kernel", "eucild", "in"}, "unknown kernel 'eucild' (did you mean 'euclid'?)");
    expect_usage_error({"--format", "tsv", "in"}, "unknown format 'tsv' (did you mean 'csv'?)");
    expect_usage_error({"-s", "dynamc", "in"}, "unknown schedule 'dynamc' (did you mean 'dynamic'?)");
    expect_usage_error({"--io=paralel", "in"}, "unknown --io 'paralel' (did you mean 'parallel'?)");
}

TEST(Options, MistypedFlagSuggestsTheMeantOne) {
    expect_usage_error({"--kernal", "euclid", "in"}, "unrecognised option '--kernal' (did you mean --kernel?)");
    expect_usage_error({"--kernal=euclid", "in"}, "(did you mean --kernel?)");
    expect_usage_error({"--ouptut", "o", "in"}, "(did you mean --output?)");
    expect_usage_error({"--sched", "block", "in"}, "(did you mean --schedule?)");
    const ParsedCommandLine far = parse_command_line({"--frobnicate", "in"}, fake_cpus);
    EXPECT_EQ(far.message.find("did you mean"), std::string::npos) << far.message;
    EXPECT_NE(far.message.find("Try 'gcd_mpi --help'"), std::string::npos) << far.message;
}

}  // namespace

// Found by fuzzing: Boost.Program_options' message formatting looped forever
// on arguments containing its own placeholders. Each of these must return.
TEST(Options, ArgumentsWithBoostPlaceholdersDoNotHang) {
    for (const char* bad : {"-%original_token%", "--%canonical_option%", "-t%value%", "--kernel=%prefix%", "--%option%",
                            "-%prefix%x", "--threads=%original_token%"}) {
        const auto parsed = gcd_mpi::app::parse_command_line({bad, "pairs.txt"}, 2);
        EXPECT_FALSE(parsed.options.has_value()) << bad;
        EXPECT_EQ(parsed.exit_code, gcd_mpi::exit_usage) << bad;
        EXPECT_NE(parsed.message.find('%'), std::string::npos) << "message shows the argument as given: " << bad;
    }
    const auto ok = gcd_mpi::app::parse_command_line({"--output", "100%.txt", "in%put.txt"}, 2);
    ASSERT_TRUE(ok.options.has_value());
    EXPECT_EQ(ok.options->output, "100%.txt");
    EXPECT_EQ(ok.options->input, "in%put.txt");
}
