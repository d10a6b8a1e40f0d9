// gcd_mpi: wires options, input, output and the distribution together.
// Computation lives in core/, MPI in dist/mpi_team.cpp; nothing clever here.

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/checkpoint.hpp"
#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/file_identity.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/output.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/report.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trial_paths.hpp"
#include "gcd_mpi/dist/launch.hpp"
#include "gcd_mpi/dist/pipeline.hpp"
#include "gcd_mpi/dist/team.hpp"

namespace {

using namespace gcd_mpi;
using Clock = std::chrono::steady_clock;

// With a checkpoint, a batch of the brute force holds at most this many
// estimated candidates (seconds of work), so a stop loses little. Fixed, not
// scaled by ranks, so batch boundaries (and the checkpoint) do not depend on
// how many ranks run.
constexpr std::uint64_t checkpoint_batch_candidates = 20'000'000'000ULL;

class ReaderSource final : public dist::BatchSource {
public:
    ReaderSource(PairReader& reader, std::uint64_t max_trial_cost) : reader_(reader), max_cost_(max_trial_cost) {}
    bool next(dist::InputBatch& batch, std::size_t max_pairs) override {
        batch.pairs.clear();
        const bool more = reader_.read_batch(batch.pairs, max_pairs, max_cost_);
        // The hash of everything consumed so far identifies the input up to
        // this batch's end; the checkpoint records it with the results.
        batch.tag = reader_.input_hash();
        pairs_ += batch.pairs.size();
        auto& progress = progress_counters();
        if (progress.enabled.load(std::memory_order_relaxed)) {
            // Total pairs: exact once the input ends, else extrapolated from
            // the bytes consumed so far (regular files only).
            if (!more || (reader_.is_regular_file() && reader_.bytes_consumed() >= reader_.file_size())) {
                progress.pairs_total.store(pairs_);
            } else if (reader_.is_regular_file() && reader_.bytes_consumed() > 0) {
                progress.pairs_total.store(static_cast<std::uint64_t>(
                    static_cast<double>(pairs_) * static_cast<double>(reader_.file_size()) /
                    static_cast<double>(reader_.bytes_consumed())));
            }
        }
        return more;
    }

private:
    PairReader& reader_;
    std::uint64_t max_cost_;
    std::uint64_t pairs_ = 0;
};

class FormattedSink final : public dist::ResultSink {
public:
    FormattedSink(OutputFile& file, OutputFormat format) : file_(file), format_(format) {
        append_header(buffer_, format_);
    }
    void write(const dist::InputBatch& batch, const std::vector<PairResult>& results) override {
        constexpr std::size_t flush_bytes = std::size_t{1} << 20;
        for (std::size_t i = 0; i < batch.pairs.size(); ++i) {
            append_result(buffer_, format_, batch.pairs[i], results[i].gcd);
            if (buffer_.size() >= flush_bytes) flush();
        }
        flush();  // results leave as soon as they are in order
        if (checkpoint_ != nullptr && !replaying_) {
            // Durable before the next batch is written: a crash loses at
            // most the batches in flight.
            checkpoint_->append(written_, batch.tag, results);
        }
        written_ += batch.pairs.size();
        progress_counters().pairs_done.store(written_, std::memory_order_relaxed);
    }
    void set_replaying(bool on) noexcept { replaying_ = on; }
    void flush() {
        file_.write(buffer_);
        buffer_.clear();
    }
    [[nodiscard]] std::uint64_t results_written() const noexcept { return written_; }

