#include "gcd_mpi/app/options.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/exact_paths.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/suggest.hpp"
#include "gcd_mpi/core/trial_paths.hpp"
#include "option_groups.hpp"

namespace gcd_mpi::app {

namespace po = boost::program_options;

#ifndef GCD_MPI_VERSION
#define GCD_MPI_VERSION "0.0.0"
#endif

const char* version_string() noexcept { return GCD_MPI_VERSION; }

namespace {

constexpr std::size_t max_batch_pairs = limits::max_batch_pairs;

ParsedCommandLine usage_error(const std::string& what) {
    ParsedCommandLine out;
    out.exit_code = exit_usage;
    out.message = "gcd_mpi: " + what + "\nTry 'gcd_mpi --help' for more information.\n";
    return out;
}

// "unknown kernel 'eucild' (did you mean 'euclid'?)", or the choices when
// no name is that close.
template <class Enum, std::size_t N>
std::string unknown_name(const std::string& what, const std::string& typed,
                         const std::array<NameEntry<Enum>, N>& table) {
    std::vector<std::string> names;
    names.reserve(N);
    for (const auto& entry : table) names.emplace_back(entry.name);
    const auto meant = closest_name(typed, names);
    return "unknown " + what + " '" + typed + "' (" +
           (meant ? "did you mean '" + *meant + "'?" : "choose from: " + joined_names(table)) + ")";
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

std::vector<std::string> long_option_names() {
    detail::OptionGroups groups;
    detail::RawOptions raw;
    detail::describe_options(groups, raw);
    const po::options_description all = groups.all();
    std::vector<std::string> names;
    for (const auto& option : all.options()) names.push_back(option->long_name());
    return names;
}

ParsedCommandLine parse_command_line(const std::vector<std::string>& args, unsigned usable_cpus) {
    detail::RawOptions raw;
    detail::OptionGroups groups;
    detail::describe_options(groups, raw);
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<std::string>>(), "input");
    po::options_description all = groups.all();
    all.add(hidden);
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
    } catch (po::unknown_option& e) {
        // Boost says "unrecognised option '--kernal'"; say which was meant.
        std::string typed = e.get_option_name();
        typed = typed.substr(0, typed.find('='));
        std::string message = boost_message(e);
        if (typed.rfind("--", 0) == 0) {
            if (const auto meant = closest_name(typed.substr(2), long_option_names())) {
                message += " (did you mean --" + *meant + "?)";
            }
        }
        return usage_error(message);
    } catch (po::error& e) {
        return usage_error(boost_message(e));
    }

    if (vm.count("help") != 0) {
        ParsedCommandLine out;
        out.message = detail::help_text(groups);
        out.message_to_stdout = true;
        return out;
    }
    if (vm.count("version") != 0) {
        ParsedCommandLine out;
        out.version_requested = true;
        out.message_to_stdout = true;
        return out;
    }

    Options& options = raw.options;
    const std::string& kernel = raw.kernel;
    const std::string& schedule = raw.schedule;
    const std::string& io = raw.io;
    const std::string& format = raw.format;
    const long long threads = raw.threads;
    const long long batch_pairs = raw.batch_pairs;
    const auto inputs =
        vm.count("input") != 0 ? vm["input"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (inputs.empty()) return usage_error("missing INPUT (a file of pairs, or - for stdin)");
    if (inputs.size() > 1) return usage_error("expected one INPUT, got " + std::to_string(inputs.size()));
    options.input = inputs.front();
    if (options.input.empty()) return usage_error("INPUT must not be an empty string (use - for stdin)");

    const auto k = kernel_from_name(kernel);
    if (!k) return usage_error(unknown_name("kernel", kernel, kernel_table));
    options.kernel = *k;
    if (vm.count("progress") != 0 && vm.count("no-progress") != 0) {
        return usage_error("--progress and --no-progress contradict each other");
    }
    if (vm.count("progress") != 0) options.progress = true;
    if (vm.count("no-progress") != 0) options.progress = false;
    if (vm.count("progress-interval") != 0) {
        const double interval = vm["progress-interval"].as<double>();
        if (!(interval >= limits::min_progress_interval_seconds && interval <= limits::max_progress_interval_seconds)) {
            return usage_error("--progress-interval must be between " +
                               detail::plain_number(limits::min_progress_interval_seconds) + " and " +
                               detail::plain_number(limits::max_progress_interval_seconds) + " seconds");
        }
        options.progress_interval = interval;
    }
    const auto s = schedule_from_name(schedule);
    if (!s) return usage_error(unknown_name("schedule", schedule, schedule_table));
    options.schedule = *s;
    const auto path = io_path_from_name(io);
    if (!path) return usage_error(unknown_name("--io", io, io_path_table));
    options.io = *path;
    const auto f = format_from_name(format);
    if (!f) return usage_error(unknown_name("format", format, format_table));
    options.format = *f;
    if (options.json_strings && options.format != OutputFormat::jsonl) {
        return usage_error("--json-strings needs --format jsonl (text and csv values are never quoted)");
    }
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
    if (vm.count("trace") != 0 && options.trace.empty()) {
        return usage_error("--trace must not be empty (leave it out for no trace)");
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
        return usage_error("--checkpoint-interval must be between " +
                           detail::plain_number(limits::min_checkpoint_interval_seconds) + " and " +
                           detail::plain_number(limits::max_checkpoint_interval_seconds) + " seconds");
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
