// Rank 0's planning per pair, natively (what SMPI charges it as CPU time):
// the balanced schedule's cost estimates, LPT plan and layout into plan order
// and back (src/pipeline/static_schedule.cpp), timed by the thread's CPU
// clock and the wall clock, median of 7, for the first n pairs of a file.
//   scripts/build release   # or: cmake --build build/release --target gcd_mpi_core
//   g++ -std=c++20 -O2 -Iinclude sim/probes/plan-cost.cpp build/release/libgcd_mpi_core.a -o /tmp/plan-cost
//   scripts/gen-pairs --count 262144 --max 10000 --seed 1 --output /tmp/p.txt && /tmp/plan-cost /tmp/p.txt 64
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <vector>

#include "gcd_mpi/core/assignment.hpp"
#include "gcd_mpi/core/kernel_profile.hpp"
#include "gcd_mpi/core/plan.hpp"

using namespace gcd_mpi;

static double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

int main(int argc, char** argv) {
    if (argc < 3) return 64;
    std::ifstream in(argv[1]);
    const int size = std::atoi(argv[2]);
    std::vector<Pair> all;
    for (Pair p; in >> p.a >> p.b;) all.push_back(p);
    const KernelProfile profile = kernel_profile(Kernel::trial);
    for (std::size_t n = 4096; n <= all.size(); n *= 4) {
        std::vector<Pair> pairs(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
        std::vector<double> cpu, wall;
        for (int rep = 0; rep < 7; ++rep) {
            std::vector<std::uint64_t> costs;
            std::vector<Pair> send(n);
            std::vector<PairResult> results(n), back(n);
            const double c0 = cpu_now();
            const auto w0 = std::chrono::steady_clock::now();
            estimate_costs(profile, pairs, costs);
            const Assignment plan = plan_assignment(Schedule::balanced, profile, costs, size);
            if (!plan.order.empty()) {
                to_send_order<Pair>(pairs, plan.order, send);
                restore_input_order<PairResult>(results, plan.order, back);
            }
            cpu.push_back(cpu_now() - c0);
            wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
        }
        std::sort(cpu.begin(), cpu.end());
        std::sort(wall.begin(), wall.end());
        std::printf("%zu pairs, %d ranks: %.0f ns a pair CPU, %.0f ns wall (medians of 7)\n", n, size,
                    1e9 * cpu[3] / static_cast<double>(n), 1e9 * wall[3] / static_cast<double>(n));
    }
}
