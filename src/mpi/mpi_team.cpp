// The only translation unit that talks MPI. Wire types are marked as MPI
// datatypes here, so Boost.MPI sends them with MPI_Scatterv/MPI_Gatherv
// directly instead of through packed archives (measured 20-40x faster for the
// vector forms; see docs/performance.md).

#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/datatype.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <list>
#include <optional>
#include <thread>

#include "gcd_mpi/mpi/mpi_team.hpp"

#include "gcd_mpi/mpi/mpi_info.hpp"

BOOST_IS_MPI_DATATYPE(gcd_mpi::Pair)
BOOST_IS_MPI_DATATYPE(gcd_mpi::PairResult)
BOOST_IS_MPI_DATATYPE(gcd_mpi::RankStats)
BOOST_IS_MPI_DATATYPE(gcd_mpi::pipeline::BatchHeader)
BOOST_IS_MPI_DATATYPE(gcd_mpi::ProgressReport)

namespace gcd_mpi::mpi {

namespace bmpi = boost::mpi;
using pipeline::BatchHeader;
using pipeline::Channel;
using pipeline::RankSummary;
using pipeline::Team;

namespace {

std::string level_name(bmpi::threading::level level) {
    switch (level) {
        case bmpi::threading::single:
            return "single";
        case bmpi::threading::funneled:
            return "funneled";
        case bmpi::threading::serialized:
            return "serialized";
        case bmpi::threading::multiple:
            return "multiple";
    }
    return "?";
}

// Boost.MPI dereferences the buffer pointer to find the datatype even when
// the count is zero; hand it a real object so no rank dereferences null.
template <class T>
const T* nonnull(const T* p) {
    static const T dummy{};
    return p != nullptr ? p : &dummy;
}
template <class T>
T* nonnull(T* p) {
    static thread_local T dummy{};
    return p != nullptr ? p : &dummy;
}

// Open MPI's blocking calls busy-poll. A rank waiting for rank 0's next batch,
// or rank 0 waiting for the others to finish computing, would burn a core
// that rank 0's reader and writer threads (or another rank) need: measured
// here, 10^7 pairs at -np 2 took 12.3 s instead of ~3 s. So every long wait
// happens here, politely: test, then sleep with a backoff capped at 1 ms; the
// data itself then moves with Boost.MPI's calls, all ranks ready. The
// dispatcher shares rank 0's core with its compute thread, so every wake-up
// there slows that thread down; measured on the skewed workload at -np 2
// (rank 0's candidates/s against rank 1's): a fixed 200 us poll cost 20%,
// backing off to 100-300 us 10-15%, to 1 ms 2-6%. `meanwhile` runs between
// tests (rank 0 takes in progress reports there).
//
// Under SimGrid's SMPI (the smpi build) a real sleep is real time that SMPI
// charges to the rank as compute, so there the pause is a sleep in simulated
// time (smpi_usleep, declared by the smpi_helpers.h that smpicxx includes):
// the simulated program polls with the same backoff as the real one.
void pause_between_tests(std::chrono::microseconds pause) {
#if defined(GCD_MPI_SMPI) && GCD_MPI_SMPI
    smpi_usleep(static_cast<useconds_t>(pause.count()));
#else
    std::this_thread::sleep_for(pause);
#endif
}
template <class Ready, class Meanwhile>
void wait_politely(Ready ready, Meanwhile meanwhile) {
    for (int spin = 0; spin < 100; ++spin) {
        if (ready()) return;
    }
    auto pause = std::chrono::microseconds(20);
    for (;;) {
        pause_between_tests(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
        meanwhile();
        if (ready()) return;
    }
}
template <class Ready>
void wait_politely(Ready ready) {
    wait_politely(ready, [] {});
}
bool is_done(MPI_Request& request) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    return done != 0;
}
bool is_done(bmpi::request& request) { return request.test().has_value(); }

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

constexpr int tag_chunk = 1;
constexpr int tag_results = 2;
constexpr int tag_progress = 3;

// The point-to-point side: chunks and results of the dynamic schedule, and
// progress reports, each on a tag of its own.
class MpiChannel final : public Channel {
public:
    explicit MpiChannel(bmpi::communicator& world) : world_(world) {
        latest_.assign(static_cast<std::size_t>(world_.size()), ProgressReport{});
        lasts_.assign(static_cast<std::size_t>(world_.size()), 0);
    }
    void send_chunk(int worker, std::vector<Pair> pairs) override {
        forget_sent_chunks();
        auto& sending = sending_.emplace_back();
        sending.pairs = std::move(pairs);
        sending.request =
            world_.isend(worker, tag_chunk, nonnull(sending.pairs.data()), static_cast<int>(sending.pairs.size()));
    }
    void wait_chunks_sent() override {
        for (auto& sending : sending_) wait_politely([&] { return is_done(sending.request); });
        sending_.clear();
    }
    void receive_chunk(std::vector<Pair>& chunk) override {
        wait_politely([&] { return world_.iprobe(0, tag_chunk).has_value(); });
        const bmpi::status st = world_.probe(0, tag_chunk);
        chunk.resize(static_cast<std::size_t>(st.count<Pair>().value_or(0)));
        world_.recv(0, tag_chunk, nonnull(chunk.data()), static_cast<int>(chunk.size()));
    }
    void send_results(const PairResult* results, int count) override {
        world_.send(0, tag_results, nonnull(results), count);
    }
    int receive_any_results(std::vector<PairResult>& results) override {
        drain_if_listening();
        int worker = -1;
        wait_politely(
            [&] {
                const auto st = world_.iprobe(bmpi::any_source, tag_results);
                if (st) worker = st->source();
                return st.has_value();
            },
            [&] { drain_if_listening(); });
        const bmpi::status st = world_.probe(worker, tag_results);
        results.resize(static_cast<std::size_t>(st.count<PairResult>().value_or(0)));
        world_.recv(worker, tag_results, nonnull(results.data()), static_cast<int>(results.size()));
        return worker;
    }
    void send_progress(const ProgressReport& mine) override {
        progress_sends_.remove_if([](SendingProgress& s) { return is_done(s.request); });
        auto& sending = progress_sends_.emplace_back();
        sending.report = mine;
        sending.request = world_.isend(0, tag_progress, sending.report);
        if (mine.last != 0) {
            // Rank 0 takes reports in wherever it waits, so these complete.
            for (auto& s : progress_sends_) wait_politely([&] { return is_done(s.request); });
            progress_sends_.clear();
        }
    }
    void drain_progress() override {
        if (world_.rank() != 0) return;
        bool changed = false;
        while (const auto st = world_.iprobe(bmpi::any_source, tag_progress)) {
            ProgressReport report;
            world_.recv(st->source(), tag_progress, report);
            const auto from = static_cast<std::size_t>(st->source());
            // A rank's reports arrive in order (MPI does not overtake), so the
            // latest one holds its newest cumulative counts.
            latest_[from] = report;
            if (report.last != 0) ++lasts_[from];
            changed = true;
        }
        if (!changed) return;
        ProgressReport sum;
        for (std::size_t r = 1; r < latest_.size(); ++r) {
            sum.candidates += latest_[r].candidates;
            sum.pairs += latest_[r].pairs;
        }
        auto& counters = progress_counters();
        counters.remote_candidates.store(sum.candidates, std::memory_order_relaxed);
        counters.remote_pairs.store(sum.pairs, std::memory_order_relaxed);
    }
    void await_progress_round() override {
        if (world_.rank() != 0) return;
        ++rounds_;
        drain_progress();
        wait_politely(
            [&] {
                return std::all_of(lasts_.begin() + 1, lasts_.end(), [&](std::uint64_t n) { return n >= rounds_; });
            },
            [&] { drain_progress(); });
    }
    /// Root, inside any wait: takes in progress reports if the pipeline enabled them.
    void drain_if_listening() {
        if (world_.rank() == 0 && progress_counters().enabled.load(std::memory_order_relaxed)) drain_progress();
    }

private:
    /// Drops the chunks that have left (their buffers were kept until then).
    void forget_sent_chunks() {
        sending_.remove_if([](SendingChunk& s) { return is_done(s.request); });
    }

