#include "static_schedule.hpp"

#include "gcd_mpi/core/plan.hpp"
#include "phase_timer.hpp"

namespace gcd_mpi::pipeline::detail {

BatchWork run_static(const ScheduleContext& ctx, Batch& batch, std::size_t n) {
    Team& team = ctx.team;
    const bool root = team.is_root();
    const int size = team.size();
    PhaseSeconds& phases = ctx.phases;
    // Rank 0 plans and lays the pairs out rank by rank (no copies when the
    // plan keeps input order: contiguous blocks), and puts results back by
    // the same order, so input order is restored by layout, not by timing.
    Assignment plan;
    std::vector<int> counts;
    {
        PhaseTimer timer(phases.scatter);
        if (root) {
            estimate_costs(ctx.profile, batch.pairs, batch.costs);
            plan = plan_assignment(ctx.schedule, ctx.profile, batch.costs, size);
        }
        counts = team.broadcast_ints(plan.counts, static_cast<std::size_t>(size));
    }
    const bool permuted = root && !plan.order.empty();
    const std::vector<int> displs = displacements(counts);

    std::vector<Pair> send;  // root, permuted plans only: pairs in send layout
    if (permuted) {
        send.resize(n);
        to_send_order<Pair>(batch.pairs, plan.order, send);
    }
    const auto my_count = static_cast<std::size_t>(counts[static_cast<std::size_t>(team.rank())]);
    std::vector<Pair> my_pairs(my_count);
    std::vector<PairResult> my_results(my_count);
    {
        PhaseTimer timer(phases.scatter);
        team.scatter_pairs(permuted ? send.data() : batch.pairs.data(), counts, displs, my_pairs.data());
    }
    BatchWork work;
    {
        PhaseTimer timer(phases.compute);
        compute_reporting(team, ctx.progress,
                          [&] { work.add(ctx.compute(my_pairs.data(), my_count, my_results.data()), my_count); });
    }
    std::vector<PairResult> received;  // root, permuted plans only
    if (permuted) received.resize(n);
    {
        // gather_wait: waiting for the slowest rank to finish computing;
        // gather: the transfer itself, once every rank is there.
        const auto start = Clock::now();
        const double waited =
            team.gather_results(my_results.data(), counts, displs, permuted ? received.data() : batch.results.data());
        phases.gather_wait += waited;
        phases.gather += std::max(0.0, seconds_since(start) - waited);
    }
    if (permuted) restore_input_order<PairResult>(received, plan.order, batch.results);
    return work;
}

}  // namespace gcd_mpi::pipeline::detail
