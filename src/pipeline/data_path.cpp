// The data paths. The root path: rank 0 reads, parses, formats and writes every pair,
// in a reader and a writer thread of its own, so its I/O overlaps everyone's
// computing. Neither thread calls MPI (the team is "funneled").

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/threads.hpp"
#include "gcd_mpi/pipeline/data_path.hpp"
#include "phase_timer.hpp"

namespace gcd_mpi::pipeline {

namespace {
using detail::PhaseTimer;

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
        bool more = false;    // a batch follows (else the input is done, or failed)
        PathFailure failure;  // the read failed
    };
    Prefetcher(BatchSource& source, std::size_t max_pairs, double& busy_seconds, bool count_costs, TraceRecorder* trace)
        : thread_(start_thread("reader", [this, &source, max_pairs, &busy_seconds, count_costs, trace] {
              for (std::int64_t index = 0;; ++index) {
                  Item item;
                  try {
                      PhaseTimer timer(busy_seconds, trace, TracePhase::read, trace_track::reader, index);
                      item.more = source.next(item.batch, max_pairs);
                      count_read(item, count_costs);
                  } catch (const GcdError& e) {
                      item = Item{{}, false, {e.exit_code(), e.what()}};
                  } catch (const std::exception& e) {
                      // e.g. bad_alloc: end the run with a message, never std::terminate.
                      item = Item{{}, false, {exit_software, std::string("rank 0: reading failed: ") + e.what()}};
                  }
                  const bool last = !item.more;
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
        if (!item) return Item{};
        return std::move(*item);
    }

private:
    // What the progress line's totals are made of: pairs and estimated cost
    // read so far, and whether that is the whole input.
    static void count_read(const Item& item, bool count_costs) {
        auto& c = progress_counters();
        if (!c.enabled.load(std::memory_order_relaxed)) return;
        c.pairs_read.fetch_add(item.batch.pairs.size(), std::memory_order_relaxed);
        if (count_costs) {
            for (const auto& p : item.batch.pairs) add_saturating(c.cost_read, trial_cost_bound(magnitudes(p)));
        }
        if (!item.more) c.input_complete.store(true);
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
    Writer(ResultSink& sink, double& busy_seconds, TraceRecorder* trace)
        : thread_(start_thread("writer", [this, &sink, &busy_seconds, trace] {
              // Batches are delivered in order, so the k-th write is batch k.
              for (std::int64_t index = 0; auto item = slot_.take(); ++index) {
                  if (failed_.load()) continue;
                  try {
                      PhaseTimer timer(busy_seconds, trace, TracePhase::write, trace_track::writer, index);
                      sink.write(item->batch, item->results);
                  } catch (const GcdError& e) {
                      fail({e.exit_code(), e.what()});
                  } catch (const std::exception& e) {
                      fail({exit_software, std::string("rank 0: writing failed: ") + e.what()});
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
    /// The first error, or none.
    PathFailure failure() {
        if (!failed_.load()) return {};
        std::lock_guard<std::mutex> lock(error_mutex_);
        return failure_;
    }

private:
    void fail(PathFailure failure) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        failure_ = std::move(failure);
        failed_.store(true);
    }
    Handoff<Item> slot_;
    std::atomic<bool> failed_{false};
    std::mutex error_mutex_;
    PathFailure failure_;
    std::thread thread_;
};

class RootDataPath final : public DataPath {
public:
    RootDataPath(const Team& team, BatchSource* source, ResultSink* sink, std::size_t batch_pairs, bool count_costs,
                 PhaseSeconds& phases, TraceRecorder* trace)
        : source_(source), phases_(phases), trace_(trace) {
        if (team.is_root()) {
            reader_.emplace(*source, batch_pairs, phases.read, count_costs, trace);
            writer_.emplace(*sink, phases.write, trace);
        }
    }
    BatchHeader next_batch(Team& team, Batch& batch, PathFailure& failure) override {
        BatchHeader header;
        if (reader_) {
            PhaseTimer timer(phases_.read_wait, trace_, TracePhase::read_wait);
            Prefetcher::Item item = reader_->next();
            batch.input = std::move(item.batch);
            header = item.more ? BatchHeader::pairs(static_cast<std::int64_t>(batch.input.pairs.size()))
                               : BatchHeader::end(item.failure.exit_code);
            failure = std::move(item.failure);
            batch.pairs.resize(batch.input.pairs.size());
            std::transform(batch.input.pairs.begin(), batch.input.pairs.end(), batch.pairs.begin(), magnitudes);
            batch.results.assign(batch.pairs.size(), PairResult{});
        }
        // Agree before diverging: every rank learns whether a batch follows.
        const TraceScope waiting(trace_, TracePhase::wait);
        return team.broadcast_header(header);
    }
    PathFailure output_failure() override { return writer_ ? writer_->failure() : PathFailure{}; }
    void deliver(Batch& batch, double seconds) override {
        if (!writer_) return;
        source_->batch_done(seconds);
        PhaseTimer timer(phases_.write_wait, trace_, TracePhase::write_wait);
        writer_->put(Writer::Item{std::move(batch.input), std::move(batch.results)});
    }
    PathFailure finish() override {
        if (!writer_) return {};
        writer_->finish();  // the batches delivered before a stop or failure are complete
        return writer_->failure();
    }

private:
    BatchSource* source_;
    PhaseSeconds& phases_;
    TraceRecorder* trace_;
    std::optional<Prefetcher> reader_;  // rank 0 only
    std::optional<Writer> writer_;      // rank 0 only
};
}  // namespace

std::unique_ptr<DataPath> make_root_data_path(const Team& team, BatchSource* source, ResultSink* sink,
                                              std::size_t batch_pairs, bool count_costs, PhaseSeconds& phases,
                                              TraceRecorder* trace) {
    return std::make_unique<RootDataPath>(team, source, sink, batch_pairs, count_costs, phases, trace);
}

}  // namespace gcd_mpi::pipeline