    bmpi::communicator& world_;
    struct SendingChunk {
        std::vector<Pair> pairs;
        bmpi::request request;
    };
    std::list<SendingChunk> sending_;  // list: requests must not move while in flight
    struct SendingProgress {
        ProgressReport report;
        bmpi::request request;
    };
    std::list<SendingProgress> progress_sends_;  // worker: reports not yet known to have left
    std::vector<ProgressReport> latest_;         // root: each rank's newest report
    std::vector<std::uint64_t> lasts_;           // root: last-of-batch reports per rank
    std::uint64_t rounds_ = 0;                   // root: batches whose lasts were awaited
};

class MpiTeam final : public Team {
public:
    MpiTeam(int& argc, char**& argv)
        // abort_on_exception=false: main catches everything and calls abort()
        // itself, because an uncaught exception may not unwind to ~environment.
        : env_(argc, argv, bmpi::threading::funneled, /*abort_on_exception=*/false), world_() {
        if (world_.size() > 1) channel_.emplace(world_);
    }
    int rank() const noexcept override { return world_.rank(); }
    int size() const noexcept override { return world_.size(); }
    std::string mpi_library() const override { return library_run_with(); }
    std::string thread_level() const override { return level_name(env_.thread_level()); }

    BatchHeader broadcast_header(const BatchHeader& on_root) override {
        settle();  // ranks may wait here for a whole batch of rank 0's I/O
        BatchHeader h = on_root;
        bmpi::broadcast(world_, h, 0);
        return h;
    }
    std::vector<int> broadcast_ints(const std::vector<int>& on_root, std::size_t size) override {
        std::vector<int> values = on_root;
        values.resize(size);
        bmpi::broadcast(world_, values.data(), static_cast<int>(size), 0);
        return values;
    }
    void scatter_pairs(const Pair* all, const std::vector<int>& counts, const std::vector<int>& displs,
                       Pair* mine) override {
        const int my_count = counts[static_cast<std::size_t>(rank())];
        bmpi::scatterv(world_, nonnull(all), counts, displs, nonnull(mine), my_count, 0);
    }
    double gather_results(const PairResult* mine, const std::vector<int>& counts, const std::vector<int>& displs,
                          PairResult* all) override {
        const int my_count = counts[static_cast<std::size_t>(rank())];
        const auto start = std::chrono::steady_clock::now();
        settle();  // rank 0 may wait here for the slowest rank's compute
        const double waited = seconds_since(start);
        bmpi::gatherv(world_, nonnull(mine), my_count, nonnull(all), counts, displs, 0);
        return waited;
    }
    std::vector<int> max_over_ranks(const std::vector<int>& mine) override {
        std::vector<int> result(mine.size());
        bmpi::all_reduce(world_, nonnull(mine.data()), static_cast<int>(mine.size()), nonnull(result.data()),
                         bmpi::maximum<int>());
        return result;
    }
    std::vector<RankSummary> gather_summaries(const RankSummary& mine) override {
        std::vector<RankSummary> all;
        bmpi::gather(world_, mine, all, 0);
        return all;
    }
    Channel* channel() noexcept override { return channel_ ? &*channel_ : nullptr; }
    [[noreturn]] void abort(int exit_code) override {
        env_.abort(exit_code);
        std::abort();  // not reached: MPI_Abort does not return
    }

private:
    /// collective: returns once every rank has arrived, without busy-polling.
    /// Rank 0 takes in progress reports meanwhile, so a worker's report never
    /// waits for rank 0 and the meter keeps moving while rank 0 waits.
    void settle() {
        MPI_Request request;
        MPI_Ibarrier(world_, &request);
        wait_politely([&] { return is_done(request); },
                      [this] {
                          if (channel_) channel_->drain_if_listening();
                      });
    }

    bmpi::environment env_;
    bmpi::communicator world_;
    std::optional<MpiChannel> channel_;  // more than one rank only
};

}  // namespace

std::unique_ptr<Team> make_mpi_team(int& argc, char**& argv) { return std::make_unique<MpiTeam>(argc, argv); }

}  // namespace gcd_mpi::mpi
