#pragma once
/// The ranks working on one run, seen through the few collectives the
/// pipeline needs, and, apart from them, the point-to-point Channel the
/// dynamic schedule and the progress reports use. Two teams: one over
/// Boost.MPI (src/mpi/, the only code that includes MPI) and one for a single
/// process without MPI (the serial mode without a launcher), which has no
/// channel at all.
///
/// Every method marked "collective" must be called by every rank, in the same
/// order, or the job hangs; the pipeline keeps that promise by giving every
/// batch the same shape on every rank (pipeline.cpp).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gcd_mpi/core/pair.hpp"
#include "gcd_mpi/core/progress.hpp"
#include "gcd_mpi/core/stats.hpp"
#include "gcd_mpi/core/trace.hpp"

namespace gcd_mpi::pipeline {

/// What a batch header announces.
enum class BatchKind : std::int32_t {
    pairs = 0,  ///< a batch of `count` pairs follows
    end = 1,    ///< no batch follows: the run ends with `exit_code` (0: the input is done)
};

/// What every rank learns before each batch. Flat (the kind travels as its
/// integer) so it moves as an MPI datatype.
struct BatchHeader {
    std::int64_t count = 0;      ///< pairs in this batch (kind pairs)
    std::int32_t kind = 0;       ///< a BatchKind
    std::int32_t exit_code = 0;  ///< kind end: 0 when the input is done, else why the run ends

    [[nodiscard]] static BatchHeader pairs(std::int64_t count) noexcept {
        return {count, static_cast<std::int32_t>(BatchKind::pairs), 0};
    }
    [[nodiscard]] static BatchHeader end(int exit_code) noexcept {
        return {0, static_cast<std::int32_t>(BatchKind::end), exit_code};
    }
    [[nodiscard]] bool is_end() const noexcept { return kind == static_cast<std::int32_t>(BatchKind::end); }

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) { ar & count & kind & exit_code; }
    // clang-format on
};

/// What one rank tells rank 0 once, at the end of the run.
struct RankSummary {
    RankStats stats;
    std::string host;
    std::vector<double> thread_seconds;  ///< per compute thread
    std::vector<TraceSpan> trace;        ///< --trace: this rank's spans (empty without)
    std::int64_t trace_end_ns = 0;       ///< --trace: when this rank entered this gather

    // clang-format reads `ar & a & b` as a declaration of references:
    // clang-format off
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & stats & host & thread_seconds & trace & trace_end_ns;
    }
    // clang-format on
};

/// Point-to-point messages between rank 0 and the others: the dynamic
/// schedule's chunks and results, and the progress reports. Only teams of
/// more than one rank have one.
class Channel {
public:
    virtual ~Channel() = default;

    // The dynamic schedule. Only rank 0 hands out work.
    /// Root to `worker`: a chunk of pairs; an empty chunk means "no more work".
    /// Never waits for the worker: the channel keeps the pairs until they have
    /// left. (Workers hold two chunks; a blocking send of the second would
    /// wait for a worker that is itself waiting to return the first.)
    virtual void send_chunk(int worker, std::vector<Pair> pairs) = 0;
    /// Root: returns once every chunk sent so far has left.
    virtual void wait_chunks_sent() = 0;
    /// Worker: waits (politely) for the next chunk from root (empty = stop).
    virtual void receive_chunk(std::vector<Pair>& chunk) = 0;
    /// Worker to root: results of the last chunk.
    virtual void send_results(const PairResult* results, int count) = 0;
    /// Root: waits (politely, taking in progress reports) until some worker's
    /// results are waiting, receives them and returns that worker's rank.
    [[nodiscard]] virtual int receive_any_results(std::vector<PairResult>& results) = 0;

    // Progress, only once the pipeline enabled the progress counters
    // (progress.hpp) on every rank. Small reports with a tag of their own; no
    // collective, so a slow rank delays nothing. Rank 0 receives them inside
    // its polite waits (and in drain_progress) and keeps the sum of every other
    // rank's latest report in progress_counters().remote_*.
    /// Worker: sends its cumulative counts to rank 0 without waiting for them
    /// to arrive. `mine.last` ends the rank's work on the current batch: it
    /// must be sent exactly once per batch, and waits until every report has left.
    virtual void send_progress(const ProgressReport& mine) = 0;
    /// Root: takes in every report that has arrived. Never blocks.
    virtual void drain_progress() = 0;
    /// Root: returns once every other rank's last report of the current batch
    /// is in (so none is left unreceived), taking in reports meanwhile.
    virtual void await_progress_round() = 0;
};

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

    /// collective: rank 0's header reaches every rank. Ranks wait here
    /// (politely) for rank 0's I/O.
    [[nodiscard]] virtual BatchHeader broadcast_header(const BatchHeader& on_root) = 0;
    /// collective: rank 0's integers reach every rank (`size` of them).
    [[nodiscard]] virtual std::vector<int> broadcast_ints(const std::vector<int>& on_root, std::size_t size) = 0;
    /// collective: rank r receives counts[r] pairs from root's `all` at displs[r].
    /// `all` is read on root only; counts/displs are known on every rank.
    virtual void scatter_pairs(const Pair* all, const std::vector<int>& counts, const std::vector<int>& displs,
                               Pair* mine) = 0;
    /// collective: the reverse of scatter_pairs; `all` is written on root only.
    /// Waits (politely) for every rank to arrive first and returns the
    /// seconds of that wait, so callers can tell waiting from transfer.
    [[nodiscard]] virtual double gather_results(const PairResult* mine, const std::vector<int>& counts,
                                                const std::vector<int>& displs, PairResult* all) = 0;
    /// collective: element by element, the largest of every rank's `mine`, on every rank.
    [[nodiscard]] virtual std::vector<int> max_over_ranks(const std::vector<int>& mine) = 0;
    /// collective: every rank's summary, in rank order, on root (empty elsewhere).
    [[nodiscard]] virtual std::vector<RankSummary> gather_summaries(const RankSummary& mine) = 0;

    /// The point-to-point channel; nullptr in a team of one.
    [[nodiscard]] virtual Channel* channel() noexcept = 0;

    /// Ends the whole job now with `exit_code` (MPI_Abort under MPI).
    [[noreturn]] virtual void abort(int exit_code) = 0;
};

/// A team of one process without MPI.
[[nodiscard]] std::unique_ptr<Team> make_serial_team();

}  // namespace gcd_mpi::pipeline
