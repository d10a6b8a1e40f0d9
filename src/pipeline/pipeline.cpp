#include "gcd_mpi/pipeline/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <exception>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <tuple>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <unistd.h>

#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/estimate.hpp"
#include "gcd_mpi/core/partition.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/stop.hpp"
#include "gcd_mpi/core/verify.hpp"
#include "gcd_mpi/core/threads.hpp"

namespace gcd_mpi::pipeline {

namespace {
using Clock = std::chrono::steady_clock;

class PhaseTimer {
public:
    explicit PhaseTimer(double& total) : total_(total), start_(Clock::now()) {}
    ~PhaseTimer() { total_ += std::chrono::duration<double>(Clock::now() - start_).count(); }
    PhaseTimer(const PhaseTimer&) = delete;
    PhaseTimer& operator=(const PhaseTimer&) = delete;

private:
    double& total_;
    Clock::time_point start_;
};

// The up-front note for a brute-force run that looks long (first batch only:
// the rest of the input is not read yet).
void note_estimate(std::ostream& notes, const PipelineOptions& options, int ranks,
                   const std::vector<InputPair>& batch) {
    if (!is_trial_kernel(options.kernel)) return;
    EstimateInput in;
    in.kernel = options.kernel;
    for (const auto& p : batch) in.candidates += static_cast<long double>(trial_cost_bound(magnitudes(p)));
    in.pairs = batch.size();
    // A batch shorter than --batch-size, and not cut at the cost limit, is all there is.
    in.whole_input = batch.size() < options.batch_pairs &&
                     (options.batch_cost_limit == 0 || in.candidates < static_cast<long double>(options.batch_cost_limit));
    in.workers = static_cast<std::uint64_t>(ranks) * options.threads;
    const std::string note = estimate_note(in, options.estimate_note_seconds);
    if (!note.empty()) notes << note << '\n' << std::flush;
}

// How often progress moves between ranks (see compute_reporting). Workers
// report at most 4 times a second, so rank 0 takes in a bounded number of
// messages whatever the job size; rank 0 looks twice per line it prints.
struct ProgressPlan {
    bool on = false;
    std::chrono::milliseconds worker_tick{1000};
    std::chrono::milliseconds root_tick{500};
};

ProgressPlan progress_plan(int interval_ms) {
    ProgressPlan plan;
    plan.on = interval_ms > 0;
    const auto half = std::chrono::milliseconds(std::max(1, interval_ms / 2));
    plan.worker_tick = std::clamp(half, std::chrono::milliseconds(250), std::chrono::milliseconds(5000));
    plan.root_tick = std::clamp(half, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
    return plan;
}

// Runs `compute` on a thread of its own while this rank's main thread -- the
// only one that may call MPI (funneled) -- keeps the job's progress moving: a
// worker sends its counts to rank 0 every tick, rank 0 takes reports in. The
// main thread sleeps on a condition variable between ticks, never spins.
// Without progress, or alone, it just calls `compute`.
template <class Compute>
void compute_reporting(Team& team, const ProgressPlan& plan, Compute&& compute) {
    if (!plan.on || team.size() == 1) {
        compute();
        return;
    }
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::exception_ptr compute_error;
    std::optional<std::thread> thread;
    try {
        thread.emplace([&] {
            try {
                compute();
            } catch (...) {
                compute_error = std::current_exception();
            }
            const std::lock_guard<std::mutex> lock(mutex);
            done = true;
            finished.notify_all();
        });
    } catch (const std::system_error&) {
        compute();  // no thread to spare: this batch's progress shows at its end
        return;
    }
    std::exception_ptr team_error;
    const auto tick = team.is_root() ? plan.root_tick : plan.worker_tick;
    std::unique_lock<std::mutex> lock(mutex);
    while (!finished.wait_for(lock, tick, [&] { return done; })) {
        lock.unlock();
        try {
            if (team.is_root()) team.drain_progress();
            else team.send_progress(local_progress(false));
        } catch (...) {
            team_error = std::current_exception();  // the thread is joined first
        }
        lock.lock();
        if (team_error) {
            finished.wait(lock, [&] { return done; });
            break;
        }
    }
    lock.unlock();
    thread->join();
    if (compute_error) std::rethrow_exception(compute_error);
    if (team_error) std::rethrow_exception(team_error);
}

std::string team_host_name() {
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
    const char* v = std::getenv("GCD_MPI_TEST_FAIL_RANK");
    if (v != nullptr && std::atoi(v) == rank) {
        throw std::runtime_error("injected failure (GCD_MPI_TEST_FAIL_RANK=" + std::string(v) + ")");
    }
}


// One-slot hand-over between two threads: at most one item waits, so rank 0
// holds at most three batches (being read, being computed, being written)
// and memory stays bounded whatever the input size.
template <class T>
class Handoff {
public:
    void put(T item) {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return !full_ || closed_; });
        if (closed_) return;
        item_ = std::move(item);
        full_ = true;
        cv_.notify_all();
    }
    /// Waits for an item; nullopt once closed and empty.
    std::optional<T> take() {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return full_ || closed_; });
        if (!full_) return std::nullopt;
        full_ = false;
        cv_.notify_all();
        return std::move(item_);
    }
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        cv_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    T item_{};
    bool full_ = false;
    bool closed_ = false;
};

