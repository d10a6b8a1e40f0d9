#include "dynamic_schedule.hpp"

#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "gcd_mpi/core/plan.hpp"
#include "gcd_mpi/core/threads.hpp"

namespace gcd_mpi::pipeline::detail {

namespace {

// Rank 0's affinity queues behind a mutex. The main thread hands out chunks
// (and is the only thread calling MPI: "funneled"); where rank 0 computes
// (the profile says so), a compute thread takes rank 0's own chunks from the
// same queues.
class Dispenser {
public:
    Dispenser(const std::vector<std::uint64_t>& costs, const Assignment& plan, std::size_t min_items,
              const StopFlag& stop)
        : queues_(costs, plan, min_items), stop_(stop) {}
    /// The next chunk's input indices for `rank`; empty when it is done.
    std::vector<std::size_t> take(int rank) {
        if (stop_.requested()) return {};  // stop handing out work; the batch is discarded
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
    const StopFlag& stop_;
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

// Chunks each worker holds at once: the one it computes and the next, so a
// worker never waits a round trip for work (measured on the sample at -np 2
// with one chunk at a time: rank 1 idle ~40% of the run, 1.31x the bound).
constexpr std::size_t chunks_in_flight = 2;

BatchWork dispatch(const ScheduleContext& ctx, Channel& channel, Batch& batch, std::uint64_t& stolen_pairs) {
    const int size = ctx.team.size();
    estimate_costs(ctx.profile, batch.pairs, batch.costs);
    const std::vector<std::uint64_t>& costs = batch.costs;
    Dispenser dispenser(costs, plan_assignment(ctx.schedule, ctx.profile, costs, size), ctx.profile.min_chunk,
                        ctx.stop);
    // Per worker: the chunks sent and not yet answered, oldest first.
    std::vector<std::deque<std::vector<std::size_t>>> outstanding(static_cast<std::size_t>(size));
    std::vector<bool> ended(static_cast<std::size_t>(size), false);
    // Sends `worker` its next chunk, or the empty chunk that ends its batch.
    auto send_next = [&](int worker) {
        auto chunk = dispenser.take(worker);
        std::vector<Pair> pairs(chunk.size());
        to_send_order<Pair>(batch.pairs, chunk, pairs);
        channel.send_chunk(worker, std::move(pairs));
        if (chunk.empty()) {
            ended[static_cast<std::size_t>(worker)] = true;
        } else {
            outstanding[static_cast<std::size_t>(worker)].push_back(std::move(chunk));
        }
    };
    // Every worker gets its first chunks before rank 0 starts computing.
    for (std::size_t round = 0; round < chunks_in_flight; ++round) {
        for (int worker = 1; worker < size; ++worker) {
            if (!ended[static_cast<std::size_t>(worker)]) send_next(worker);
        }
    }
    BatchWork root_work;
    std::exception_ptr compute_error;
    std::optional<std::thread> computer;
    const ComputeThreadGuard guard(computer, dispenser);
    if (ctx.profile.root_computes) {
        computer.emplace(start_thread("rank 0 compute", [&] {
            try {
                std::vector<Pair> chunk_pairs;
                std::vector<PairResult> chunk_results;
                for (auto chunk = dispenser.take(0); !chunk.empty(); chunk = dispenser.take(0)) {
                    chunk_pairs.resize(chunk.size());
                    chunk_results.resize(chunk.size());
                    to_send_order<Pair>(batch.pairs, chunk, chunk_pairs);
                    root_work.add(ctx.compute(chunk_pairs.data(), chunk_pairs.size(), chunk_results.data()),
                                  chunk.size());
                    restore_input_order<PairResult>(chunk_results, chunk, batch.results);
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
    // Workers hold a spare chunk, so a reply may take a while: the channel
    // waits politely (see mpi_team.cpp for what that costs rank 0's compute).
    while (busy()) {
        const int worker = channel.receive_any_results(results);
        auto& queue = outstanding[static_cast<std::size_t>(worker)];
        if (queue.empty() || results.size() != queue.front().size()) {
            throw std::runtime_error("rank " + std::to_string(worker) + " returned " + std::to_string(results.size()) +
                                     " results for a chunk of " +
                                     std::to_string(queue.empty() ? 0 : queue.front().size()));
        }
        const std::vector<std::size_t> owed = std::move(queue.front());
        queue.pop_front();
        restore_input_order<PairResult>(results, owed, batch.results);
        if (!ended[static_cast<std::size_t>(worker)]) send_next(worker);
    }
    channel.wait_chunks_sent();  // the end markers
    if (computer) computer->join();
    if (compute_error) std::rethrow_exception(compute_error);
    stolen_pairs += dispenser.stolen_items();
    return root_work;
}

// Ranks > 0: receive, compute, return (which asks for more), until an empty
// chunk arrives.
BatchWork work(const ScheduleContext& ctx, Channel& channel) {
    BatchWork done;
    std::vector<Pair> chunk;
    std::vector<PairResult> results;
    for (;;) {
        channel.receive_chunk(chunk);
        if (chunk.empty()) break;
        results.resize(chunk.size());
        compute_reporting(ctx.team, ctx.progress,
                          [&] { done.add(ctx.compute(chunk.data(), chunk.size(), results.data()), chunk.size()); });
        channel.send_results(results.data(), static_cast<int>(results.size()));
    }
    return done;
}

}  // namespace

BatchWork run_dynamic(const ScheduleContext& ctx, Batch& batch, std::uint64_t& stolen_pairs) {
    Channel* channel = ctx.team.channel();
    if (channel == nullptr) throw std::logic_error("the dynamic schedule needs more than one rank");
    return ctx.team.is_root() ? dispatch(ctx, *channel, batch, stolen_pairs) : work(ctx, *channel);
}

}  // namespace gcd_mpi::pipeline::detail
