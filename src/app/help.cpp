// --help: the options in sections, then what the options cannot say (the
// environment, examples, exit status). Every list of names comes from its
// table (kernels, schedules, formats, trial paths, environment variables,
// exit codes), so help and code cannot disagree.

#include <cstdio>
#include <sstream>
#include <string_view>

#include "gcd_mpi/app/environment.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/input.hpp"
#include "option_groups.hpp"

namespace gcd_mpi::app::detail {

namespace po = boost::program_options;

namespace {

constexpr std::size_t help_width = 79;  // one column spare on an 80-column terminal

// `text` wrapped at word boundaries to help_width, every line indented by
// `indent` spaces.
std::string wrap(std::string_view text, std::size_t indent) {
    std::string out;
    std::string line(indent, ' ');
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find(' ', pos), text.size());
        const std::string_view word = text.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty()) continue;
        if (line.size() > indent && line.size() + 1 + word.size() > help_width) {
            out += line + '\n';
            line.assign(indent, ' ');
        }
        if (line.size() > indent) line += ' ';
        line += word;
    }
    if (line.size() > indent) out += line + '\n';
    return out;
}

std::string input_paragraph() {
    return wrap(
        "INPUT is a path, or - for stdin. One pair per line: two integers (|value| < 2^64) separated by "
        "whitespace and/or one comma; \"(a, b),\" also works. Blank lines and # comments are skipped. "
        "A line may hold at most " +
            std::to_string(max_line_bytes >> 20) + " MiB (" + std::to_string(max_line_bytes) +
            " bytes); a longer one is bad data.",
        2);
}

struct ExitStatus {
    int code;
    std::string_view meaning;
};

// errors.hpp's codes, as the README's "Exit codes" table states them.
constexpr ExitStatus exit_statuses[] = {
    {exit_ok, "success"},
    {exit_usage,
     "usage: bad flag or argument, or two of INPUT, --output, --report, --trace, --checkpoint are one file"},
    {exit_data, "bad data: a malformed line in INPUT"},
    {exit_no_input, "cannot read INPUT (missing, unreadable, a directory)"},
    {exit_software, "internal failure, --verify mismatch or a failing rank"},
    {exit_cant_create, "cannot create the --output, --report, --trace or --checkpoint file"},
    {exit_io, "I/O error part-way through reading or writing"},
    {exit_stopped, "stopped by SIGTERM/SIGINT/SIGUSR1 (rerun with the same --checkpoint to resume)"},
};

struct Example {
    std::string_view command;
    std::string_view what;
};

constexpr Example examples[] = {
    {"gcd_mpi pairs.txt", "serial (no launcher, no MPI), results on stdout"},
    {"mpirun -np 8 gcd_mpi -o gcds.txt pairs.txt", "8 ranks; gcds.txt appears only when the whole run succeeded"},
    {"srun --mpi=pmix -n 64 gcd_mpi -o gcds.txt pairs.txt", "64 ranks in a Slurm allocation"},
    {"mpirun -np 8 gcd_mpi -c run.ckpt -o gcds.txt pairs.txt",
     "checkpointed: after a stop (exit 75) the same command resumes"},
    {"mpirun -np 8 gcd_mpi --io parallel -o gcds.txt pairs.txt",
     "every rank reads and writes its own part of the files (MPI-IO)"},
    {"gcd_mpi --report run.json -q pairs.txt", "timings and per-rank work as JSON in run.json"},
};

// Boost prints every group of one parent in one column width, each after
// "CAPTION:"; a manual page's headings have no colon, and INPUT's heading is
// followed by what INPUT is.
std::string sections(const OptionGroups& groups) {
    std::ostringstream boost_text;
    boost_text << groups.all();
    std::string text = boost_text.str();
    for (const std::string_view name : OptionGroups::headings) {
        // Appended piecewise: GCC 12 warns (-Wrestrict, a false positive,
        // GCC bug 105329) on "literal" + std::string here.
        std::string heading(1, '\n');
        heading.append(name).append(":\n");
        if (const auto at = text.find(heading); at != std::string::npos) {
            std::string replacement(1, '\n');
            replacement.append(name).append("\n");
            if (name == OptionGroups::headings[0]) replacement += input_paragraph();
            text.replace(at, heading.size(), replacement);
        }
    }
    return text;
}

// Boost pads wrapped descriptions with a space before each line break.
std::string without_trailing_spaces(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') {
            while (!out.empty() && out.back() == ' ') out.pop_back();
        }
        out += c;
    }
    return out;
}

}  // namespace

std::string plain_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s = buf;
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
}

po::options_description OptionGroups::all() const {
    po::options_description every;
    every.add(input).add(output).add(scheduling).add(resilience).add(diagnostics);
    return every;
}