// Rank 0's reader thread: reads batch k+1 while batch k is computed.
class Prefetcher {
public:
    struct Item {
        InputBatch batch;
        int status = batch_follows;  // or input_done, or an exit code
        std::string error;
    };
    /// `trial`: the progress counters also get each batch's estimated cost.
    Prefetcher(BatchSource& source, std::size_t max_pairs, double& busy_seconds, bool trial)
        : thread_(start_thread("reader", [this, &source, max_pairs, &busy_seconds, trial] {
              for (;;) {
                  Item item;
                  try {
                      PhaseTimer timer(busy_seconds);
                      item.status = source.next(item.batch, max_pairs) ? batch_follows : input_done;
                      count_read(item, trial);
                  } catch (const GcdError& e) {
                      item.status = e.exit_code();
                      item.error = e.what();
                  } catch (const std::exception& e) {
                      // e.g. bad_alloc: end the run with a message, never std::terminate.
                      item.status = exit_software;
                      item.error = std::string("rank 0: reading failed: ") + e.what();
                  }
                  const bool last = item.status != batch_follows;
                  slot_.put(std::move(item));
                  if (last || stopping_.load()) break;
              }
          })) {}
    ~Prefetcher() {
        stopping_.store(true);
        slot_.close();
        thread_.join();
    }
    Prefetcher(const Prefetcher&) = delete;
    Prefetcher& operator=(const Prefetcher&) = delete;
    Item next() {
        auto item = slot_.take();
        if (!item) return Item{{}, input_done, {}};
        return std::move(*item);
    }

private:
    // What the progress line's totals are made of: pairs and estimated cost
    // read so far, and whether that is the whole input.
    static void count_read(const Item& item, bool trial) {
        auto& c = progress_counters();
        if (!c.enabled.load(std::memory_order_relaxed)) return;
        c.pairs_read.fetch_add(item.batch.pairs.size(), std::memory_order_relaxed);
        if (trial) {
            for (const auto& p : item.batch.pairs) add_saturating(c.cost_read, trial_cost_bound(magnitudes(p)));
        }
        if (item.status == input_done) c.input_complete.store(true);
    }
    Handoff<Item> slot_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;  // last: starts after the members it uses exist
};

