#include "gcd_mpi/app/options.hpp"

#include <boost/program_options.hpp>
#include <sstream>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi::app {

namespace po = boost::program_options;

#ifndef GCD_MPI_VERSION
#define GCD_MPI_VERSION "0.0.0"
#endif

const char* version_string() noexcept { return GCD_MPI_VERSION; }

namespace {

constexpr std::size_t max_batch_pairs = std::size_t{1} << 26;  // 1 GiB of wire pairs; MPI counts are int

std::string kernel_list() {
    std::string names;
    for (Kernel k : all_kernels()) {
        if (!names.empty()) names += ", ";
        names += kernel_name(k);
    }
    return names;
}

ParsedCommandLine usage_error(const std::string& what) {
    ParsedCommandLine out;
    out.exit_code = exit_usage;
    out.message = "gcd_mpi: " + what + "\nTry 'gcd_mpi --help' for more information.\n";
    return out;
}

// Boost.Program_options builds its messages by replacing placeholders such as
// "%original_token%" in a loop; an argument containing one makes that loop
// endless (found by fuzzing: `gcd_mpi -%original_token% x` hung). So '%'
// never reaches Boost: it travels as a control byte and is restored after.
constexpr char percent_stand_in = '\x1A';

std::string hide_percent(std::string s) {
    for (char& c : s) {
        if (c == '%') c = percent_stand_in;
    }
    return s;
}

std::string restore_percent(std::string s) {
    for (char& c : s) {
        if (c == percent_stand_in) c = '%';
    }
    return s;
}

ParsedCommandLine parse_command_line_impl(const std::vector<std::string>& args, unsigned usable_cpus);

}  // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& args, unsigned usable_cpus) {
    std::vector<std::string> hidden;
    hidden.reserve(args.size());
    for (const auto& a : args) hidden.push_back(hide_percent(a));
    ParsedCommandLine out = parse_command_line_impl(hidden, usable_cpus);
    out.message = restore_percent(out.message);
    if (out.options) {
        for (std::string* s : {&out.options->input, &out.options->output, &out.options->report,
                               &out.options->checkpoint}) {
            *s = restore_percent(*s);
        }
    }
    return out;
}

