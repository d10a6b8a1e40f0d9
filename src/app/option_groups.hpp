#pragma once
// The command line's options as Boost.Program_options descriptions, one per
// --help section, bound to the raw values parse_command_line checks. Private
// to src/app (options.cpp parses with them, help.cpp prints them).

#include <boost/program_options.hpp>

#include <string>

#include "gcd_mpi/app/options.hpp"

namespace gcd_mpi::app::detail {

/// What Boost writes into, before parse_command_line checks it: names as
/// typed, numbers wide enough to reject negatives with a message.
struct RawOptions {
    std::string kernel{kernel_name(defaults::kernel)};
    std::string format{format_name(defaults::format)};
    std::string schedule{schedule_name(defaults::schedule)};
    std::string io{io_path_name(defaults::io_path)};
    long long threads = defaults::threads;
    long long batch_pairs = static_cast<long long>(defaults::batch_pairs);
    Options options;
};

/// One description per --help section, captioned with the section's heading.
struct OptionGroups {
    static constexpr const char* headings[] = {"INPUT", "OUTPUT", "SCHEDULING AND PARALLELISM", "RESILIENCE",
                                               "DIAGNOSTICS"};
    boost::program_options::options_description input{headings[0], 80, 40};
    boost::program_options::options_description output{headings[1], 80, 40};
    boost::program_options::options_description scheduling{headings[2], 80, 40};
    boost::program_options::options_description resilience{headings[3], 80, 40};
    boost::program_options::options_description diagnostics{headings[4], 80, 40};

    /// Every group, in --help's order (the order of `headings`).
    [[nodiscard]] boost::program_options::options_description all() const;
};

/// Fills `groups` with every visible option, writing into `raw`.
void describe_options(OptionGroups& groups, RawOptions& raw);

/// A number as a user writes it: 0.05, 60, 10000000 (no exponent, no trailing zeros).
[[nodiscard]] std::string plain_number(double v);

/// The --help text: usage, the sections of `groups`, ENVIRONMENT, EXAMPLES,
/// EXIT STATUS; no line longer than 79 columns.
[[nodiscard]] std::string help_text(const OptionGroups& groups);

}  // namespace gcd_mpi::app::detail