// Rank 0's writer thread: writes batch k while batch k+1 is computed. The
// first write error is kept and reported; later batches are dropped.
class Writer {
public:
    struct Item {
        InputBatch batch;
        std::vector<PairResult> results;
    };
    Writer(ResultSink& sink, double& busy_seconds)
        : thread_(start_thread("writer", [this, &sink, &busy_seconds] {
              while (auto item = slot_.take()) {
                  if (failed_.load()) continue;
                  try {
                      PhaseTimer timer(busy_seconds);
                      sink.write(item->batch, item->results);
                  } catch (const GcdError& e) {
                      fail(e.exit_code(), e.what());
                  } catch (const std::exception& e) {
                      fail(exit_software, std::string("rank 0: writing failed: ") + e.what());
                  }
              }
          })) {}
    ~Writer() { finish(); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    void put(Item item) { slot_.put(std::move(item)); }
    /// Waits until everything handed over is written.
    void finish() {
        slot_.close();
        if (thread_.joinable()) thread_.join();
    }
    [[nodiscard]] bool failed() const noexcept { return failed_.load(); }
    /// The first error: (exit code, message).
    std::pair<int, std::string> error() {
        std::lock_guard<std::mutex> lock(error_mutex_);
        return {exit_code_, error_};
    }

private:
    void fail(int exit_code, std::string message) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        error_ = std::move(message);
        exit_code_ = exit_code;
        failed_.store(true);
    }
    Handoff<Item> slot_;
    std::atomic<bool> failed_{false};
    std::mutex error_mutex_;
    std::string error_;
    int exit_code_ = 0;
    std::thread thread_;
};

// compute_block, or nothing at all for --io-only (the I/O floor benchmark).
BlockStats compute_or_skip(const PipelineOptions& options, const Pair* pairs, std::size_t count,
                           PairResult* results) {
    if (options.io_only) {
        std::fill(results, results + count, PairResult{});
        return BlockStats{0, 0, std::vector<double>(options.threads, 0.0)};
    }
    return compute_block(options.kernel, pairs, count, results, options.threads);
}

// What one rank did in one batch.
struct BatchWork {
    std::uint64_t pairs = 0;
    std::uint64_t candidates = 0;
    double seconds = 0;
    std::vector<double> thread_seconds;

    void add(const BlockStats& block, std::size_t count) {
        pairs += count;
        candidates += block.candidates;
        seconds += block.seconds;
        thread_seconds.resize(std::max(thread_seconds.size(), block.thread_seconds.size()), 0.0);
        for (std::size_t t = 0; t < block.thread_seconds.size(); ++t) thread_seconds[t] += block.thread_seconds[t];
    }
};

// The cost estimate schedules plan with: candidates for the trial kernels,
// one per pair for the fast ones (their cost hardly varies).
std::vector<std::uint64_t> estimated_costs(Kernel kernel, const std::vector<Pair>& pairs) {
    std::vector<std::uint64_t> costs(pairs.size(), 1);
    if (is_trial_kernel(kernel)) {
        for (std::size_t i = 0; i < pairs.size(); ++i) costs[i] = trial_cost_bound(pairs[i]);
    }
    return costs;
}

// What no schedule can beat for this batch, from the work actually done:
// candidates per pair for the trial kernels, one per pair otherwise.
double work_lower_bound(const PipelineOptions& options, const std::vector<PairResult>& results, int size) {
    std::vector<std::uint64_t> work(results.size(), 1);
    if (is_trial_kernel(options.kernel)) {
        for (std::size_t i = 0; i < results.size(); ++i) work[i] = results[i].candidates;
    }
    return makespan_lower_bound(work, size);
}

