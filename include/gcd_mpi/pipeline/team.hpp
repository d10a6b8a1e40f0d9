#pragma once
/// The ranks working on one run, seen through the few collectives the
/// pipeline needs. Two implementations: one over Boost.MPI (mpi_team.cpp, the
/// only file that includes <boost/mpi...>) and one for a single process with
/// no MPI at all (the serial mode without a launcher).
///
/// Every method marked "collective" must be called by every rank, in the same
/// order, or the job hangs; the pipeline keeps that promise by broadcasting a
/// status before every step that could diverge.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gcd_mpi/core/pair.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/stats.hpp"

namespace gcd_mpi::pipeline {

/// What rank 0 tells every rank before each batch.
struct BatchHeader {
    std::int64_t count = 0;   ///< pairs in this batch
    std::int32_t status = 0;  ///< batch_follows, input_done, or an exit code to stop with

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & count & status; }
};
inline constexpr std::int32_t batch_follows = -1;
inline constexpr std::int32_t input_done = -2;

class Team {
public:
    virtual ~Team() = default;
    [[nodiscard]] virtual int rank() const noexcept = 0;
    [[nodiscard]] virtual int size() const noexcept = 0;
    [[nodiscard]] bool is_root() const noexcept { return rank() == 0; }
    /// e.g. "Open MPI v4.1.4" or "none (serial)".
    [[nodiscard]] virtual std::string mpi_library() const = 0;
    /// Thread support MPI granted ("single", "funneled", ...); "none" without MPI.
    [[nodiscard]] virtual std::string thread_level() const = 0;

    /// collective: rank 0's header reaches every rank.
    [[nodiscard]] virtual BatchHeader broadcast_header(const BatchHeader& on_root) = 0;
    /// collective: rank r receives counts[r] pairs from root's `all` at displs[r].
    /// `all` is read on root only; counts/displs are known on every rank.
    virtual void scatter_pairs(const Pair* all, const std::vector<int>& counts,
                               const std::vector<int>& displs, Pair* mine) = 0;
    /// collective: the reverse of scatter_pairs; `all` is written on root only.
    /// Waits (politely) for every rank to arrive first and returns the
    /// seconds of that wait, so callers can tell waiting from transfer.
    [[nodiscard]] virtual double gather_results(const PairResult* mine, const std::vector<int>& counts,
                                                const std::vector<int>& displs, PairResult* all) = 0;
    /// collective: the largest of every rank's `mine`, on every rank.
    [[nodiscard]] virtual int max_over_ranks(int mine) = 0;
    /// collective: root's per-rank counts reach every rank (size() entries).
    [[nodiscard]] virtual std::vector<int> broadcast_counts(const std::vector<int>& on_root) = 0;

    // Point-to-point, for the dynamic schedule. Only rank 0 hands out work.
    /// Root to `worker`: a chunk of pairs; an empty chunk means "no more work".
    /// Never waits for the worker: the team keeps the pairs until they have
    /// left. (Workers hold two chunks; a blocking send of the second would
    /// wait for a worker that is itself waiting to return the first.)
    virtual void send_chunk(int worker, std::vector<Pair> pairs) = 0;
    /// Root: returns once every chunk sent so far has left.
    virtual void wait_chunks_sent() = 0;
    /// Worker: receives the next chunk from root (empty = stop).
    virtual void receive_chunk(std::vector<Pair>& chunk) = 0;
    /// Worker to root: results of the last chunk (empty on the first request).
    virtual void send_results(const PairResult* results, int count) = 0;
    /// Root: a worker whose results are waiting, or -1 if none yet. Never blocks.
    [[nodiscard]] virtual int poll_results() = 0;
    /// Root: receives the waiting results of `worker`.
    virtual void receive_results(int worker, std::vector<PairResult>& results) = 0;

    // Progress, point-to-point, only once the pipeline enabled the progress
    // counters (progress.hpp) on every rank. Small reports with a tag of their
    // own; no collective, so a slow rank delays nothing. Rank 0 receives them
    // inside its polite waits (and in drain_progress) and keeps the sum of
    // every other rank's latest report in progress_counters().remote_*.
    /// Worker: sends its cumulative counts to rank 0 without waiting for them
    /// to arrive. `mine.last` ends the rank's work on the current batch: it
    /// must be sent exactly once per batch, and waits until every report has left.
    virtual void send_progress(const ProgressReport& mine) = 0;
    /// Root: takes in every report that has arrived. Never blocks.
    virtual void drain_progress() = 0;
    /// Root: returns once every other rank's last report of the current batch
    /// is in (so none is left unreceived), taking in reports meanwhile.
    virtual void await_progress_round() = 0;

    /// collective: every rank's stats, in rank order, on root (empty elsewhere).
    [[nodiscard]] virtual std::vector<RankStats> gather_stats(const RankStats& mine) = 0;
    /// collective: every rank's host name, in rank order, on root.
    [[nodiscard]] virtual std::vector<std::string> gather_hosts(const std::string& mine) = 0;
    /// collective: every rank's per-thread compute seconds, in rank order, on root.
    [[nodiscard]] virtual std::vector<std::vector<double>> gather_thread_seconds(
        const std::vector<double>& mine) = 0;

    /// Ends the whole job now with `exit_code` (MPI_Abort under MPI).
    [[noreturn]] virtual void abort(int exit_code) = 0;
};

/// A team of one process without MPI.
[[nodiscard]] std::unique_ptr<Team> make_serial_team();


}  // namespace gcd_mpi::pipeline
