// The batch loop. Every batch has the same shape on every rank:
//   1. the header: the data path brings the batch (rank 0 reads it and tells
//      everyone its size, or that the run ends);
//   2. the schedule's work (local, static or dynamic);
//   3. one vote on how the batch ended: success, a verify failure, a stop
//      request (a signal to any rank), or a failed output;
//   4. on success its results go out; on anything else, finish(outcome).
// Every way out passes finish(), which waits for the output, agrees on the
// exit code and gathers the statistics once.

#include "gcd_mpi/pipeline/pipeline.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <ostream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "dynamic_schedule.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/estimate.hpp"
#include "gcd_mpi/core/kernel_profile.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/verify.hpp"
#include "phase_timer.hpp"
#include "static_schedule.hpp"

namespace gcd_mpi::pipeline {

namespace {
using namespace detail;

// How a batch ended, in the order the vote ranks them: the largest wins.
// A stop outranks a verify failure (an interrupted batch's results are
// incomplete, so a failed check of them means nothing); a failed output
// outranks everything (the results already written are in doubt).
enum class Outcome : int { success = 0, verify_failed = 1, stopped = 2, output_failed = 3 };

// The up-front note for a brute-force run that looks long (first batch only:
// the rest of the input is not read yet).
void note_estimate(std::ostream& notes, const PipelineOptions& options, const KernelProfile& profile, int ranks,
                   const std::vector<Pair>& batch) {
    if (!profile.costs_vary) return;
    EstimateInput in;
    in.kernel = options.kernel;
    for (const auto& p : batch) in.candidates += static_cast<long double>(trial_cost_bound(p));
    in.pairs = batch.size();
    // A batch shorter than --batch-size, and not cut at the cost limit, is all there is.
    in.whole_input =
        batch.size() < options.batch_pairs &&
        (options.batch_cost_limit == 0 || in.candidates < static_cast<long double>(options.batch_cost_limit));
    in.workers = static_cast<std::uint64_t>(ranks) * options.threads;
    const std::string note = estimate_note(in, options.estimate_note_seconds);
    if (!note.empty()) notes << note << '\n' << std::flush;
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "?";
    return name;
}

// Test facility (documented in the README and --help, named so nobody sets
// it by accident): GCD_MPI_TEST_FAIL_RANK=R makes rank R throw while
// computing, so the tests can check that a failing rank ends the whole job
// instead of hanging. The e2e and Slurm tests run the release binary, so it
// is compiled in rather than hidden behind a test-only build.
void maybe_inject_failure(int rank) {
    const char* v = std::getenv(std::string(test_fail_rank_env_var).c_str());
    if (v != nullptr && std::atoi(v) == rank) {
        throw std::runtime_error("injected failure (" + std::string(test_fail_rank_env_var) + "=" + std::string(v) +
                                 ")");
    }
}

// The progress line's cost total counts each batch's estimate as it is read;
// once computed, the estimate gives way to the real candidate count. (Per
// pair the estimate min(a, b) is never below the count.)
void settle_progress_estimate(const Batch& batch) {
    std::uint64_t overestimate = 0;
    for (std::size_t i = 0; i < batch.pairs.size(); ++i) {
        const std::uint64_t estimate = trial_cost_bound(batch.pairs[i]);
        const std::uint64_t extra = estimate - std::min(estimate, batch.results[i].candidates);
        overestimate = overestimate + extra < overestimate ? UINT64_MAX : overestimate + extra;
    }
    auto& cost = progress_counters().cost_read;
    cost.fetch_sub(std::min(overestimate, cost.load()));
}

class BatchLoop {
public:
    BatchLoop(Team& team, const PipelineOptions& options, DataPath& data, const StopFlag& stop, PhaseSeconds& phases,
              std::ostream* notes)
        : team_(team),
          options_(options),
          data_(data),
          stop_(stop),
          notes_(notes),
          ctx_{team,
               options.kernel,
               kernel_profile(options.kernel),
               options.schedule,
               options.threads,
               options.io_only,
               stop,
               agree_on_progress(team, options),
               phases,
               options.trace},
          trace_(options.trace != nullptr && options.trace->on() ? options.trace : nullptr) {
        mine_.rank = team.rank();
        mine_.threads = static_cast<std::int32_t>(options.threads);
        thread_seconds_.assign(options.threads, 0.0);
        if (ctx_.progress.on) progress_counters().enabled.store(true);
    }