// block and balanced: one scatterv, one gatherv. Rank 0 lays the pairs out
// rank by rank (identity for block) and puts results back by the same order.
BatchWork run_static(Team& team, const PipelineOptions& options, const ProgressPlan& plan, std::size_t n,
                     const std::vector<Pair>& all_pairs, std::vector<PairResult>& all_results,
                     PhaseSeconds& phases) {
    const bool root = team.is_root();
    const int size = team.size();
    Assignment assignment;
    std::vector<int> counts;
    // With the fast kernels every pair costs the same estimate, and for equal
    // costs contiguous equal blocks are already optimal: skip LPT's sort and
    // the permutation copies (they cost more than Euclid itself here).
    const bool permuted = options.schedule == Schedule::balanced && is_trial_kernel(options.kernel);
    if (permuted) {
        if (root) assignment = balanced_assignment(estimated_costs(options.kernel, all_pairs), size);
        PhaseTimer timer(phases.scatter);
        counts = team.broadcast_counts(assignment.counts);
    } else if (!is_trial_kernel(options.kernel)) {
        // The fast kernels are I/O-bound: rank 0 already parses and formats
        // every pair (in its reader and writer threads), so its compute share
        // goes to the other ranks. Measured at -np 2 on 2 cores: rank 0's
        // half took 3x longer than rank 1's, the whole run waited for it.
        counts = block_counts(n, size - 1);
        counts.insert(counts.begin(), 0);
    } else {
        counts = block_counts(n, size);
    }
    const std::vector<int> displs = displacements(counts);

    std::vector<Pair> send;  // root, balanced only: pairs in send layout
    if (root && permuted) {
        send.resize(n);
        to_send_order<Pair>(all_pairs, assignment.order, send);
    }
    const auto my_count = static_cast<std::size_t>(counts[static_cast<std::size_t>(team.rank())]);
    std::vector<Pair> my_pairs(my_count);
    std::vector<PairResult> my_results(my_count);
    {
        PhaseTimer timer(phases.scatter);
        team.scatter_pairs(permuted ? send.data() : all_pairs.data(), counts, displs, my_pairs.data());
    }
    BatchWork work;
    {
        PhaseTimer timer(phases.compute);
        compute_reporting(team, plan, [&] {
            work.add(compute_or_skip(options, my_pairs.data(), my_count, my_results.data()), my_count);
        });
    }
    std::vector<PairResult> received;  // root, balanced only
    if (root && permuted) received.resize(n);
    {
        // gather_wait: waiting for the slowest rank to finish computing;
        // gather: the transfer itself, once every rank is there.
        const auto start = Clock::now();
        const double waited =
            team.gather_results(my_results.data(), counts, displs, permuted ? received.data() : all_results.data());
        phases.gather_wait += waited;
        phases.gather += std::max(0.0, std::chrono::duration<double>(Clock::now() - start).count() - waited);
    }
    if (root && permuted) {
        restore_input_order<PairResult>(received, assignment.order, all_results);
    }
    return work;
}

// The plan both dynamic and balanced start from. The fast kernels give rank
// 0 nothing when other ranks exist (see run_static).
Assignment static_plan(const PipelineOptions& options, const std::vector<std::uint64_t>& costs, int size) {
    if (is_trial_kernel(options.kernel) || size == 1) return balanced_assignment(costs, size);
    Assignment plan = block_assignment(costs.size(), size - 1);
    plan.counts.insert(plan.counts.begin(), 0);
    return plan;
}

// dynamic, rank 0: affinity queues behind a mutex. The main thread hands out
// chunks (and is the only thread calling MPI: "funneled"); for the trial
// kernels a compute thread takes rank 0's own chunks from the same queues, so
// rank 0's core computes too.
class Dispenser {
public:
    Dispenser(const std::vector<std::uint64_t>& costs, const Assignment& plan, std::size_t min_items)
        : queues_(costs, plan, min_items) {}
    /// The next chunk's input indices for `rank`; empty when it is done.
    std::vector<std::size_t> take(int rank) {
        if (stop_requested()) return {};  // stop handing out work; the batch is discarded
        std::lock_guard<std::mutex> lock(mutex_);
        if (closed_) return {};
        return queues_.take(rank);
    }
    /// No more chunks for anyone (the dispatcher failed).
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
    }
    std::uint64_t stolen_items() {
        std::lock_guard<std::mutex> lock(mutex_);
        return queues_.stolen_items();
    }

private:
    std::mutex mutex_;
    AffinityQueues queues_;
    bool closed_ = false;
};

// Rank 0's compute thread must be joined on every way out of the dispatcher,
// or an exception there would end in std::terminate instead of the error
// message and MPI_Abort that main gives it.
class ComputeThreadGuard {
public:
    ComputeThreadGuard(std::optional<std::thread>& thread, Dispenser& dispenser)
        : thread_(thread), dispenser_(dispenser) {}
    ~ComputeThreadGuard() {
        if (thread_ && thread_->joinable()) {
            dispenser_.close();  // the thread finishes its chunk and stops
            thread_->join();
        }
    }
    ComputeThreadGuard(const ComputeThreadGuard&) = delete;
    ComputeThreadGuard& operator=(const ComputeThreadGuard&) = delete;

private:
    std::optional<std::thread>& thread_;
    Dispenser& dispenser_;
};

