// gcd_mpi: wires options, input, output and the distribution together.
// Computation lives in core/, MPI in dist/mpi_team.cpp; nothing clever here.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <mutex>
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
#include "gcd_mpi/core/estimate.hpp"
#include "gcd_mpi/core/file_identity.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/output.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/report.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/trial_paths.hpp"
#include "gcd_mpi/core/verify.hpp"
#include "gcd_mpi/app/launch.hpp"
#include "gcd_mpi/pipeline/pipeline.hpp"
#include "gcd_mpi/pipeline/team.hpp"
#include "gcd_mpi/mpi/mpi_team.hpp"

namespace {

using namespace gcd_mpi;
using Clock = std::chrono::steady_clock;

// Rank 0's input. With a checkpoint and a trial kernel, batches are cut by
// expected time (--checkpoint-interval, via BatchCostCap and the rate the
// pipeline measures), never below one pair per worker unless the input ends,
// so a stop loses about an interval of work and cheap pairs still share a
// batch. Boundaries depend on timing; the checkpoint does not need them.
class ReaderSource final : public pipeline::BatchSource {
public:
    ReaderSource(PairReader& reader, std::optional<BatchCostCap> cost_cap, std::size_t min_pairs)
        : reader_(reader), cost_cap_(cost_cap), min_pairs_(min_pairs) {}
    bool next(pipeline::InputBatch& batch, std::size_t max_pairs) override {
        batch.pairs.clear();
        std::uint64_t max_cost = 0;
        if (cost_cap_) {
            std::lock_guard<std::mutex> lock(mutex_);
            max_cost = cost_cap_->cap();
        }
        const bool more = reader_.read_batch(batch.pairs, max_pairs, max_cost, std::min(min_pairs_, max_pairs));
        if (cost_cap_ && more) {
            std::uint64_t cost = 0;
            for (const auto& p : batch.pairs) {
                const std::uint64_t c = trial_cost_bound(magnitudes(p));
                cost = c > UINT64_MAX - cost ? UINT64_MAX : cost + c;
            }
            std::lock_guard<std::mutex> lock(mutex_);
            pending_costs_.push_back(cost);
        }
        // The hash of the input up to this batch's last pair identifies it;
        // the checkpoint records it with the results.
        batch.tag = reader_.pairs_hash();
        // How much of the input is read (the progress line extrapolates from it).
        auto& progress = progress_counters();
        progress.bytes_consumed.store(reader_.bytes_consumed(), std::memory_order_relaxed);
        progress.bytes_total.store(reader_.is_regular_file() ? reader_.file_size() : 0, std::memory_order_relaxed);
        return more;
    }
    void batch_done(double seconds) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!cost_cap_ || pending_costs_.empty()) return;
        cost_cap_->batch_done(pending_costs_.front(), seconds);
        pending_costs_.pop_front();
    }

private:
    PairReader& reader_;
    std::mutex mutex_;  // next() runs on the reader thread, batch_done() on the main one
    std::optional<BatchCostCap> cost_cap_;
    std::deque<std::uint64_t> pending_costs_;  // estimated cost of each batch handed out, not yet done
    std::size_t min_pairs_;
};

