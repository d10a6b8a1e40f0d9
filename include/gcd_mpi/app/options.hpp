#pragma once
/// Command-line options. Pure: argv in, options or a message out, so every
/// rank parses the same argv to the same result and exits the same way.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/schedule.hpp"

namespace gcd_mpi::app {

struct Options {
    std::string input;  ///< path, or "-" for stdin
    Kernel kernel = defaults::kernel;
    Schedule schedule = defaults::schedule;
    IoPath io = defaults::io_path;           ///< who reads and writes
    std::string output;                      ///< "" = stdout
    OutputFormat format = defaults::format;  ///< the --format name (text, csv, jsonl)
    bool json_strings = false;               ///< --json-strings: jsonl values as JSON strings
    std::string report;                      ///< "" = no report
    std::string checkpoint;                  ///< "" = no checkpoint
    std::string trace;  ///< "" = no trace; else the Chrome trace-event JSON timeline's file ("-": stdout)
    double checkpoint_interval =
        defaults::checkpoint_interval_seconds;  ///< with a checkpoint: seconds of work (whole job) per batch
    bool verify = false;
    bool io_only = false;
    bool quiet = false;
    std::optional<bool> progress;  ///< unset: on when stderr is a terminal (or an interval is given)
    std::optional<double>
        progress_interval;  ///< seconds between progress lines; unset: defaults::terminal_progress_seconds on a
                            ///< terminal, defaults::log_progress_seconds otherwise
    unsigned threads = defaults::threads;  ///< resolved: 0 on the command line = all usable CPUs
    std::size_t batch_pairs = defaults::batch_pairs;
    std::vector<std::string> command_line;  ///< argv as given, the program first (main fills it in; the report)
};

/// What parsing decided: run with `options`, or stop with `exit_code`
/// after printing `message` (to stdout for --help/--version, else stderr).
struct ParsedCommandLine {
    std::optional<Options> options;
    int exit_code = 0;
    std::string message;
    bool message_to_stdout = false;
    /// --version: `message` is empty; the caller prints version_text() of
    /// this_build() (app/version.hpp, app/startup.hpp), which needs the MPI library.
    bool version_requested = false;
};

/// The format results are written in: `format`, or jsonl_strings for
/// --format jsonl --json-strings (parsing refuses --json-strings otherwise).
[[nodiscard]] constexpr OutputFormat output_format(const Options& o) noexcept {
    return o.format == OutputFormat::jsonl && o.json_strings ? OutputFormat::jsonl_strings : o.format;
}

[[nodiscard]] ParsedCommandLine parse_command_line(const std::vector<std::string>& args, unsigned usable_cpus);

/// Every long option's name ("kernel", "output", ...), in --help's order.
[[nodiscard]] std::vector<std::string> long_option_names();

/// The version string printed by --version and recorded in reports.
[[nodiscard]] const char* version_string() noexcept;

}  // namespace gcd_mpi::app