    PipelineResult run() {
        Batch batch;  // its buffers serve every batch in turn
        if (trace_ != nullptr) trace_->record(TracePhase::start, trace_track::main, trace_->origin(), Clock::now(), -1);
        for (std::int64_t index = 0;; ++index) {
            const bool first = index == 0;
            // 1. The header.
            if (trace_ != nullptr) trace_->set_batch(index);
            PathFailure read_failure;
            const BatchHeader header = data_.next_batch(team_, batch, read_failure);
            if (header.is_end()) return finish(header.exit_code, std::move(read_failure.message));
            const auto n = static_cast<std::size_t>(header.count);
            const auto started = Clock::now();
            if (first && team_.is_root() && notes_ != nullptr && data_.pairs_on_root()) {
                note_estimate(*notes_, options_, ctx_.profile, team_.size(), batch.pairs);
            }

            // 2. The schedule's work.
            maybe_inject_failure(team_.rank());
            const BatchWork work = compute(batch, n);
            {
                PhaseTimer timer(ctx_.phases.gather_wait, trace_, TracePhase::gather_wait);
                end_progress_round(team_, ctx_.progress);
            }
            const double seconds = seconds_since(started);

            // 3. The vote.
            const auto [outcome, exit_code, why] = vote(batch);
            if (outcome != Outcome::success) return finish(exit_code, why);

            // 4. Success: count it, and its results go out.
            account(batch, work);
            data_.deliver(batch, seconds);
        }
    }

private:
    // Rank 0 decides on progress (it depends on its stderr); every rank
    // learns it here, so workers report only when rank 0 listens.
    static ProgressPlan agree_on_progress(Team& team, const PipelineOptions& options) {
        const int mine =
            team.is_root() ? static_cast<int>(std::clamp(options.progress_interval_seconds * 1000, 0.0, 1e9)) : 0;
        return progress_plan(team.broadcast_ints({mine}, 1)[0]);
    }

    BatchWork compute(Batch& batch, std::size_t n) {
        if (team_.size() == 1 || !data_.pairs_on_root()) {
            // One rank, or every rank holds its own part: no distribution at all.
            PhaseTimer timer(ctx_.phases.compute, trace_, TracePhase::compute);
            BatchWork work;
            const std::size_t mine = batch.pairs.size();
            compute_reporting(team_, ctx_.progress,
                              [&] { work.add(ctx_.compute(batch.pairs.data(), mine, batch.results.data()), mine); });
            (void)n;
            return work;
        }
        if (options_.schedule == Schedule::dynamic) {
            // dispatch and compute overlap on rank 0
            PhaseTimer timer(ctx_.phases.compute, trace_, TracePhase::compute);
            return run_dynamic(ctx_, batch, stolen_pairs_);
        }
        return run_static(ctx_, batch, n);
    }

    struct Verdict {
        Outcome outcome = Outcome::success;
        int exit_code = 0;
        std::string why;  // rank 0
    };

    // The batch's one agreement: every rank says how its part ended and all
    // take the worst. The stop request is read here, once per batch.
    Verdict vote(const Batch& batch) {
        Verdict mine;
        if ((team_.is_root() || !data_.pairs_on_root()) && options_.verify && !stop_.requested()) {
            PhaseTimer timer(ctx_.phases.verify, trace_, TracePhase::verify);
            try {
                verify_results(options_.kernel, batch.pairs, batch.results, batch.input.pairs);
            } catch (const GcdError& e) {
                mine = {Outcome::verify_failed, e.exit_code(), e.what()};
            }
        }
        const int signal_number = stop_.signal();
        if (signal_number != 0) mine = {Outcome::stopped, exit_stopped, stop_message(signal_number)};
        if (PathFailure failed = data_.output_failure()) {
            mine = {Outcome::output_failed, failed.exit_code, std::move(failed.message)};
        }
        // A check or an output fails on the ranks that hold the pairs (rank 0
        // alone on the root path): the exit code element carries their codes,
        // the last element the highest failing rank; a stop's code and words
        // follow from the signal.
        const bool failed = mine.outcome == Outcome::verify_failed || mine.outcome == Outcome::output_failed;
        const TraceScope voting(trace_, TracePhase::vote);
        const std::vector<int> all = team_.max_over_ranks(
            {static_cast<int>(mine.outcome), failed ? mine.exit_code : 0, signal_number, failed ? team_.rank() : -1});
        Verdict agreed{static_cast<Outcome>(all[0]), all[1], mine.why};
        if (agreed.outcome == Outcome::stopped) {
            agreed.exit_code = exit_stopped;
            agreed.why = stop_message(all[2]);
        } else if (agreed.outcome != Outcome::success && team_.rank() == all[3] && !team_.is_root()) {
            // Rank 0 speaks for the job but has not seen this message: say it here.
            std::cerr << "gcd_mpi: rank " << team_.rank() << ": " << mine.why << '\n' << std::flush;
        } else if (agreed.outcome != Outcome::success && team_.is_root() && mine.outcome != agreed.outcome) {
            agreed.why = "rank " + std::to_string(all[3]) + " failed (its message is above)";
        }
        return agreed;
    }