std::size_t min_chunk_items(Kernel kernel) {
    // Fast kernels: ~100 ns a pair, so a chunk must hold thousands to be worth
    // a message. Trial pairs cost milliseconds or more each: one is enough.
    return is_trial_kernel(kernel) ? 1 : 4096;
}

// Chunks each worker holds at once: the one it computes and the next, so a
// worker never waits a round trip for work (measured on the sample at -np 2
// with one chunk at a time: rank 1 idle ~40% of the run, 1.31x the bound).
constexpr std::size_t chunks_in_flight = 2;

BatchWork dispatch_dynamic(Team& team, const PipelineOptions& options, const ProgressPlan& plan,
                           const std::vector<Pair>& all_pairs, std::vector<PairResult>& all_results,
                           std::uint64_t& stolen_items) {
    const std::vector<std::uint64_t> costs = estimated_costs(options.kernel, all_pairs);
    Dispenser dispenser(costs, static_plan(options, costs, team.size()), min_chunk_items(options.kernel));
    // Per worker: the chunks sent and not yet answered, oldest first.
    std::vector<std::deque<std::vector<std::size_t>>> outstanding(static_cast<std::size_t>(team.size()));
    std::vector<bool> ended(static_cast<std::size_t>(team.size()), false);
    // Sends `worker` its next chunk, or the empty chunk that ends its batch.
    auto send_next = [&](int worker) {
        auto chunk = dispenser.take(worker);
        std::vector<Pair> pairs(chunk.size());
        to_send_order<Pair>(all_pairs, chunk, pairs);
        team.send_chunk(worker, std::move(pairs));
        if (chunk.empty()) {
            ended[static_cast<std::size_t>(worker)] = true;
        } else {
            outstanding[static_cast<std::size_t>(worker)].push_back(std::move(chunk));
        }
    };
    // Every worker gets its first chunks before rank 0 starts computing.
    for (std::size_t round = 0; round < chunks_in_flight; ++round) {
        for (int worker = 1; worker < team.size(); ++worker) {
            if (!ended[static_cast<std::size_t>(worker)]) send_next(worker);
        }
    }
    BatchWork root_work;
    std::exception_ptr compute_error;
    std::optional<std::thread> computer;
    const ComputeThreadGuard guard(computer, dispenser);
    if (is_trial_kernel(options.kernel)) {
        computer.emplace(start_thread("rank 0 compute", [&] {
            try {
                std::vector<Pair> chunk_pairs;
                std::vector<PairResult> chunk_results;
                for (auto chunk = dispenser.take(0); !chunk.empty(); chunk = dispenser.take(0)) {
                    chunk_pairs.resize(chunk.size());
                    chunk_results.resize(chunk.size());
                    to_send_order<Pair>(all_pairs, chunk, chunk_pairs);
                    root_work.add(
                        compute_or_skip(options, chunk_pairs.data(), chunk_pairs.size(), chunk_results.data()),
                        chunk.size());
                    restore_input_order<PairResult>(chunk_results, chunk, all_results);
                }
            } catch (...) {
                compute_error = std::current_exception();
            }
        }));
    }

    std::vector<PairResult> results;
    auto busy = [&] {
        return std::any_of(outstanding.begin(), outstanding.end(), [](const auto& q) { return !q.empty(); });
    };
    // The dispatcher shares rank 0's core with its compute thread: every
    // wake-up slows that thread down. Measured on the skewed workload at -np 2
    // (rank 0's candidates/s against rank 1's): a fixed 200 us poll cost 20%,
    // backing off to 100-300 us 10-15%, to 1 ms 2-6%. Workers hold a spare
    // chunk, so a reply may take a while: back off to 1 ms while nothing arrives.
    const auto first_pause = std::chrono::microseconds(50);
    auto pause = first_pause;
    while (busy()) {
        if (plan.on) team.drain_progress();
        const int worker = team.poll_results();
        if (worker < 0) {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds(1000));
            continue;
        }
        pause = first_pause;
        team.receive_results(worker, results);
        auto& queue = outstanding[static_cast<std::size_t>(worker)];
        if (queue.empty() || results.size() != queue.front().size()) {
            throw std::runtime_error("rank " + std::to_string(worker) + " returned " +
                                     std::to_string(results.size()) + " results for a chunk of " +
                                     std::to_string(queue.empty() ? 0 : queue.front().size()));
        }
        const std::vector<std::size_t> owed = std::move(queue.front());
        queue.pop_front();
        restore_input_order<PairResult>(results, owed, all_results);
        if (!ended[static_cast<std::size_t>(worker)]) send_next(worker);
    }
    team.wait_chunks_sent();  // the end markers
    if (computer) computer->join();
    if (compute_error) std::rethrow_exception(compute_error);
    stolen_items = dispenser.stolen_items();
    return root_work;
}

