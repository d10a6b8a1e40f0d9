#include "gcd_mpi/app/options.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

namespace gcd_mpi::app {

namespace po = boost::program_options;

#ifndef GCD_MPI_VERSION
#define GCD_MPI_VERSION "0.0.0"
#endif

const char* version_string() noexcept { return GCD_MPI_VERSION; }

namespace {

constexpr std::size_t max_batch_pairs = limits::max_batch_pairs;

// A number as a user writes it: 0.05, 60, 10000000 (no exponent, no trailing zeros).
std::string plain(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s = buf;
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
}

ParsedCommandLine usage_error(const std::string& what) {
    ParsedCommandLine out;
    out.exit_code = exit_usage;
    out.message = "gcd_mpi: " + what + "\nTry 'gcd_mpi --help' for more information.\n";
    return out;
}

// Boost.Program_options builds its messages by replacing placeholders such as
// "%original_token%" in a loop that searches again from the beginning after
// each replacement; a value containing its own placeholder makes that loop
// endless (found by fuzzing: `gcd_mpi -%original_token% x` hung). Arguments
// reach Boost unaltered; only the values substituted into an error message
// have their '%' replaced by a marker without '%' just before Boost formats
// it, and the marker is turned back into '%' in the finished message.
constexpr const char* percent_marker = "\x1A\x1Agcd_mpi-percent\x1A\x1A";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
        s.replace(pos, from.size(), to);
    }
    return s;
}

// Reads an error's substitutions (a protected member) to mask them.
struct SubstitutionAccess : po::error_with_option_name {
    static std::map<std::string, std::string> of(const po::error_with_option_name& e) {
        return e.*(&SubstitutionAccess::m_substitutions);
    }
};

std::string boost_message(po::error& e) {
    if (auto* named = dynamic_cast<po::error_with_option_name*>(&e)) {
        for (const auto& [key, value] : SubstitutionAccess::of(*named)) {
            if (value.find('%') != std::string::npos) {
                named->set_substitute(key, replace_all(value, "%", percent_marker));
            }
        }
    }
    return replace_all(e.what(), percent_marker, "%");
}