    void account(const Batch& batch, const BatchWork& work) {
        if (team_.is_root() && data_.pairs_on_root()) {
            lower_bound_ += makespan_lower_bound(actual_work(ctx_.profile, batch.results), team_.size());
            if (ctx_.progress.on && ctx_.profile.costs_vary) settle_progress_estimate(batch);
        }
        ++batches_;
        mine_.pairs += work.pairs;
        mine_.candidates += work.candidates;
        mine_.compute_seconds += work.seconds;
        for (std::size_t t = 0; t < work.thread_seconds.size() && t < thread_seconds_.size(); ++t) {
            thread_seconds_[t] += work.thread_seconds[t];
        }
    }

    // The one way out, on every rank together: the output finishes (a write
    // failure that shows now still fails the run), every rank agrees on the
    // exit code, and the statistics of the batches finished are gathered once.
    PipelineResult finish(int exit_code, std::string error) {
        const auto finishing = Clock::now();
        if (trace_ != nullptr) trace_->set_batch(-1);
        PipelineResult out;
        if (PathFailure late = data_.finish(); late && exit_code == 0) {
            exit_code = late.exit_code;
            error = std::move(late.message);
        }
        const int agreed = team_.max_over_ranks({exit_code})[0];
        if (agreed != exit_code && error.empty()) error = "another rank failed";
        out.exit_code = agreed;
        out.error = std::move(error);
        mine_.max_rss_bytes = peak_rss_bytes();
        RankSummary summary{mine_, host_name(), thread_seconds_, {}, 0};
        if (trace_ != nullptr) {
            // This rank's timeline ends here; it travels in the one end-of-run gather.
            const auto end = Clock::now();
            trace_->record(TracePhase::finish, trace_track::main, finishing, end, -1);
            summary.trace = trace_->spans();
            summary.trace_end_ns = trace_->since_origin_ns(end);
        }
        for (RankSummary& rank : team_.gather_summaries(summary)) {
            out.per_rank.push_back(rank.stats);
            if (trace_ != nullptr) out.trace.push_back({std::move(rank.trace), rank.trace_end_ns, rank.host});
            out.hosts.push_back(std::move(rank.host));
            out.thread_seconds.push_back(std::move(rank.thread_seconds));
        }
        out.batches = batches_;
        out.lower_bound = lower_bound_;
        if (!data_.pairs_on_root()) {
            // Every rank computed its own part: no rank 0 saw every pair, so
            // the bound is the whole run's work over the ranks (a weaker but
            // still true bound than the per-batch one).
            double total = 0;
            for (const RankStats& rank : out.per_rank) {
                total += static_cast<double>(ctx_.profile.costs_vary ? rank.candidates : rank.pairs);
            }
            out.lower_bound = out.per_rank.empty() ? 0 : total / static_cast<double>(out.per_rank.size());
        }
        out.stolen_pairs = stolen_pairs_;
        out.phases = ctx_.phases;
        // Counted once, by the ranks that computed them. A failure: nothing
        // counts as complete. A stop keeps its count: the batches written
        // before it are in the output and the checkpoint.
        if (out.exit_code == 0 || out.exit_code == exit_stopped) {
            for (const RankStats& rank : out.per_rank) out.pairs += rank.pairs;
        }
        return out;
    }

    Team& team_;
    const PipelineOptions& options_;
    DataPath& data_;
    const StopFlag& stop_;
    std::ostream* notes_;
    ScheduleContext ctx_;
    RankStats mine_;
    std::vector<double> thread_seconds_;
    std::uint64_t batches_ = 0;
    double lower_bound_ = 0;  // rank 0
    std::uint64_t stolen_pairs_ = 0;
    TraceRecorder* trace_;  // nullptr: no trace
};
}  // namespace

PipelineResult run_pipeline(Team& team, const PipelineOptions& options, DataPath& data, const StopFlag& stop,
                            PhaseSeconds& phases, std::ostream* notes) {
    return BatchLoop(team, options, data, stop, phases, notes).run();
}

}  // namespace gcd_mpi::pipeline
