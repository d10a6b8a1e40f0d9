#include "gcd_mpi/app/run.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>

#include "gcd_mpi/app/environment.hpp"
#include "gcd_mpi/app/result_io.hpp"
#include "gcd_mpi/app/resume.hpp"
#include "gcd_mpi/app/run_report.hpp"
#include "gcd_mpi/core/defaults.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/estimate.hpp"
#include "gcd_mpi/core/file_identity.hpp"
#include "gcd_mpi/core/io_hints.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trace.hpp"
#include "gcd_mpi/mpi/mpi_info.hpp"
#include "gcd_mpi/mpi/parallel_data_path.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"
#include "gcd_mpi/pipeline/pipeline.hpp"

namespace gcd_mpi::app {

namespace {
using Clock = std::chrono::steady_clock;

// Rank 0's files and the adapters over them, for the root data path.
struct RootFiles {
    std::optional<PairReader> reader;
    std::optional<OutputFile> output;
    std::optional<OutputFile> report_file;
    std::optional<OutputFile> trace_file;
    std::optional<ReaderSource> source;
    std::optional<FormattedSink> formatted;
    std::unique_ptr<Checkpoint> checkpoint;
    std::optional<CheckpointingSink> checkpointing;
    Resumed resumed;
    std::uint64_t batch_cost_limit = 0;  // what the first batch is cut at (0: no cut)
    std::vector<IoHint> io_hints;        // --io parallel: GCD_MPI_IO_HINTS, checked
    bool parallel = false;               // the parallel path writes the results; the sink above stays unused