namespace {

ParsedCommandLine parse_command_line_impl(const std::vector<std::string>& args, unsigned usable_cpus) {
    std::string kernel = "trial";
    std::string format = "text";
    std::string schedule = "balanced";
    long long threads = 1;
    long long batch_pairs = 1 << 18;
    Options options;

    po::options_description visible(
        "Usage: gcd_mpi [OPTIONS] INPUT\n"
        "       mpirun -np N gcd_mpi [OPTIONS] INPUT\n\n"
        "Computes gcd(a, b) for every pair in INPUT (a path, or - for stdin) and prints\n"
        "\"a b gcd\" per pair in input order. Under mpirun/srun the pairs are spread\n"
        "over the ranks; without a launcher it runs serially without MPI.\n\n"
        "Options");
    visible.add_options()
        ("kernel,k", po::value(&kernel)->default_value(kernel),
         ("gcd kernel: trial (brute force, the workload), trial-naive (brute force, one "
          "division per candidate), euclid, binary. One of: " + kernel_list()).c_str())
        ("schedule,s", po::value(&schedule)->default_value(schedule),
         "how pairs are spread over ranks: block (equal counts), balanced (cost-aware static), "
         "dynamic (chunks on demand from the balanced plan; idle ranks take over a slower rank's pairs)")
        ("output,o", po::value(&options.output), "write results to FILE (appears only when complete) instead of stdout")
        ("format,f", po::value(&format)->default_value(format), "output format: text, csv, jsonl")
        ("report,r", po::value(&options.report), "write a JSON report (timings, per-rank work) to FILE")
        ("checkpoint,c", po::value(&options.checkpoint),
         "record finished results in FILE as the run goes; rerun with the same FILE to resume")
        ("checkpoint-interval", po::value(&options.checkpoint_interval)->default_value(options.checkpoint_interval),
         "with --checkpoint: seconds of work (whole job) between checkpoint records, i.e. at most "
         "about this much work is redone after a stop; the trial kernels' batches are cut to it")
        ("verify", po::bool_switch(&options.verify), "re-check every result with an independent kernel")
        ("threads,t", po::value(&threads)->default_value(threads),
         "threads per rank; 0 = all CPUs the rank may use")
        ("batch-size", po::value(&batch_pairs)->default_value(batch_pairs),
         "pairs read and distributed per batch (bounds memory)")
        ("io-only", po::bool_switch(&options.io_only),
         "benchmark aid: read, distribute and write without computing (gcd column is 0)")
        ("quiet,q", po::bool_switch(&options.quiet), "no summary line or cost note on stderr")
        ("progress", "live progress on stderr (default when stderr is a terminal)")
        ("no-progress", "no live progress")
        ("progress-interval", po::value<double>(),
         "seconds between progress lines (default 10 when stderr is not a terminal, "
         "a live line on a terminal); implies --progress")
        ("help,h", "show this help and exit")
        ("version", "show the version and exit");
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<std::string>>(), "input");
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args)
                      .options(all)
                      .positional(positional)
                      .style(po::command_line_style::default_style &
                             ~po::command_line_style::allow_guessing)
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        return usage_error(e.what());
    }

    if (vm.count("help") != 0) {
        std::ostringstream text;
        text << visible << "\n"
             << "Input: one pair per line, two integers (|value| < 2^64) separated by whitespace\n"
             << "and/or one comma; \"(a, b),\" also works. Blank lines and # comments are skipped.\n\n"
             << "Exit codes: 0 ok, 64 usage, 65 bad data, 66 cannot read input, 70 internal\n"
             << "failure or --verify mismatch, 73 cannot create output, 74 I/O error,\n"
             << "75 stopped by SIGTERM/SIGINT/SIGUSR1 (rerun with the same --checkpoint to resume).\n"
             << "Under mpirun/srun use -o FILE: stdout goes through the launcher, which exits 0 when it\n"
             << "cannot write it; stop mpirun with SIGUSR1 for 75 (SIGTERM/Ctrl-C make it exit 1).\n";
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

    const auto inputs = vm.count("input") != 0 ? vm["input"].as<std::vector<std::string>>()
                                                : std::vector<std::string>{};
    if (inputs.empty()) return usage_error("missing INPUT (a file of pairs, or - for stdin)");
    if (inputs.size() > 1) return usage_error("expected one INPUT, got " + std::to_string(inputs.size()));
    options.input = inputs.front();
    if (options.input.empty()) return usage_error("INPUT must not be an empty string (use - for stdin)");

    const auto k = kernel_from_name(kernel);
    if (!k) return usage_error("unknown kernel '" + kernel + "' (choose from: " + kernel_list() + ")");
    options.kernel = *k;
    if (vm.count("progress") != 0 && vm.count("no-progress") != 0) {
        return usage_error("--progress and --no-progress contradict each other");
    }
    if (vm.count("progress") != 0) options.progress = true;
    if (vm.count("no-progress") != 0) options.progress = false;
    if (vm.count("progress-interval") != 0) {
        const double interval = vm["progress-interval"].as<double>();
        if (!(interval >= 0.05 && interval <= 86400)) {
            return usage_error("--progress-interval must be between 0.05 and 86400 seconds");
        }
        options.progress_interval = interval;
    }
    const auto s = schedule_from_name(schedule);
    if (!s) return usage_error("unknown schedule '" + schedule + "' (choose from: block, balanced, dynamic)");
    options.schedule = *s;
    const auto f = format_from_name(format);
    if (!f) return usage_error("unknown format '" + format + "' (choose from: text, csv, jsonl)");
    options.format = *f;
    if (threads < 0 || threads > 4096) {
        return usage_error("--threads must be between 0 and 4096, got " + std::to_string(threads));
    }
    options.threads = threads == 0 ? usable_cpus : static_cast<unsigned>(threads);
    if (batch_pairs < 1 || static_cast<unsigned long long>(batch_pairs) > max_batch_pairs) {
        return usage_error("--batch-size must be between 1 and " + std::to_string(max_batch_pairs) +
                           ", got " + std::to_string(batch_pairs));
    }
    options.batch_pairs = static_cast<std::size_t>(batch_pairs);
    if (options.output == "-") options.output.clear();  // "-" means stdout
    if (options.io_only && (options.verify || !options.checkpoint.empty())) {
        return usage_error("--io-only computes nothing, so it cannot be combined with --verify or --checkpoint");
    }
    if (!(options.checkpoint_interval >= 0.001 && options.checkpoint_interval <= 1e7)) {
        return usage_error("--checkpoint-interval must be between 0.001 and 10000000 seconds");
    }
    if (vm.count("checkpoint-interval") != 0 && !vm["checkpoint-interval"].defaulted() &&
        options.checkpoint.empty()) {
        return usage_error("--checkpoint-interval needs --checkpoint FILE");
    }
    if (!options.checkpoint.empty() && options.input == "-") {
        return usage_error("--checkpoint needs a regular input file, not stdin (a rerun must read the same input)");
    }
    if (!options.checkpoint.empty() &&
        (options.checkpoint == options.input || options.checkpoint == options.output)) {
        return usage_error("--checkpoint must not be the input or output file");
    }
    if (!options.output.empty() && options.output == options.input) {
        return usage_error("--output must not be the input file");
    }
    ParsedCommandLine out;
    out.options = options;
    return out;
}

}  // namespace

}  // namespace gcd_mpi::app
