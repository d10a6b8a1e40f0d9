#include "static_schedule.hpp"

#include <algorithm>
#include <chrono>

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
    std::vector<int> displs;
    std::vector<Pair> send;  // root, permuted plans only: pairs in send layout
    std::vector<Pair> my_pairs;
    bool permuted = false;
    {
        // The whole distribution: the plan, the layout and the transfer
        // (one span in the trace, one total in the report).
        PhaseTimer timer(phases.scatter, ctx.trace, TracePhase::scatter);
        if (root) {
            estimate_costs(ctx.profile, batch.pairs, batch.costs);
            plan = plan_assignment(ctx.schedule, ctx.profile, batch.costs, size);
        }
        counts = team.broadcast_ints(plan.counts, static_cast<std::size_t>(size));
        permuted = root && !plan.order.empty();
        displs = displacements(counts);
        if (permuted) {
            send.resize(n);
            to_send_order<Pair>(batch.pairs, plan.order, send);
        }
        my_pairs.resize(static_cast<std::size_t>(counts[static_cast<std::size_t>(team.rank())]));
        team.scatter_pairs(permuted ? send.data() : batch.pairs.data(), counts, displs, my_pairs.data());
    }
    const std::size_t my_count = my_pairs.size();
    std::vector<PairResult> my_results(my_count);
    BatchWork work;
    {
        PhaseTimer timer(phases.compute, ctx.trace, TracePhase::compute);
        compute_reporting(team, ctx.progress,
                          [&] { work.add(ctx.compute(my_pairs.data(), my_count, my_results.data()), my_count); });
    }
    {
        // gather_wait: waiting for the slowest rank to finish computing;
        // gather: the transfer itself, once every rank is there, and putting
        // the results back in input order.
        const auto start = Clock::now();
        std::vector<PairResult> received;  // root, permuted plans only
        if (permuted) received.resize(n);
        const double waited =
            team.gather_results(my_results.data(), counts, displs, permuted ? received.data() : batch.results.data());
        if (permuted) restore_input_order<PairResult>(received, plan.order, batch.results);
        const auto end = Clock::now();
        const double seconds = std::chrono::duration<double>(end - start).count();
        phases.gather_wait += waited;
        phases.gather += std::max(0.0, seconds - waited);
        if (ctx.trace != nullptr) {
            const auto arrived = start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(std::min(waited, seconds)));
            ctx.trace->record(TracePhase::gather_wait, trace_track::main, start, arrived);
            ctx.trace->record(TracePhase::gather, trace_track::main, arrived, end);
        }
    }
    return work;
}

}  // namespace gcd_mpi::pipeline::detail