    /// Also record every written batch in `checkpoint` (after it is written).
    void record_to(Checkpoint* checkpoint) { checkpoint_ = checkpoint; }

private:
    Checkpoint* checkpoint_ = nullptr;
    OutputFile& file_;
    OutputFormat format_;
    std::string buffer_;
    std::uint64_t written_ = 0;
    bool replaying_ = false;
};

// Rank 0: writes the batches a checkpoint already holds, re-reading the input
// to prove it is the same (hash at every record's end), and returns how many
// pairs were resumed.
std::uint64_t replay_checkpoint(Checkpoint& checkpoint, PairReader& reader, FormattedSink& sink) {
    dist::InputBatch batch;
    std::uint64_t resumed = 0;
    sink.set_replaying(true);
    for (const CheckpointRecord& record : checkpoint.records()) {
        batch.pairs.clear();
        const std::size_t want = record.results.size();
        reader.read_batch(batch.pairs, want);
        if (batch.pairs.size() != want || reader.input_hash() != record.input_hash) {
            throw GcdError(exit_usage, reader.source_name() +
                                           ": input differs from the checkpoint's at pair " +
                                           std::to_string(record.first_pair + batch.pairs.size() + 1) +
                                           " (line " + std::to_string(reader.lines_read()) +
                                           "); remove the checkpoint to start over");
        }
        sink.write(batch, record.results);
        resumed += want;
    }
    sink.set_replaying(false);
    checkpoint.forget_records();
    return resumed;
}

// Rank 0, before any file is opened: refuses (exit 64) a run in which two of
// INPUT, --output, --report and --checkpoint are one file, compared by
// identity (device and inode after symlinks; the directory and name for
// files not created yet), so `./in.txt`, a symlink or a hard link of the
// input are caught too.
void refuse_file_clashes(const app::Options& options) {
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
    if (!options.checkpoint.empty()) {
        files.push_back({"--checkpoint", options.checkpoint, identify_path(options.checkpoint), true});
    }
    if (const auto clash = find_clash(files)) throw GcdError(exit_usage, *clash);
}

// collective: every rank calls this with the same options.
int run(dist::Team& team, const app::Options& options, const dist::LaunchInfo& launch) {
    const auto started = Clock::now();
    const bool root = team.is_root();

    // Root checks that no two of the run's files are one file, then opens
    // the input and every output (results, report, checkpoint) before any
    // work, so a bad path fails in seconds, not after hours of computing;
    // every rank learns whether that worked before anything else happens,
    // so a bad path never leaves ranks waiting.
    std::optional<PairReader> reader;
    std::optional<OutputFile> output;
    std::optional<OutputFile> report_file;
    std::optional<ReaderSource> source;
    std::optional<FormattedSink> sink;
    std::optional<Checkpoint> checkpoint;
    std::uint64_t resumed_pairs = 0;
    dist::BatchHeader setup{0, 0};
    std::string setup_error;
    if (root) {
        try {
            refuse_file_clashes(options);
            reader.emplace(options.input);
            output.emplace(options.output);
            if (!options.report.empty()) report_file.emplace(options.report);
            const bool checkpointing = !options.checkpoint.empty();
            const std::uint64_t max_cost =
                checkpointing && is_trial_kernel(options.kernel) ? checkpoint_batch_candidates : 0;
            source.emplace(*reader, max_cost);
            sink.emplace(*output, options.format);
            if (checkpointing) {
                if (!reader->is_regular_file()) {
                    throw GcdError(exit_usage, options.input + ": --checkpoint needs a regular input file");
                }
                CheckpointIdentity identity;
                identity.input = options.input;
                identity.input_size = reader->file_size();
                identity.input_mtime_ns = reader->file_mtime_ns();
                identity.kernel = std::string(kernel_name(options.kernel));
                identity.batch_pairs = options.batch_pairs;
                identity.batch_candidates = max_cost;
                checkpoint.emplace(options.checkpoint, identity);
                if (checkpoint->dropped_bytes() > 0) {
                    std::cerr << "gcd_mpi: " << options.checkpoint << ": dropped a torn or corrupt tail of "
                              << checkpoint->dropped_bytes() << " bytes; that work is redone\n";
                }
                reader->enable_hash();
                resumed_pairs = replay_checkpoint(*checkpoint, *reader, *sink);
                sink->record_to(&*checkpoint);
            }
        } catch (const GcdError& e) {
            setup = {0, e.exit_code()};
            setup_error = e.what();
        }
    }
    setup = team.broadcast_header(setup);
    if (setup.status != 0) {
        if (root) std::cerr << "gcd_mpi: " << setup_error << '\n';
        return setup.status;
    }

    dist::PipelineOptions pipeline_options;
    pipeline_options.kernel = options.kernel;
    pipeline_options.schedule = options.schedule;
    pipeline_options.batch_pairs = options.batch_pairs;
    pipeline_options.verify = options.verify;
    pipeline_options.io_only = options.io_only;
    pipeline_options.threads = options.threads;
    std::optional<ProgressMeter> meter;
    const bool stderr_is_terminal = ::isatty(STDERR_FILENO) == 1;
    if (root && options.progress.value_or(stderr_is_terminal && !options.quiet)) {
        meter.emplace(stderr, stderr_is_terminal, std::chrono::seconds(1));
    }
    const dist::PipelineResult result =
        dist::run_pipeline(team, pipeline_options, root ? &*source : nullptr, root ? &*sink : nullptr,
                           root ? &std::cerr : nullptr);
    meter.reset();
    if (!root) return result.exit_code;

    if (result.exit_code != 0) {
        std::cerr << "gcd_mpi: " << result.error << '\n';
        if (checkpoint) {
            std::cerr << "gcd_mpi: " << options.checkpoint << " holds " << sink->results_written()
                      << " finished results; rerun the same command to resume\n";
        }
        if (output->is_stream() && sink->results_written() > 0) {
            std::cerr << "gcd_mpi: output is incomplete: " << sink->results_written()
                      << " results were written to " << output->display_name() << " before the error\n";
        } else if (!output->is_stream()) {
            std::cerr << "gcd_mpi: " << output->display_name() << " was not written\n";
        }
        return result.exit_code;
    }

    RunReport report;
    report.version = app::version_string();
    report.input = reader->source_name();
    report.input_bytes = reader->bytes_read();
    report.kernel = std::string(kernel_name(options.kernel));
    report.format = std::string(format_name(options.format));
    report.schedule = std::string(schedule_name(options.schedule));
    report.lower_bound = result.lower_bound;
    report.stolen_pairs = result.stolen_pairs;
    report.ranks = team.size();
    report.threads = options.threads;
    report.verify = options.verify;
    report.mpi_library = team.mpi_library();
    report.thread_level = team.thread_level();
    report.launcher = launch.under_mpi_launcher ? launch.launcher : "none";
    report.pairs = result.pairs + resumed_pairs;
    report.resumed_pairs = resumed_pairs;
    report.batches = result.batches;
    report.batch_pairs = options.batch_pairs;
    report.phases = result.phases;
    report.per_rank = result.per_rank;
    report.hosts = result.hosts;
    report.thread_seconds = result.thread_seconds;
    report.output_name = output->display_name();
    // Commit: first make both files durable under their temporary names
    // (where write errors show: EIO, ENOSPC, EFBIG), then rename the report,
    // then the results last. The results therefore appear only when the
    // whole run, report included, succeeded: a failure never leaves
    // complete-looking results without their report. If the final rename
    // of the results fails, the report just renamed is withdrawn again.
    try {
        sink->flush();
        output->sync();
        report.output_bytes = output->bytes_written();
        report.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (report_file) {
            try {
                report_file->write(report_json(report, is_trial_kernel(options.kernel)));
                report_file->commit();
            } catch (const GcdError& e) {
                throw GcdError(e.exit_code(), std::string("report: ") + e.what());
            }
        }
        try {
            output->commit();
        } catch (const GcdError&) {
            if (report_file) report_file->withdraw();
            throw;
        }
    } catch (const GcdError& e) {
        std::cerr << "gcd_mpi: " << e.what() << '\n';
        if (!output->is_stream()) std::cerr << "gcd_mpi: " << output->display_name() << " was not written\n";
        return e.exit_code();
    }
    if (!options.quiet) std::cerr << summary_line(report) << '\n';
    return exit_ok;
}

std::vector<std::string> arguments(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return args;
}

}  // namespace