class FormattedSink final : public pipeline::ResultSink {
public:
    FormattedSink(OutputFile& file, OutputFormat format) : file_(file), format_(format) {
        append_header(buffer_, format_);
    }
    void write(const pipeline::InputBatch& batch, const std::vector<PairResult>& results) override {
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

// Reads, for each of the checkpoint's records in turn, its count of pairs
// from `reader` and proves they are the ones it was computed from (the hash
// at the record's last pair); with `verify_kernel`, re-checks its results as
// if just computed. Then hands pairs and record to `use`. Each record says
// how many pairs it holds, so this run's batch size does not matter.
template <class UseRecord>
void for_each_checkpointed_batch(const Checkpoint& checkpoint, PairReader& reader,
                                 std::optional<Kernel> verify_kernel, UseRecord use) {
    pipeline::InputBatch batch;
    std::vector<Pair> magnitudes_of_batch;
    for (const CheckpointRecord& record : checkpoint.records()) {
        batch.pairs.clear();
        const std::size_t want = record.results.size();
        const std::uint64_t first_line = reader.lines_read() + 1;
        reader.read_batch(batch.pairs, want);
        const std::string where = "input differs from the checkpoint's within pairs " +
                                  std::to_string(record.first_pair + 1) + "-" +
                                  std::to_string(record.first_pair + want) + " (lines " +
                                  std::to_string(first_line) + "-";
        if (batch.pairs.size() != want) {
            throw GcdError(exit_usage, reader.source_name() + ": " + where + std::to_string(reader.lines_read()) +
                                           "): it ends after pair " +
                                           std::to_string(record.first_pair + batch.pairs.size()) +
                                           "; remove the checkpoint to start over");
        }
        if (reader.pairs_hash() != record.input_hash) {
            throw GcdError(exit_usage, reader.source_name() + ": " + where +
                                           std::to_string(want > 0 ? batch.pairs.back().line : reader.lines_read()) +
                                           "); remove the checkpoint to start over");
        }
        if (verify_kernel) {
            magnitudes_of_batch.resize(want);
            std::transform(batch.pairs.begin(), batch.pairs.end(), magnitudes_of_batch.begin(), magnitudes);
            try {
                verify_results(*verify_kernel, magnitudes_of_batch, record.results, batch.pairs);
            } catch (const GcdError& e) {
                throw GcdError(e.exit_code(), std::string(e.what()) + " (a result replayed from checkpoint " +
                                                  checkpoint.path() + "; remove it to recompute)");
            }
        }
        use(batch, record);
    }
}

// Rank 0: writes the batches a checkpoint already holds and returns how many
// pairs were resumed. A first pass over a second reader checks every record
// (input and, with --verify, results) before anything is written, so a
// refused resume prints nothing; the writing pass checks the input again.
std::uint64_t replay_checkpoint(Checkpoint& checkpoint, const std::string& input, PairReader& reader,
                                FormattedSink& sink, std::optional<Kernel> verify_kernel) {
    if (checkpoint.records().empty()) return 0;
    {
        PairReader check_reader(input);
        check_reader.enable_hash();
        for_each_checkpointed_batch(checkpoint, check_reader, verify_kernel,
                                    [](const pipeline::InputBatch&, const CheckpointRecord&) {});
    }
    std::uint64_t resumed = 0;
    sink.set_replaying(true);
    for_each_checkpointed_batch(checkpoint, reader, std::nullopt,
                                [&](const pipeline::InputBatch& batch, const CheckpointRecord& record) {
                                    sink.write(batch, record.results);
                                    resumed += record.results.size();
                                });
    sink.set_replaying(false);
    checkpoint.forget_records();
    return resumed;
}

// Candidate tests behind a checkpoint's results (for the report and progress).
std::uint64_t candidates_in(const std::vector<CheckpointRecord>& records) {
    std::uint64_t total = 0;
    for (const CheckpointRecord& record : records) {
        for (const PairResult& result : record.results) total += result.candidates;
    }
    return total;
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
int run(pipeline::Team& team, const app::Options& options, const app::LaunchInfo& launch) {
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
    std::uint64_t resumed_candidates = 0;
    std::uint64_t batch_cost_limit = 0;
    pipeline::BatchHeader setup{0, 0};
    std::string setup_error;
    if (root) {
        try {
            refuse_file_clashes(options);
            reader.emplace(options.input);
            output.emplace(options.output);
            if (!options.report.empty()) report_file.emplace(options.report);
            const bool checkpointing = !options.checkpoint.empty();
            const std::uint64_t workers = static_cast<std::uint64_t>(team.size()) * options.threads;
            std::optional<BatchCostCap> cost_cap;
            if (checkpointing && is_trial_kernel(options.kernel)) {
                cost_cap.emplace(options.checkpoint_interval, assumed_candidates_per_second(options.kernel),
                                 workers);
            }
            if (cost_cap) batch_cost_limit = cost_cap->cap();  // what the first batch is cut at
            source.emplace(*reader, cost_cap, static_cast<std::size_t>(workers));
            sink.emplace(*output, options.format);
            if (checkpointing) {
                if (!reader->is_regular_file()) {
                    throw GcdError(exit_usage, options.input + ": --checkpoint needs a regular input file");
                }
                // The results depend on the input (its size here, its content
                // by the hash in every record, on replay) and the kernel, not
                // on the batch size, the interval, the ranks or the mtime.
                CheckpointIdentity identity;
                identity.input = options.input;
                identity.input_size = reader->file_size();
                identity.kernel = std::string(kernel_name(options.kernel));
                checkpoint.emplace(options.checkpoint, identity);
                if (checkpoint->dropped_bytes() > 0) {
                    std::cerr << "gcd_mpi: " << options.checkpoint << ": dropped a torn or corrupt tail of "
                              << checkpoint->dropped_bytes() << " bytes; that work is redone\n";
                }
                reader->enable_hash();
                resumed_candidates = candidates_in(checkpoint->records());
                resumed_pairs = replay_checkpoint(*checkpoint, options.input, *reader, *sink,
                                                  options.verify ? std::optional<Kernel>(options.kernel) : std::nullopt);
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

    pipeline::PipelineOptions pipeline_options;
    pipeline_options.kernel = options.kernel;
    pipeline_options.schedule = options.schedule;
    pipeline_options.batch_pairs = options.batch_pairs;
    pipeline_options.verify = options.verify;
    pipeline_options.io_only = options.io_only;
    pipeline_options.threads = options.threads;
    pipeline_options.batch_cost_limit = batch_cost_limit;
    std::optional<ProgressMeter> meter;
    const bool stderr_is_terminal = ::isatty(STDERR_FILENO) == 1;
    const bool want_progress = options.progress.value_or(options.progress_interval.has_value() ||
                                                         (stderr_is_terminal && !options.quiet));
    if (root && want_progress) {
        // A terminal gets a live line; a log a line every 10 s unless told.
        const double interval = options.progress_interval.value_or(
            stderr_is_terminal ? terminal_progress_seconds : default_log_progress_seconds);
        auto& progress = progress_counters();
        progress.resumed_pairs.store(resumed_pairs);
        progress.resumed_candidates.store(resumed_candidates);
        pipeline_options.progress_interval_seconds = interval;
        meter.emplace(stderr, stderr_is_terminal, is_trial_kernel(options.kernel), std::chrono::duration<double>(interval));
    }
    const pipeline::PipelineResult result =
        pipeline::run_pipeline(team, pipeline_options, root ? &*source : nullptr, root ? &*sink : nullptr,
                           root && !options.quiet ? &std::cerr : nullptr);
    meter.reset();
    if (!root) return result.exit_code;

    // The report: this run's work, what was resumed, and whether it is all.
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
    report.complete = result.exit_code == exit_ok;
    report.exit_code = result.exit_code;
    report.pairs = result.pairs;
    report.resumed_pairs = resumed_pairs;
    report.resumed_candidates = resumed_candidates;
    report.batches = result.batches;
    report.batch_pairs = options.batch_pairs;
    report.phases = result.phases;
    report.per_rank = result.per_rank;
    report.hosts = result.hosts;
    report.thread_seconds = result.thread_seconds;
    report.output_name = output->display_name();
    // The report goes through the file opened (and so checked) before any
    // work; commit() renames it into place.
    auto write_report = [&] {
        report.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (!report_file) return;
        report_file->write(report_json(report, is_trial_kernel(options.kernel)));
        report_file->commit();
    };

    if (result.exit_code != 0) {
        // A stopped run (a time limit) leaves its statistics, marked incomplete.
        if (result.exit_code == exit_stopped) {
            try {
                report.output_bytes = output->bytes_written();
                write_report();
            } catch (const GcdError& e) {
                std::cerr << "gcd_mpi: report: " << e.what() << '\n';
            }
        }
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
        try {
            write_report();
        } catch (const GcdError& e) {
            throw GcdError(e.exit_code(), std::string("report: ") + e.what());
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

// Ends the run before any work: rank 0 prints `message`, every rank exits
// with `code`. Under a launcher, on an error, the ranks first meet in MPI:
// a rank that exits non-zero while rank 0 is still starting makes mpirun kill
// rank 0 before it has said why (seen at -np 4 on a loaded machine: the
// usage message was lost). The meeting costs MPI_Init, on this path only.
int end_before_work(const app::LaunchInfo& launch, int& argc, char**& argv, int code, const std::string& message,
                    bool to_stdout) {
    if (launch.rank == 0) (to_stdout ? std::cout : std::cerr) << message << std::flush;
    if (code != exit_ok && launch.under_mpi_launcher) {
        try {
            const auto team = mpi::make_mpi_team(argc, argv);
            (void)team->max_over_ranks(0);  // collective: every rank got this far, rank 0 has spoken
        } catch (const std::exception&) {
            // MPI cannot start: exit all the same, with the code already decided.
        }
    }
    return code;
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
    const app::LaunchInfo launch = app::detect_launch_from_environment();
    // Every rank parses the same argv and so exits the same way; only the
    // launcher's rank 0 speaks. MPI is not started yet: --help stays instant.
    const app::ParsedCommandLine parsed = app::parse_command_line(arguments(argc, argv), usable_cpu_count());
    const bool speaker = launch.rank == 0;
    if (!parsed.options) {
        return end_before_work(launch, argc, argv, parsed.exit_code, parsed.message, parsed.message_to_stdout);
    }
    if (const char* path = std::getenv(std::string(trial_path_env_var).c_str()); path != nullptr && !resolve_trial_path(path)) {
        return end_before_work(launch, argc, argv, exit_usage,
                               "gcd_mpi: " + std::string(trial_path_env_var) + "=" + path +
                                   " is not a trial path this CPU supports (auto, scalar, sse2, avx2, avx2-64)\n",
                               false);
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
    std::unique_ptr<pipeline::Team> team;
    try {
        team = launch.under_mpi_launcher ? mpi::make_mpi_team(argc, argv) : pipeline::make_serial_team();
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
