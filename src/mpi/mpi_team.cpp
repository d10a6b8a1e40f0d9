// The only translation unit that talks MPI. Wire types are marked as MPI
// datatypes here, so Boost.MPI sends them with MPI_Scatterv/MPI_Gatherv
// directly instead of through packed archives (measured 20-40x faster for the
// vector forms; see docs/performance.md).

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/datatype.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <algorithm>
#include <chrono>
#include <list>
#include <optional>
#include <thread>
#include <type_traits>

#include "gcd_mpi/mpi/mpi_team.hpp"

BOOST_IS_MPI_DATATYPE(gcd_mpi::Pair)
BOOST_IS_MPI_DATATYPE(gcd_mpi::PairResult)
BOOST_IS_MPI_DATATYPE(gcd_mpi::RankStats)
BOOST_IS_MPI_DATATYPE(gcd_mpi::pipeline::BatchHeader)
BOOST_IS_MPI_DATATYPE(gcd_mpi::ProgressReport)

namespace gcd_mpi::mpi {

namespace bmpi = boost::mpi;
using pipeline::BatchHeader;
using pipeline::Team;

namespace {

std::string level_name(bmpi::threading::level level) {
    switch (level) {
        case bmpi::threading::single: return "single";
        case bmpi::threading::funneled: return "funneled";
        case bmpi::threading::serialized: return "serialized";
        case bmpi::threading::multiple: return "multiple";
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
// here, 10^7 pairs at -np 2 took 12.3 s instead of ~3 s. So the long waits
// happen here, politely: test, then sleep with a backoff capped at 1 ms; the
// data itself then moves with Boost.MPI's collectives, all ranks ready.
template <class Request>
bool test_request(Request& request) {
    if constexpr (std::is_same_v<Request, MPI_Request>) {
        int done = 0;
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        return done != 0;
    } else {
        return request.test().has_value();  // boost::bmpi::request
    }
}
// `meanwhile` runs between tests (rank 0 takes in progress reports there).
template <class Request, class Meanwhile>
void wait_politely(Request& request, Meanwhile meanwhile) {
    bool done = false;
    for (int spin = 0; spin < 100 && !done; ++spin) done = test_request(request);
    auto pause = std::chrono::microseconds(20);
    while (!done) {
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
        meanwhile();
        done = test_request(request);
    }
}
template <class Request>
void wait_politely(Request& request) {
    wait_politely(request, [] {});
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class MpiTeam final : public Team {
public:
    MpiTeam(int& argc, char**& argv)
        // abort_on_exception=false: main catches everything and calls abort()
        // itself, because an uncaught exception may not unwind to ~environment.
        : env_(argc, argv, bmpi::threading::funneled, /*abort_on_exception=*/false),
          world_() {
        latest_.assign(static_cast<std::size_t>(size()), ProgressReport{});
        lasts_.assign(static_cast<std::size_t>(size()), 0);
    }
    int rank() const noexcept override { return world_.rank(); }
    int size() const noexcept override { return world_.size(); }
    std::string mpi_library() const override {
        char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
        int length = 0;
        MPI_Get_library_version(text, &length);
        std::string v(text, static_cast<std::size_t>(length));
        while (!v.empty() && (v.back() == '\n' || v.back() == ' ' || v.back() == '\0')) v.pop_back();
        if (const auto comma = v.find(','); comma != std::string::npos) v.resize(comma);
        return v;
    }
    std::string thread_level() const override { return level_name(env_.thread_level()); }

    BatchHeader broadcast_header(const BatchHeader& on_root) override {
        settle();  // ranks may wait here for a whole batch of rank 0's I/O
        BatchHeader h = on_root;
        bmpi::broadcast(world_, h, 0);
        return h;
    }
    void scatter_pairs(const Pair* all, const std::vector<int>& counts, const std::vector<int>& displs,
                       Pair* mine) override {
        const int my_count = counts[static_cast<std::size_t>(rank())];
        bmpi::scatterv(world_, nonnull(all), counts, displs, nonnull(mine), my_count, 0);
    }
    double gather_results(const PairResult* mine, const std::vector<int>& counts,
                          const std::vector<int>& displs, PairResult* all) override {
        const int my_count = counts[static_cast<std::size_t>(rank())];
        const auto start = std::chrono::steady_clock::now();
        settle();  // rank 0 may wait here for the slowest rank's compute
        const double waited = seconds_since(start);
        bmpi::gatherv(world_, nonnull(mine), my_count, nonnull(all), counts, displs, 0);
        return waited;
    }
    int max_over_ranks(int mine) override {
        int result = mine;
        bmpi::all_reduce(world_, mine, result, bmpi::maximum<int>());
        return result;
    }
    std::vector<int> broadcast_counts(const std::vector<int>& on_root) override {
        std::vector<int> counts = on_root;
        counts.resize(static_cast<std::size_t>(size()));
        bmpi::broadcast(world_, counts.data(), size(), 0);
        return counts;
    }
    void send_chunk(int worker, std::vector<Pair> pairs) override {
        forget_sent_chunks();
        auto& sending = sending_.emplace_back();
        sending.pairs = std::move(pairs);
        sending.request = world_.isend(worker, tag_chunk, nonnull(sending.pairs.data()),
                                       static_cast<int>(sending.pairs.size()));
    }
    void wait_chunks_sent() override {
        for (auto& sending : sending_) wait_politely(sending.request);
        sending_.clear();
    }
    void receive_chunk(std::vector<Pair>& chunk) override {
        int arrived = 0;
        auto pause = std::chrono::microseconds(20);
        for (MPI_Iprobe(0, tag_chunk, world_, &arrived, MPI_STATUS_IGNORE); arrived == 0;
             MPI_Iprobe(0, tag_chunk, world_, &arrived, MPI_STATUS_IGNORE)) {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds(1000));
        }
        const bmpi::status st = world_.probe(0, tag_chunk);
        chunk.resize(static_cast<std::size_t>(st.count<Pair>().value_or(0)));
        world_.recv(0, tag_chunk, nonnull(chunk.data()), static_cast<int>(chunk.size()));
    }
    void send_results(const PairResult* results, int count) override {
        world_.send(0, tag_results, nonnull(results), count);
    }
    int poll_results() override {
        const auto st = world_.iprobe(bmpi::any_source, tag_results);
        return st ? st->source() : -1;
    }
    void receive_results(int worker, std::vector<PairResult>& results) override {
        const bmpi::status st = world_.probe(worker, tag_results);
        results.resize(static_cast<std::size_t>(st.count<PairResult>().value_or(0)));
        world_.recv(worker, tag_results, nonnull(results.data()), static_cast<int>(results.size()));
    }
    void send_progress(const ProgressReport& mine) override {
        progress_sends_.remove_if([](SendingProgress& s) { return s.request.test().has_value(); });
        auto& sending = progress_sends_.emplace_back();
        sending.report = mine;
        sending.request = world_.isend(0, tag_progress, sending.report);
        if (mine.last != 0) {
            // Rank 0 takes reports in wherever it waits, so these complete.
            for (auto& s : progress_sends_) wait_politely(s.request);
            progress_sends_.clear();
        }
    }
    void drain_progress() override {
        if (!is_root()) return;
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
        if (!is_root() || size() == 1) return;
        ++rounds_;
        auto all_in = [&] {
            return std::all_of(lasts_.begin() + 1, lasts_.end(), [&](std::uint64_t n) { return n >= rounds_; });
        };
        drain_progress();
        auto pause = std::chrono::microseconds(20);
        while (!all_in()) {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds(1000));
            drain_progress();
        }
    }
    std::vector<RankStats> gather_stats(const RankStats& mine) override {
        std::vector<RankStats> all;
        bmpi::gather(world_, mine, all, 0);
        return all;
    }
    std::vector<std::string> gather_hosts(const std::string& mine) override {
        std::vector<std::string> all;
        bmpi::gather(world_, mine, all, 0);
        return all;
    }
    std::vector<std::vector<double>> gather_thread_seconds(const std::vector<double>& mine) override {
        std::vector<std::vector<double>> all;
        bmpi::gather(world_, mine, all, 0);
        return all;
    }
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
        if (is_root() && progress_counters().enabled.load(std::memory_order_relaxed)) {
            wait_politely(request, [this] { drain_progress(); });
        } else {
            wait_politely(request);
        }
    }

    /// Drops the chunks that have left (their buffers were kept until then).
    void forget_sent_chunks() {
        sending_.remove_if([](SendingChunk& s) { return s.request.test().has_value(); });
    }

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
    static constexpr int tag_chunk = 1;
    static constexpr int tag_results = 2;
    static constexpr int tag_progress = 3;
    bmpi::environment env_;
    bmpi::communicator world_;
};

}  // namespace

std::unique_ptr<Team> make_mpi_team(int& argc, char**& argv) {
    return std::make_unique<MpiTeam>(argc, argv);
}

}  // namespace gcd_mpi::mpi