// dynamic, ranks > 0: receive, compute, return (which asks for more), until
// an empty chunk arrives.
BatchWork work_dynamic(Team& team, const PipelineOptions& options, const ProgressPlan& plan) {
    BatchWork work;
    std::vector<Pair> chunk;
    std::vector<PairResult> results;
    for (;;) {
        team.receive_chunk(chunk);
        if (chunk.empty()) break;
        results.resize(chunk.size());
        compute_reporting(team, plan, [&] {
            work.add(compute_or_skip(options, chunk.data(), chunk.size(), results.data()), chunk.size());
        });
        team.send_results(results.data(), static_cast<int>(results.size()));
    }
    return work;
}
}  // namespace

PipelineResult run_pipeline(Team& team, const PipelineOptions& options, BatchSource* source,
                            ResultSink* sink, std::ostream* notes) {
    PipelineResult out;
    const bool root = team.is_root();
    const int size = team.size();
    const int rank = team.rank();
    const bool trial = is_trial_kernel(options.kernel);

    // Rank 0 decides on progress (it depends on its stderr); every rank
    // learns it here, so workers report only when rank 0 listens.
    const int progress_ms = team.broadcast_counts(
        {root ? static_cast<int>(std::clamp(options.progress_interval_seconds * 1000, 0.0, 1e9)) : 0})[0];
    const ProgressPlan plan = progress_plan(progress_ms);
    if (plan.on) progress_counters().enabled.store(true);

    RankStats mine;
    mine.rank = rank;
    mine.threads = static_cast<std::int32_t>(options.threads);
    std::vector<double> my_thread_seconds(options.threads, 0.0);

    InputBatch batch;                     // root: the batch as read
    std::vector<Pair> all_pairs;          // root: what is sent
    std::vector<PairResult> all_results;  // root: what comes back, in input order
    bool first_batch = true;
    // Root only: reading and writing run in their own threads, so rank 0's
    // I/O overlaps everyone's computing. Neither thread calls MPI.
    std::optional<Prefetcher> reader;
    std::optional<Writer> writer;
    if (root) {
        reader.emplace(*source, options.batch_pairs, out.phases.read, trial);
        writer.emplace(*sink, out.phases.write);
    }

    // Every way out of this loop is one every rank takes together (a header
    // or the stop vote), so all of them reach the statistics gathers below.
    for (;;) {
        BatchHeader header;
        if (root) {
            if (writer->failed()) {
                std::tie(header.status, out.error) = writer->error();
            } else if (stop_requested()) {
                out.error = stop_message(stop_signal());
                header.status = exit_stopped;
            } else {
                PhaseTimer timer(out.phases.read_wait);
                Prefetcher::Item item = reader->next();
                batch = std::move(item.batch);
                header.status = item.status;
                header.count = static_cast<std::int64_t>(batch.pairs.size());
                out.error = std::move(item.error);
            }
        }
        // Agree before diverging: every rank learns whether a batch follows.
        header = team.broadcast_header(header);
        if (header.status == input_done) break;
        if (header.status != batch_follows) {
            out.exit_code = header.status;
            break;
        }

        const auto n = static_cast<std::size_t>(header.count);
        const auto batch_started = Clock::now();
        if (root) {
            if (first_batch && notes != nullptr) note_estimate(*notes, options, size, batch.pairs);
            all_pairs.resize(n);
            std::transform(batch.pairs.begin(), batch.pairs.end(), all_pairs.begin(), magnitudes);
            all_results.assign(n, PairResult{});
        }
        first_batch = false;

        maybe_inject_failure(rank);
        BatchWork work;
        if (size == 1) {
            // One rank: no distribution work at all.
            PhaseTimer timer(out.phases.compute);
            work.add(compute_or_skip(options, all_pairs.data(), n, all_results.data()), n);
        } else if (options.schedule == Schedule::dynamic) {
            PhaseTimer timer(out.phases.compute);  // dispatch and compute overlap on rank 0
            std::uint64_t stolen = 0;
            work = root ? dispatch_dynamic(team, options, plan, all_pairs, all_results, stolen)
                        : work_dynamic(team, options, plan);
            out.stolen_pairs += stolen;
        } else {
            work = run_static(team, options, plan, n, all_pairs, all_results, out.phases);
        }
        if (plan.on && size > 1) {
            // Every worker's last report of the batch is in before the vote,
            // so no progress message is ever left unreceived.
            PhaseTimer timer(out.phases.gather_wait);
            if (root) team.await_progress_round();
            else team.send_progress(local_progress(true));
        }
        // Agree on a stop request (a signal to any rank) before using results:
        // an interrupted block's results are incomplete and never written.
        if (const int signal_number = team.max_over_ranks(stop_signal()); signal_number != 0) {
            out.exit_code = exit_stopped;
            out.error = stop_message(signal_number);
            break;
        }
        if (root) source->batch_done(std::chrono::duration<double>(Clock::now() - batch_started).count());
        if (root) {
            out.lower_bound += work_lower_bound(options, all_results, size);
            if (plan.on && trial) {
                // The batch's estimate gives way to its real candidate count.
                // (Per pair the estimate min(a, b) is never below the count.)
                std::uint64_t overestimate = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const std::uint64_t estimate = trial_cost_bound(all_pairs[i]);
                    const std::uint64_t extra = estimate - std::min(estimate, all_results[i].candidates);
                    overestimate = overestimate + extra < overestimate ? UINT64_MAX : overestimate + extra;
                }
                auto& cost = progress_counters().cost_read;
                cost.fetch_sub(std::min(overestimate, cost.load()));
            }
        }
        mine.pairs += work.pairs;
        mine.candidates += work.candidates;
        mine.compute_seconds += work.seconds;
        for (std::size_t t = 0; t < work.thread_seconds.size() && t < my_thread_seconds.size(); ++t) {
            my_thread_seconds[t] += work.thread_seconds[t];
        }

        if (root) {
            if (options.verify) {
                PhaseTimer timer(out.phases.verify);
                try {
                    verify_results(options.kernel, all_pairs, all_results, batch.pairs);
                } catch (const GcdError& e) {
                    // This batch is not written; every rank learns it from the
                    // header and leaves the loop with rank 0.
                    out.error = e.what();
                    BatchHeader stop{0, e.exit_code()};
                    (void)team.broadcast_header(stop);
                    out.exit_code = e.exit_code();
                    break;
                }
            }
            PhaseTimer timer(out.phases.write_wait);
            out.pairs += n;
            writer->put(Writer::Item{std::move(batch), std::move(all_results)});
            all_results = {};
        }
        ++out.batches;
    }
    if (root) {
        writer->finish();  // the batches before a stop or failure are complete
        if (writer->failed()) std::tie(out.exit_code, out.error) = writer->error();
    }

    // Every rank reaches these collectives: all left the loop together. On a
    // stop they give the report the statistics of the batches finished.
    mine.max_rss_bytes = peak_rss_bytes();
    out.per_rank = team.gather_stats(mine);
    out.hosts = team.gather_hosts(team_host_name());
    out.thread_seconds = team.gather_thread_seconds(my_thread_seconds);
    // A failed write: nothing counts as complete. A stop keeps its count: the
    // batches written before it are in the output and the checkpoint.
    if (root && out.exit_code != 0 && out.exit_code != exit_stopped) out.pairs = 0;
    return out;
}

}  // namespace gcd_mpi::pipeline
