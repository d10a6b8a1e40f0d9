// How Pair travels: Boost.MPI's vector forms of scatter/gather (packed
// archives even for a type marked is_mpi_datatype) against the pointer-and-
// count scatterv/gatherv gcd_mpi uses, and raw MPI_Scatterv/MPI_Gatherv.
// Run: mpirun -np 2 build/release/bench/gcd_mpi_bench_collectives [PAIRS] [REPEATS]
// Prints the median seconds of each form and its ratio to raw MPI.
#include <mpi.h>

#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/datatype.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/vector.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "gcd_mpi/core/block.hpp"
#include "gcd_mpi/core/pair.hpp"

BOOST_IS_MPI_DATATYPE(gcd_mpi::Pair)

namespace mpi = boost::mpi;
using gcd_mpi::Pair;

namespace {
double median_seconds(const mpi::communicator& world, int repeats, const std::function<void()>& body) {
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        world.barrier();
        const double t0 = MPI_Wtime();
        body();
        double t = MPI_Wtime() - t0;
        double slowest = 0;
        mpi::reduce(world, t, slowest, mpi::maximum<double>(), 0);
        times.push_back(slowest);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
    mpi::environment env(argc, argv);
    mpi::communicator world;
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 7;
    const int p = world.size();
    const std::vector<int> counts = gcd_mpi::block_counts(n, p);
    const std::vector<int> displs = gcd_mpi::displacements(counts);
    const int mine = counts[static_cast<std::size_t>(world.rank())];
    std::vector<Pair> all(world.rank() == 0 ? n : 0);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = Pair{i, 3 * i + 1};
    std::vector<Pair> part(static_cast<std::size_t>(mine));
    std::vector<Pair> back(world.rank() == 0 ? n : 1);
    MPI_Datatype pair_type = mpi::get_mpi_datatype<Pair>(Pair{});

    // Boost's vector scatter wants equal chunks: use n / p per rank.
    const int equal = static_cast<int>(n / static_cast<std::size_t>(p));
    std::vector<std::vector<Pair>> chunks;
    if (world.rank() == 0) {
        for (int r = 0; r < p; ++r) chunks.emplace_back(all.begin() + r * equal, all.begin() + (r + 1) * equal);
    }
    std::vector<Pair> chunk;
    std::vector<std::vector<Pair>> gathered;

    const double raw = median_seconds(world, repeats, [&] {
        MPI_Scatterv(all.data(), counts.data(), displs.data(), pair_type, part.data(), mine, pair_type, 0,
                     MPI_COMM_WORLD);
        MPI_Gatherv(part.data(), mine, pair_type, back.data(), counts.data(), displs.data(), pair_type, 0,
                    MPI_COMM_WORLD);
    });
    const Pair dummy{};
    const double pointer = median_seconds(world, repeats, [&] {
        mpi::scatterv(world, all.empty() ? &dummy : all.data(), counts, displs, part.data(), mine, 0);
        mpi::gatherv(world, part.data(), mine, back.data(), counts, displs, 0);
    });
    const double vector = median_seconds(world, repeats, [&] {
        mpi::scatter(world, chunks, chunk, 0);
        mpi::gather(world, chunk, gathered, 0);
    });
    if (world.rank() == 0) {
        std::printf("%zu pairs (%.1f MB), %d ranks, median of %d scatter+gather round trips:\n", n,
                    static_cast<double>(n * sizeof(Pair)) / 1e6, p, repeats);
        std::printf("  raw MPI_Scatterv/Gatherv            %8.4f s  1.0x\n", raw);
        std::printf("  boost::mpi scatterv/gatherv (ptr)   %8.4f s  %.1fx\n", pointer, pointer / raw);
        std::printf("  boost::mpi scatter/gather (vector)  %8.4f s  %.1fx\n", vector, vector / raw);
    }
    return 0;
}
