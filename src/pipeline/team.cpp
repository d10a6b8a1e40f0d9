// The team of one process without MPI (the serial mode without a launcher):
// no channel (nobody to send to), so the pipeline computes locally.

#include <algorithm>
#include <cstdlib>

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
    std::vector<int> broadcast_ints(const std::vector<int>& on_root, std::size_t size) override {
        std::vector<int> values = on_root;
        values.resize(size);
        return values;
    }
    void scatter_pairs(const Pair* all, const std::vector<int>& counts, const std::vector<int>& displs,
                       Pair* mine) override {
        std::copy_n(all + displs[0], counts[0], mine);
    }
    double gather_results(const PairResult* mine, const std::vector<int>& counts, const std::vector<int>& displs,
                          PairResult* all) override {
        std::copy_n(mine, counts[0], all + displs[0]);
        return 0;  // nobody to wait for
    }
    std::vector<int> max_over_ranks(const std::vector<int>& mine) override { return mine; }
    std::vector<RankSummary> gather_summaries(const RankSummary& mine) override { return {mine}; }
    Channel* channel() noexcept override { return nullptr; }
    [[noreturn]] void abort(int exit_code) override { std::_Exit(exit_code); }
};
}  // namespace

std::unique_ptr<Team> make_serial_team() { return std::make_unique<SerialTeam>(); }

}  // namespace gcd_mpi::pipeline
