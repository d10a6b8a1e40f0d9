#include "gcd_mpi/dist/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <stdexcept>

#include <unistd.h>

#include "gcd_mpi/core/compute.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/partition.hpp"

namespace gcd_mpi::dist {

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

std::string human_duration(double seconds) {
    char buf[64];
    if (seconds < 120) std::snprintf(buf, sizeof buf, "%.0f seconds", seconds);
    else if (seconds < 7200) std::snprintf(buf, sizeof buf, "%.0f minutes", seconds / 60);
    else if (seconds < 172800) std::snprintf(buf, sizeof buf, "%.1f hours", seconds / 3600);
    else std::snprintf(buf, sizeof buf, "%.1f days", seconds / 86400);
    return buf;
}

void note_estimate(std::ostream& notes, const PipelineOptions& options, int ranks,
                   const std::vector<InputPair>& batch) {
    if (!is_trial_kernel(options.kernel)) return;
    long double bound = 0;
    for (const auto& p : batch) bound += static_cast<long double>(trial_cost_bound(magnitudes(p)));
    const double workers = static_cast<double>(ranks) * static_cast<double>(options.threads);
    const double seconds =
        static_cast<double>(bound) / (assumed_candidates_per_second(options.kernel) * workers);
    if (seconds < options.estimate_note_seconds) return;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "gcd_mpi: note: kernel %s needs up to %.3Lg candidate tests for %zu pairs; "
                  "at about %.2g per second per worker on %.0f workers that is up to %s",
                  std::string(kernel_name(options.kernel)).c_str(), bound, batch.size(),
                  assumed_candidates_per_second(options.kernel), workers,
                  human_duration(seconds).c_str());
    notes << buf << (options.kernel == Kernel::trial_naive ? " (kernel trial is faster)" : "")
          << '\n'
          << std::flush;
}

// Rank 0 re-checks every result with an independent kernel.
void verify_batch(Kernel kernel, const std::vector<Pair>& pairs, const std::vector<PairResult>& results,
                  const std::vector<InputPair>& batch) {
    const Kernel checker = verification_kernel_for(kernel);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const PairResult expected = compute_pair(checker, pairs[i]);
        const std::uint64_t expected_candidates =
            is_trial_kernel(kernel) ? trial_candidates(pairs[i].a, pairs[i].b, expected.gcd) : 0;
        if (results[i].gcd != expected.gcd || results[i].candidates != expected_candidates) {
            throw GcdError(exit_software,
                           "verify failed at input line " + std::to_string(batch[i].line) +
                               ": kernel " + std::string(kernel_name(kernel)) + " gave gcd " +
                               std::to_string(results[i].gcd) + " (" +
                               std::to_string(results[i].candidates) + " candidates), kernel " +
                               std::string(kernel_name(checker)) + " gives " +
                               std::to_string(expected.gcd));
        }
    }
}

std::string team_host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "?";
    return name;
}

// Test hook: GCD_MPI_FAIL_RANK=R makes rank R throw while computing, so the
// tests can check that a failing rank ends the whole job instead of hanging.
void maybe_inject_failure(int rank) {
    const char* v = std::getenv("GCD_MPI_FAIL_RANK");
    if (v != nullptr && std::atoi(v) == rank) {
        throw std::runtime_error("injected failure (GCD_MPI_FAIL_RANK=" + std::string(v) + ")");
    }
}
}  // namespace

double assumed_candidates_per_second(Kernel kernel) noexcept {
    // Measured on the project's 2-core machines (docs/performance.md),
    // rounded down so the estimate errs long.
    return kernel == Kernel::trial_naive ? 4.0e8 : 2.0e9;
}

PipelineResult run_pipeline(Team& team, const PipelineOptions& options, BatchSource* source,
                            ResultSink* sink, std::ostream* notes) {
    PipelineResult out;
    const bool root = team.is_root();
    const int size = team.size();
    const int rank = team.rank();

    RankStats mine;
    mine.rank = rank;
    mine.threads = static_cast<std::int32_t>(options.threads);
    std::vector<double> my_thread_seconds(options.threads, 0.0);

    std::vector<InputPair> batch;     // root: the batch as read
    std::vector<Pair> all_pairs;      // root: what is sent
    std::vector<PairResult> all_results;  // root: what comes back, in input order
    std::vector<Pair> my_pairs;
    std::vector<PairResult> my_results;
    int pending_exit = 0;             // root: an error to announce at the next header
    bool first_batch = true;

    for (;;) {
        BatchHeader header;
        if (root) {
            if (pending_exit != 0) {
                header.status = pending_exit;
            } else {
                try {
                    PhaseTimer timer(out.phases.read);
                    const bool more = source->next(batch, options.batch_pairs);
                    header.count = more ? static_cast<std::int64_t>(batch.size()) : 0;
                    header.status = more ? batch_follows : input_done;
                } catch (const GcdError& e) {
                    out.error = e.what();
                    header.status = e.exit_code();
                }
            }
        }
        // Agree before diverging: every rank learns whether a batch follows.
        header = team.broadcast_header(header);
        if (header.status == input_done) break;
        if (header.status != batch_follows) {
            out.exit_code = header.status;
            return out;
        }

        const auto n = static_cast<std::size_t>(header.count);
        if (root) {
            if (first_batch && notes != nullptr) note_estimate(*notes, options, size, batch);
            all_pairs.resize(n);
            std::transform(batch.begin(), batch.end(), all_pairs.begin(), magnitudes);
            all_results.resize(n);
        }
        first_batch = false;

        BlockStats block;
        if (size == 1) {
            // One rank: no distribution work at all.
            PhaseTimer timer(out.phases.compute);
            maybe_inject_failure(rank);
            block = compute_block(options.kernel, all_pairs.data(), n, all_results.data(), options.threads);
        } else {
            const std::vector<int> counts = block_counts(n, size);
            const std::vector<int> displs = displacements(counts);
            const auto my_count = static_cast<std::size_t>(counts[static_cast<std::size_t>(rank)]);
            my_pairs.resize(my_count);
            my_results.resize(my_count);
            {
                PhaseTimer timer(out.phases.scatter);
                team.scatter_pairs(all_pairs.data(), counts, displs, my_pairs.data());
            }
            {
                PhaseTimer timer(out.phases.compute);
                maybe_inject_failure(rank);
                block = compute_block(options.kernel, my_pairs.data(), my_count, my_results.data(),
                                      options.threads);
            }
            {
                PhaseTimer timer(out.phases.gather);
                team.gather_results(my_results.data(), counts, displs, all_results.data());
            }
        }
        mine.pairs += size == 1 ? n : my_results.size();
        mine.candidates += block.candidates;
        mine.compute_seconds += block.seconds;
        for (std::size_t t = 0; t < block.thread_seconds.size() && t < my_thread_seconds.size(); ++t) {
            my_thread_seconds[t] += block.thread_seconds[t];
        }

        if (root) {
            try {
                if (options.verify) {
                    PhaseTimer timer(out.phases.verify);
                    verify_batch(options.kernel, all_pairs, all_results, batch);
                }
                PhaseTimer timer(out.phases.write);
                sink->write(batch, all_results);
                out.pairs += n;
            } catch (const GcdError& e) {
                out.error = e.what();
                pending_exit = e.exit_code();
            }
        }
        ++out.batches;
    }

    mine.max_rss_bytes = peak_rss_bytes();
    out.per_rank = team.gather_stats(mine);
    out.hosts = team.gather_hosts(team_host_name());
    out.thread_seconds = team.gather_thread_seconds(my_thread_seconds);
    return out;
}

}  // namespace gcd_mpi::dist