int main(int argc, char** argv) {
    make_standard_streams_safe();  // first: before anything opens a file or writes a message
    install_stop_handlers();
    const dist::LaunchInfo launch = dist::detect_launch_from_environment();
    // Every rank parses the same argv and so exits the same way; only the
    // launcher's rank 0 speaks. MPI is not started yet: --help stays instant.
    const app::ParsedCommandLine parsed = app::parse_command_line(arguments(argc, argv), usable_cpu_count());
    const bool speaker = launch.rank == 0;
    if (!parsed.options) {
        if (speaker) (parsed.message_to_stdout ? std::cout : std::cerr) << parsed.message << std::flush;
        return parsed.exit_code;
    }
    if (const char* path = std::getenv("GCD_MPI_TRIAL_PATH"); path != nullptr && !resolve_trial_path(path)) {
        if (speaker) {
            std::cerr << "gcd_mpi: GCD_MPI_TRIAL_PATH=" << path
                      << " is not a trial path this CPU supports (auto, scalar, sse2, avx2, avx2-64)\n";
        }
        return exit_usage;
    }
    if (launch.slurm_tasks_without_pmi > 1) {
        if (speaker) {
            std::cerr << "gcd_mpi: started by srun as " << launch.slurm_tasks_without_pmi
                      << " tasks without an MPI plugin, so each would run alone; use "
                         "'srun --mpi=pmix' (see 'srun --mpi=list') or mpirun\n";
        }
        return exit_usage;
    }

    // No launcher: the serial mode, without MPI_Init's start-up cost.
    std::unique_ptr<dist::Team> team;
    try {
        team = launch.under_mpi_launcher ? dist::make_mpi_team(argc, argv) : dist::make_serial_team();
    } catch (const std::exception& e) {
        std::cerr << "gcd_mpi: cannot start MPI: " << e.what() << '\n';
        return exit_software;
    }
    if (parsed.options->threads > 1 && launch.under_mpi_launcher && team->thread_level() == "single") {
        if (team->is_root()) {
            std::cerr << "gcd_mpi: --threads " << parsed.options->threads
                      << " needs MPI thread level 'funneled', but MPI granted only 'single'\n";
        }
        return exit_software;
    }
    if (const unsigned cpus = usable_cpu_count(); parsed.options->threads > cpus) {
        // Launchers bind ranks to cores (Open MPI: one core per rank when
        // ranks <= 2), so threads beyond the rank's CPUs only time-share.
        std::cerr << "gcd_mpi: note: rank " << team->rank() << " may run on " << cpus << " CPU"
                  << (cpus == 1 ? "" : "s") << " but --threads is " << parsed.options->threads
                  << "; give each rank more cores (mpirun --map-by slot:PE=" << parsed.options->threads
                  << ", srun --cpus-per-task=" << parsed.options->threads << ") or use fewer threads\n";
    }
    try {
        return run(*team, *parsed.options, launch);
    } catch (const GcdError& e) {
        std::cerr << "gcd_mpi: rank " << team->rank() << ": " << e.what() << '\n';
        if (team->size() > 1) team->abort(e.exit_code());
        return e.exit_code();
    } catch (const std::exception& e) {
        // Unexpected: end the whole job now rather than leave ranks waiting.
        std::cerr << "gcd_mpi: rank " << team->rank() << ": internal error: " << e.what() << '\n';
        team->abort(exit_software);
    }
}