std::string help_text(const OptionGroups& groups) {
    std::ostringstream text;
    text << "Usage: gcd_mpi [OPTIONS] INPUT\n"
            "       mpirun -np N gcd_mpi [OPTIONS] INPUT\n"
            "       srun --mpi=pmix -n N gcd_mpi [OPTIONS] INPUT\n\n"
         << wrap(
                "Computes gcd(a, b) for every pair in INPUT and prints \"a b gcd\" per pair in input order. "
                "Under mpirun/srun the pairs are spread over the ranks; without a launcher it runs serially "
                "without MPI.",
                0)
         << sections(groups) << "\nENVIRONMENT\n";
    for (const auto& variable : environment_variables()) {
        // NAME=a|b|c, broken after a '|' where it would pass 79 columns.
        std::string line = "  " + std::string(variable.name) + '=';
        std::string_view values = variable.values;
        while (line.size() + values.size() > 79) {
            const auto cut = values.substr(0, 79 - line.size()).rfind('|');
            if (cut == std::string_view::npos) break;
            text << line << values.substr(0, cut + 1) << '\n';
            line = "    ";
            values.remove_prefix(cut + 1);
        }
        text << line << values << '\n' << wrap(variable.summary, 6);
    }
    text << "\nEXAMPLES\n";
    for (const auto& example : examples) text << "  " << example.command << '\n' << wrap(example.what, 6);
    text << "\nEXIT STATUS\n";
    for (const auto& status : exit_statuses) {
        char code[8];
        std::snprintf(code, sizeof code, "  %-4d", status.code);
        text << code << wrap(status.meaning, 6).substr(6);
    }
    text << wrap(
        "Under mpirun/srun use -o FILE: stdout goes through the launcher, which exits 0 when it cannot "
        "write it; stop mpirun with SIGUSR1 for 75 (SIGTERM/Ctrl-C make it exit 1).",
        2);
    return without_trailing_spaces(text.str());
}

void describe_options(OptionGroups& groups, RawOptions& raw) {
    Options& o = raw.options;
    groups.input.add_options()("batch-size",
                               po::value(&raw.batch_pairs)->default_value(raw.batch_pairs)->value_name("N"),
                               "pairs read and distributed per batch (bounds memory)");
    groups.output.add_options()(
        "output,o", po::value(&o.output)->value_name("FILE"),
        "write results to FILE (appears only when the whole run succeeded) instead of stdout (-)")(
        "format,f", po::value(&raw.format)->default_value(raw.format)->value_name("NAME"),
        ("output format: " + format_choices() +
         "; jsonl values are exact JSON numbers, which jq < 1.7 and JavaScript round above 2^53 (Python "
         "reads them exactly)")
            .c_str())("json-strings", po::bool_switch(&o.json_strings),
                      "with --format jsonl: a, b and gcd as JSON strings (\"a\":\"12\"), exact in every "
                      "reader; the reader converts them")(
        "report,r", po::value(&o.report)->value_name("FILE"),
        "write a JSON report (timings, per-rank work, build) to FILE")("quiet,q", po::bool_switch(&o.quiet),
                                                                       "no summary line or cost note on stderr");
    groups.scheduling.add_options()("kernel,k", po::value(&raw.kernel)->default_value(raw.kernel)->value_name("NAME"),
                                    ("gcd kernel: " + described_names(kernel_table)).c_str())(
        "schedule,s", po::value(&raw.schedule)->default_value(raw.schedule)->value_name("NAME"),
        ("how pairs are spread over ranks: " + described_names(schedule_table)).c_str())(
        "io", po::value(&raw.io)->default_value(raw.io)->value_name("NAME"),
        ("who reads and writes (needs a launcher; alone, root): " + described_names(io_path_table)).c_str())(
        "threads,t", po::value(&raw.threads)->default_value(raw.threads)->value_name("N"),
        "threads per rank (they compute; with --io parallel they also parse and format each rank's chunks); "
        "0 = all CPUs the rank may use");
    groups.resilience.add_options()("checkpoint,c", po::value(&o.checkpoint)->value_name("FILE"),
                                    "record finished results in FILE as the run goes; rerun with the same FILE "
                                    "to resume")(
        "checkpoint-interval",
        po::value(&o.checkpoint_interval)->default_value(o.checkpoint_interval)->value_name("SECONDS"),
        "with --checkpoint: seconds of work (whole job) between checkpoint records, i.e. at most about this much "
        "work is redone after a stop; the trial kernels' batches are cut to it")(
        "verify", po::bool_switch(&o.verify), "re-check every result with an independent kernel");
    groups.diagnostics.add_options()("progress", "live progress on stderr (default when stderr is a terminal)")(
        "no-progress", "no live progress")(
        "progress-interval", po::value<double>()->value_name("SECONDS"),
        ("seconds between progress lines (default " + plain_number(defaults::log_progress_seconds) +
         " when stderr is not a terminal, a live line on a terminal); implies --progress")
            .c_str())("trace", po::value(&o.trace)->value_name("FILE"),
                      "write a per-rank timeline of the run's phases to FILE (Chrome trace JSON: open in "
                      "Perfetto or chrome://tracing; scripts/plot-trace draws it)")(
        "io-only", po::bool_switch(&o.io_only),
        "benchmark aid: read, distribute and write without computing (gcd column is 0)")(
        "help,h", "show this help and exit")("version,V",
                                             "show the version, build, MPI library and trial code paths, and exit");
}

}  // namespace gcd_mpi::app::detail
