#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "gcd_mpi/pipeline/team.hpp"

namespace gcd_mpi::pipeline {

namespace {
class SerialTeam final : public Team {
public:
    int rank() const noexcept override { return 0; }
    int size() const noexcept override { return 1; }
    std::string mpi_library() const override { return "none (serial, no launcher)"; }
    std::string thread_level() const override { return "none"; }
    BatchHeader broadcast_header(const BatchHeader& on_root) override { return on_root; }
    void scatter_pairs(const Pair* all, const std::vector<int>& counts, const std::vector<int>& displs,
                       Pair* mine) override {
        std::copy_n(all + displs[0], counts[0], mine);
    }
    double gather_results(const PairResult* mine, const std::vector<int>& counts,
                          const std::vector<int>& displs, PairResult* all) override {
        std::copy_n(mine, counts[0], all + displs[0]);
        return 0;  // nobody to wait for
    }
    int max_over_ranks(int mine) override { return mine; }
    std::vector<int> broadcast_counts(const std::vector<int>& on_root) override { return on_root; }
    // A team of one never dispatches: the pipeline computes locally.
    void send_chunk(int, std::vector<Pair>) override { unreachable(); }
    void wait_chunks_sent() override {}
    void receive_chunk(std::vector<Pair>&) override { unreachable(); }
    void send_results(const PairResult*, int) override { unreachable(); }
    int poll_results() override { return -1; }
    void receive_results(int, std::vector<PairResult>&) override { unreachable(); }
    // A team of one has nobody to hear from.
    void send_progress(const ProgressReport&) override { unreachable(); }
    void drain_progress() override {}
    void await_progress_round() override {}
    std::vector<RankStats> gather_stats(const RankStats& mine) override { return {mine}; }
    std::vector<std::string> gather_hosts(const std::string& mine) override { return {mine}; }
    std::vector<std::vector<double>> gather_thread_seconds(const std::vector<double>& mine) override {
        return {mine};
    }
    [[noreturn]] void abort(int exit_code) override { std::_Exit(exit_code); }

private:
    [[noreturn]] static void unreachable() {
        throw std::logic_error("point-to-point call on a team of one");
    }
};
}  // namespace

std::unique_ptr<Team> make_serial_team() { return std::make_unique<SerialTeam>(); }

}  // namespace gcd_mpi::pipeline