    pipeline::ResultSink* sink() {
        if (checkpointing) return &*checkpointing;
        return formatted ? &*formatted : nullptr;
    }
};

// Rank 0, before any file is opened: refuses (exit 64) a run in which two of
// INPUT, --output, --report and --checkpoint are one file, compared by
// identity (device and inode after symlinks; the directory and name for
// files not created yet), so `./in.txt`, a symlink or a hard link of the
// input are caught too.
void refuse_file_clashes(const Options& options) {
    auto stream_or_path = [](const std::string& path, int fd) {
        return path.empty() || path == "-" ? identify_fd(fd) : identify_path(path);
    };
    std::vector<RunFile> files;
    files.push_back({"INPUT", options.input, stream_or_path(options.input, STDIN_FILENO), false});
    files.push_back({"--output", options.output.empty() ? "-" : options.output,
                     stream_or_path(options.output, STDOUT_FILENO), true});
    if (!options.report.empty()) {
        files.push_back({"--report", options.report, stream_or_path(options.report, STDOUT_FILENO), true});
    }
    if (!options.trace.empty()) {
        files.push_back({"--trace", options.trace, stream_or_path(options.trace, STDOUT_FILENO), true});
    }
    if (!options.checkpoint.empty()) {
        files.push_back({"--checkpoint", options.checkpoint, identify_path(options.checkpoint), true});
    }
    if (const auto clash = find_clash(files)) throw GcdError(exit_usage, *clash);
}

// --io parallel under a launcher (MPI-IO needs MPI); without one, the serial
// mode's root path does the same work.
bool parallel_io(const Options& options, const LaunchInfo& launch) {
    return options.io == IoPath::parallel && launch.under_mpi_launcher;
}

// Rank 0: checks that no two of the run's files are one file, then opens the
// input and every output (results, report, checkpoint) before any work, so a
// bad path fails in seconds, not after hours of computing, and replays what
// a checkpoint holds. Throws GcdError.
void open_on_root(const Options& options, const LaunchInfo& launch, int ranks, RootFiles& files) {
    refuse_file_clashes(options);
    files.reader.emplace(options.input);
    if (parallel_io(options, launch) && !files.reader->is_regular_file()) {
        throw GcdError(exit_usage, files.reader->source_name() +
                                       ": --io parallel needs a regular input file (every rank reads it at offsets)");
    }
    // Checked on every run, so a typo in a site's setting shows on the first
    // job, whichever path it takes; used by the parallel path alone. Rank 0's
    // environment only: the data path broadcasts these hints.
    if (const char* hints = std::getenv(std::string(io_hints_env_var).c_str())) {
        files.io_hints = parse_io_hints(hints, io_hints_env_var, mpi::io_hint_limits());
    }
    files.output.emplace(options.output);
    if (!options.report.empty()) files.report_file.emplace(options.report);
    if (!options.trace.empty()) files.trace_file.emplace(options.trace);
    const bool checkpointing = !options.checkpoint.empty();
    const std::uint64_t workers = static_cast<std::uint64_t>(ranks) * options.threads;
    std::optional<BatchCostCap> cost_cap;
    if (checkpointing && is_trial_kernel(options.kernel)) {
        cost_cap.emplace(options.checkpoint_interval, assumed_candidates_per_second(options.kernel), workers);
        files.batch_cost_limit = cost_cap->cap();
    }
    files.source.emplace(*files.reader, cost_cap, static_cast<std::size_t>(workers));
    files.formatted.emplace(*files.output, output_format(options));
    if (checkpointing) {
        files.checkpoint = open_checkpoint(options, *files.reader);
        files.resumed = replay_checkpoint(*files.checkpoint, options.input, *files.reader, *files.formatted,
                                          options.verify ? std::optional<Kernel>(options.kernel) : std::nullopt);
        files.checkpointing.emplace(*files.formatted, *files.checkpoint);
    }
}

// collective: every rank learns whether rank 0's setup worked before
// anything else happens, so a bad path never leaves ranks waiting.
int agree_on_setup(pipeline::Team& team, const Options& options, const LaunchInfo& launch, RootFiles& files) {
    int code = 0;
    std::string error;
    if (team.is_root()) {
        try {
            open_on_root(options, launch, team.size(), files);
        } catch (const GcdError& e) {
            code = e.exit_code();
            error = e.what();
        }
    }
    code = team.broadcast_ints({code}, 1)[0];
    if (code != 0 && team.is_root()) std::cerr << "gcd_mpi: " << error << '\n';
    return code;
}

// Rank 0: the progress meter, if wanted (a terminal gets a live line; a log
// a line every 10 s unless told); returns the interval the pipeline reports at.
double start_progress(const Options& options, const Resumed& resumed, std::optional<ProgressMeter>& meter) {
    const bool stderr_is_terminal = ::isatty(STDERR_FILENO) == 1;
    const bool want =
        options.progress.value_or(options.progress_interval.has_value() || (stderr_is_terminal && !options.quiet));
    if (!want) return 0;
    const double interval = options.progress_interval.value_or(stderr_is_terminal ? defaults::terminal_progress_seconds
                                                                                  : defaults::log_progress_seconds);
    auto& progress = progress_counters();
    progress.resumed_pairs.store(resumed.pairs);
    progress.resumed_candidates.store(resumed.candidates);
    meter.emplace(stderr, stderr_is_terminal, is_trial_kernel(options.kernel), std::chrono::duration<double>(interval));
    return interval;
}

// Rank 0: the --trace file's contents.
std::string trace_text(const pipeline::PipelineResult& result, const RunReport& report) {
    TraceRun run;
    run.ranks = result.trace;
    run.complete = result.exit_code == 0;
    run.exit_code = result.exit_code;
    run.error = result.error;
    return trace_json(run, report);
}

// Rank 0, a run that did not succeed: its timeline is what shows where it
// went wrong, so the trace is written all the same, marked "complete": false
// (otherData) and with an "incomplete run" event across the timeline, so it
// cannot pass for a finished run's; then what is where.
void write_failed_trace(const pipeline::PipelineResult& result, RootFiles& files, const RunReport& report) {
    if (!files.trace_file) return;
    try {
        files.trace_file->write(trace_text(result, report));
        files.trace_file->commit();
        std::cerr << "gcd_mpi: " << files.trace_file->display_name()
                  << " holds the timeline of this unfinished run, marked \"complete\": false\n";
    } catch (const GcdError& e) {
        std::cerr << "gcd_mpi: trace: " << e.what() << '\n';
    }
}

// Rank 0, a run that did not succeed: a stopped run (a time limit) leaves its
// statistics, marked incomplete; the trace is written, marked incomplete;
// then what is where.
int report_failure(const Options& options, const pipeline::PipelineResult& result, RootFiles& files, RunReport& report,
                   Clock::time_point started) {
    write_failed_trace(result, files, report);
    if (result.exit_code == exit_stopped && files.report_file) {
        try {
            report.output_bytes = files.output->bytes_written();
            report.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
            files.report_file->write(report_json(report, is_trial_kernel(options.kernel)));
            files.report_file->commit();
        } catch (const GcdError& e) {
            std::cerr << "gcd_mpi: report: " << e.what() << '\n';
        }
    }
    std::cerr << "gcd_mpi: " << result.error << '\n';
    const std::uint64_t written = files.formatted->results_written();
    if (files.checkpoint) {
        std::cerr << "gcd_mpi: " << options.checkpoint << " holds " << written
                  << " finished results; rerun the same command to resume\n";
    }
    if (files.output->is_stream() && written > 0) {
        std::cerr << "gcd_mpi: output is incomplete: " << written << " results were written to "
                  << files.output->display_name() << " before the error\n";
    } else if (!files.output->is_stream()) {
        std::cerr << "gcd_mpi: " << files.output->display_name() << " was not written\n";
    }
    return result.exit_code;
}

// Rank 0, a run that succeeded. First make both files durable under their
// temporary names (where write errors show: EIO, ENOSPC, EFBIG), then rename
// the report and the trace, then the results last. The results therefore appear only when
// the whole run, report included, succeeded: a failure never leaves
// complete-looking results without their report. If the final rename of the
// results fails, the report just renamed is withdrawn again.
int commit(const Options& options, const pipeline::PipelineResult& result, RootFiles& files, RunReport& report,
           Clock::time_point started) {
    try {
        if (!files.parallel) files.formatted->flush();
        files.output->sync();
        report.output_bytes = files.output->bytes_written();
        report.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (files.report_file) {
            try {
                files.report_file->write(report_json(report, is_trial_kernel(options.kernel)));
                files.report_file->commit();
            } catch (const GcdError& e) {
                throw GcdError(e.exit_code(), std::string("report: ") + e.what());
            }
        }
        if (files.trace_file) {
            try {
                files.trace_file->write(trace_text(result, report));
                files.trace_file->commit();
            } catch (const GcdError& e) {
                if (files.report_file) files.report_file->withdraw();
                throw GcdError(e.exit_code(), std::string("trace: ") + e.what());
            }
        }
        try {
            files.output->commit();
        } catch (const GcdError&) {
            if (files.report_file) files.report_file->withdraw();
            if (files.trace_file) files.trace_file->withdraw();
            throw;
        }
    } catch (const GcdError& e) {
        std::cerr << "gcd_mpi: " << e.what() << '\n';
        if (!files.output->is_stream())
            std::cerr << "gcd_mpi: " << files.output->display_name() << " was not written\n";
        return e.exit_code();
    }
    if (!options.quiet) std::cerr << summary_line(report) << '\n';
    return exit_ok;
}

// collective: the parallel path over rank 0's output. Each rank reads 16
// bytes a round per pair of --batch-size (a random 64-bit pair's line is
// about 41 bytes, so a round holds about 0.4 x batch-size pairs per rank).
std::unique_ptr<pipeline::DataPath> parallel_data_path(pipeline::Team& team, const Options& options, RootFiles& files,
                                                       TraceRecorder* trace) {
    mpi::ParallelPathSetup setup;
    setup.input = options.input;
    setup.input_name = options.input;
    setup.chunk_bytes = std::max<std::size_t>(4096, options.batch_pairs * 16);
    setup.format = output_format(options);
    setup.output = team.is_root() ? &*files.output : nullptr;
    setup.hints = files.io_hints;  // rank 0's, broadcast by the path
    setup.threads = options.threads;
    setup.count_costs = is_trial_kernel(options.kernel);
    setup.trace = trace;
    return mpi::make_parallel_data_path(team, setup);
}

pipeline::PipelineOptions pipeline_options(const Options& options, const RootFiles& files, double progress_seconds,
                                           TraceRecorder* trace) {
    pipeline::PipelineOptions p;
    p.kernel = options.kernel;
    p.schedule = options.schedule;
    p.batch_pairs = options.batch_pairs;
    p.verify = options.verify;
    p.io_only = options.io_only;
    p.threads = options.threads;
    p.batch_cost_limit = files.batch_cost_limit;
    p.progress_interval_seconds = progress_seconds;
    p.trace = trace;
    return p;
}

}  // namespace

int run(pipeline::Team& team, const Options& options, const LaunchInfo& launch) {
    const auto started = Clock::now();
    const std::time_t started_utc = std::time(nullptr);
    const bool root = team.is_root();

    RootFiles files;
    if (const int code = agree_on_setup(team, options, launch, files); code != 0) return code;

    std::optional<ProgressMeter> meter;
    const double progress_seconds = root ? start_progress(options, files.resumed, meter) : 0;
    PhaseSeconds phases;
    const bool parallel = parallel_io(options, launch);
    files.parallel = parallel;
    // --trace: every rank takes the timeline's origin as it leaves an
    // allreduce (every rank parsed the same argv, so all take part). No rank
    // leaves it before the last has entered, so the origins differ by the
    // collective's exit skew alone: microseconds on one node (shared
    // memory), tens of microseconds across a network.
    std::optional<TraceRecorder> trace;
    if (!options.trace.empty()) {
        (void)team.max_over_ranks({0});
        trace.emplace(Clock::now());
    }
    TraceRecorder* const tracing = trace ? &*trace : nullptr;
    const auto data =
        parallel ? parallel_data_path(team, options, files, tracing)
                 : pipeline::make_root_data_path(team, root ? &*files.source : nullptr, files.sink(),
                                                 options.batch_pairs, is_trial_kernel(options.kernel), phases, tracing);
    const pipeline::PipelineResult result =
        pipeline::run_pipeline(team, pipeline_options(options, files, progress_seconds, tracing), *data,
                               signal_stop_flag(), phases, root && !options.quiet ? &std::cerr : nullptr);
    meter.reset();
    if (!root) return result.exit_code;

    RunReport report = make_run_report(options, team, launch, result, files.resumed, *files.reader, *files.output);
    report.io = std::string(io_path_name(parallel ? IoPath::parallel : IoPath::root));
    report.started_utc = iso8601_utc(started_utc);
    if (parallel) report.input_bytes = files.reader->file_size();  // read by every rank, not by rank 0's reader
    if (result.exit_code != 0) return report_failure(options, result, files, report, started);
    return commit(options, result, files, report, started);
}

}  // namespace gcd_mpi::app