// A flag given twice: a switch (`-q -q`) is idempotent and counts once; a
// valued option given twice with the same value too; with different values
// it is a usage error naming the flag. Returns the message, or "".
std::string drop_repeated_flags(po::parsed_options& parsed) {
    std::vector<po::option> kept;
    for (auto& opt : parsed.options) {
        if (opt.position_key >= 0 || opt.unregistered) {  // positionals: counted later
            kept.push_back(std::move(opt));
            continue;
        }
        auto earlier = std::find_if(kept.begin(), kept.end(), [&](const po::option& k) {
            return k.position_key < 0 && k.string_key == opt.string_key;
        });
        if (earlier == kept.end()) {
            kept.push_back(std::move(opt));
        } else if (earlier->value != opt.value) {
            const auto shown = [](const std::vector<std::string>& v) { return v.empty() ? std::string() : v.front(); };
            return "--" + opt.string_key + " given twice with different values ('" + shown(earlier->value) + "' and '" +
                   shown(opt.value) + "')";
        }
    }
    parsed.options = std::move(kept);
    return "";
}

}  // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& args, unsigned usable_cpus) {
    std::string kernel(kernel_name(defaults::kernel));
    std::string format(format_name(defaults::format));
    std::string schedule(schedule_name(defaults::schedule));
    std::string io(io_path_name(defaults::io_path));
    long long threads = defaults::threads;
    auto batch_pairs = static_cast<long long>(defaults::batch_pairs);
    Options options;

    po::options_description visible(
        "Usage: gcd_mpi [OPTIONS] INPUT\n"
        "       mpirun -np N gcd_mpi [OPTIONS] INPUT\n\n"
        "Computes gcd(a, b) for every pair in INPUT (a path, or - for stdin) and prints\n"
        "\"a b gcd\" per pair in input order. Under mpirun/srun the pairs are spread\n"
        "over the ranks; without a launcher it runs serially without MPI.\n\n"
        "Options");
    visible.add_options()("kernel,k", po::value(&kernel)->default_value(kernel),
                          ("gcd kernel: " + described_names(kernel_table)).c_str())(
        "schedule,s", po::value(&schedule)->default_value(schedule),
        ("how pairs are spread over ranks: " + described_names(schedule_table)).c_str())(
        "io", po::value(&io)->default_value(io),
        ("who reads and writes (needs a launcher; alone, root): " + described_names(io_path_table)).c_str())(
        "output,o", po::value(&options.output),
        "write results to FILE (appears only when the whole run succeeded) instead of stdout (-)")(
        "format,f", po::value(&format)->default_value(format), ("output format: " + format_choices()).c_str())(
        "report,r", po::value(&options.report), "write a JSON report (timings, per-rank work) to FILE")(
        "checkpoint,c", po::value(&options.checkpoint),
        "record finished results in FILE as the run goes; rerun with the same FILE to resume")(
        "checkpoint-interval", po::value(&options.checkpoint_interval)->default_value(options.checkpoint_interval),
        "with --checkpoint: seconds of work (whole job) between checkpoint records, i.e. at most "
        "about this much work is redone after a stop; the trial kernels' batches are cut to it")(
        "verify", po::bool_switch(&options.verify), "re-check every result with an independent kernel")(
        "threads,t", po::value(&threads)->default_value(threads), "threads per rank; 0 = all CPUs the rank may use")(
        "batch-size", po::value(&batch_pairs)->default_value(batch_pairs),
        "pairs read and distributed per batch (bounds memory)")(
        "io-only", po::bool_switch(&options.io_only),
        "benchmark aid: read, distribute and write without computing (gcd column is 0)")(
        "quiet,q", po::bool_switch(&options.quiet), "no summary line or cost note on stderr")(
        "progress", "live progress on stderr (default when stderr is a terminal)")("no-progress", "no live progress")(
        "progress-interval", po::value<double>(),
        ("seconds between progress lines (default " + plain(defaults::log_progress_seconds) +
         " when stderr is not a terminal, a live line on a terminal); implies --progress")
            .c_str())("help,h", "show this help and exit")("version", "show the version and exit");
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<std::string>>(), "input");
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    try {
        po::parsed_options parsed =
            po::command_line_parser(args)
                .options(all)
                .positional(positional)
                .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                .run();
        if (const std::string repeated = drop_repeated_flags(parsed); !repeated.empty()) {
            return usage_error(repeated);
        }
        po::store(parsed, vm);
        po::notify(vm);
    } catch (po::error& e) {
        return usage_error(boost_message(e));
    }

    if (vm.count("help") != 0) {
        std::ostringstream text;
        text << visible << "\n"
             << "Input: one pair per line, two integers (|value| < 2^64) separated by whitespace\n"
             << "and/or one comma; \"(a, b),\" also works. Blank lines and # comments are skipped.\n"
             << "A line may hold at most " << (max_line_bytes >> 20) << " MiB (" << max_line_bytes
             << " bytes); a longer one is bad data.\n\n"
             << "Exit codes: 0 ok, 64 usage, 65 bad data, 66 cannot read input, 70 internal\n"
             << "failure or --verify mismatch, 73 cannot create output, 74 I/O error,\n"
             << "75 stopped by SIGTERM/SIGINT/SIGUSR1 (rerun with the same --checkpoint to resume).\n"
             << "Under mpirun/srun use -o FILE: stdout goes through the launcher, which exits 0 when it\n"
             << "cannot write it; stop mpirun with SIGUSR1 for 75 (SIGTERM/Ctrl-C make it exit 1).\n\n"
             << "Environment:\n"
             << "  " << trial_path_env_var << "=" << trial_path_choices("|") << "  force the trial kernel's code path\n"
             << "  " << exact_path_env_var << "=" << exact_path_choices("|") << "  force the Stein kernel's code path\n"
             << "  GCD_MPI_IO_HINTS=key=value,...  MPI-IO hints for --io parallel (e.g. striping_factor=8)\n"
             << "  GCD_MPI_TEST_FAIL_RANK=R  test facility: rank R fails on purpose (exit 70)\n";
        ParsedCommandLine out;
        out.message = text.str();
        out.message_to_stdout = true;
        return out;
    }
    if (vm.count("version") != 0) {
        ParsedCommandLine out;
        out.message = std::string("gcd_mpi ") + version_string() + "\n";
        out.message_to_stdout = true;
        return out;
    }

    const auto inputs =
        vm.count("input") != 0 ? vm["input"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (inputs.empty()) return usage_error("missing INPUT (a file of pairs, or - for stdin)");
    if (inputs.size() > 1) return usage_error("expected one INPUT, got " + std::to_string(inputs.size()));
    options.input = inputs.front();
    if (options.input.empty()) return usage_error("INPUT must not be an empty string (use - for stdin)");

    const auto k = kernel_from_name(kernel);
    if (!k) return usage_error("unknown kernel '" + kernel + "' (choose from: " + kernel_choices() + ")");
    options.kernel = *k;
    if (vm.count("progress") != 0 && vm.count("no-progress") != 0) {
        return usage_error("--progress and --no-progress contradict each other");
    }
    if (vm.count("progress") != 0) options.progress = true;
    if (vm.count("no-progress") != 0) options.progress = false;
    if (vm.count("progress-interval") != 0) {
        const double interval = vm["progress-interval"].as<double>();
        if (!(interval >= limits::min_progress_interval_seconds && interval <= limits::max_progress_interval_seconds)) {
            return usage_error("--progress-interval must be between " + plain(limits::min_progress_interval_seconds) +
                               " and " + plain(limits::max_progress_interval_seconds) + " seconds");
        }
        options.progress_interval = interval;
    }
    const auto s = schedule_from_name(schedule);
    if (!s) return usage_error("unknown schedule '" + schedule + "' (choose from: " + schedule_choices() + ")");
    options.schedule = *s;
    const auto path = io_path_from_name(io);
    if (!path) return usage_error("unknown --io '" + io + "' (choose from: " + io_path_choices() + ")");
    options.io = *path;
    const auto f = format_from_name(format);
    if (!f) return usage_error("unknown format '" + format + "' (choose from: " + format_choices() + ")");
    options.format = *f;
    if (threads < 0 || threads > limits::max_threads) {
        return usage_error("--threads must be between 0 and " + std::to_string(limits::max_threads) + ", got " +
                           std::to_string(threads));
    }
    options.threads = threads == 0 ? usable_cpus : static_cast<unsigned>(threads);
    if (batch_pairs < 1 || static_cast<unsigned long long>(batch_pairs) > max_batch_pairs) {
        return usage_error("--batch-size must be between 1 and " + std::to_string(max_batch_pairs) + ", got " +
                           std::to_string(batch_pairs));
    }
    options.batch_pairs = static_cast<std::size_t>(batch_pairs);
    // An empty name is a slip (an unset shell variable), not a request for
    // stdout or for no file: say so instead of guessing.
    if (vm.count("output") != 0 && options.output.empty()) {
        return usage_error("--output must not be empty; use - for stdout");
    }
    if (vm.count("report") != 0 && options.report.empty()) {
        return usage_error("--report must not be empty (leave it out for no report)");
    }
    if (vm.count("checkpoint") != 0 && options.checkpoint.empty()) {
        return usage_error("--checkpoint must not be empty (leave it out for no checkpoint)");
    }
    if (options.output == "-") options.output.clear();  // "-" means stdout
    if (options.checkpoint == "-") {
        return usage_error("--checkpoint needs a file name, not - (a checkpoint is read back on resume)");
    }
    if (options.io == IoPath::parallel && !options.checkpoint.empty()) {
        // Resuming needs one reader that can prove where the input stopped;
        // the parallel path's ranks read at once.
        return usage_error("--checkpoint works with --io root only (a resume replays the input in order)");
    }
    if (options.io_only && (options.verify || !options.checkpoint.empty())) {
        return usage_error("--io-only computes nothing, so it cannot be combined with --verify or --checkpoint");
    }
    if (!(options.checkpoint_interval >= limits::min_checkpoint_interval_seconds &&
          options.checkpoint_interval <= limits::max_checkpoint_interval_seconds)) {
        return usage_error("--checkpoint-interval must be between " + plain(limits::min_checkpoint_interval_seconds) +
                           " and " + plain(limits::max_checkpoint_interval_seconds) + " seconds");
    }
    if (vm.count("checkpoint-interval") != 0 && !vm["checkpoint-interval"].defaulted() && options.checkpoint.empty()) {
        return usage_error("--checkpoint-interval needs --checkpoint FILE");
    }
    if (!options.checkpoint.empty() && options.input == "-") {
        return usage_error("--checkpoint needs a regular input file, not stdin (a rerun must read the same input)");
    }
    // Whether --output, --report, --checkpoint and INPUT name one file is
    // decided by file identity at run time (core/file_identity.hpp): `./a`
    // and `a`, symlinks and hard links are one file, which strings cannot tell.
    ParsedCommandLine out;
    out.options = options;
    return out;
}

}  // namespace gcd_mpi::app
