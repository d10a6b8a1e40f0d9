#include "gcd_mpi/core/block.hpp"

namespace gcd_mpi {

Block block_range(std::size_t n, int rank, int size) noexcept {
    const auto r = static_cast<std::size_t>(rank);
    const auto p = static_cast<std::size_t>(size);
    const std::size_t base = n / p;
    const std::size_t extra = n % p;
    const std::size_t begin = r * base + (r < extra ? r : extra);
    return Block{begin, base + (r < extra ? 1 : 0)};
}

std::vector<int> block_counts(std::size_t n, int size) {
    std::vector<int> counts(static_cast<std::size_t>(size));
    for (int r = 0; r < size; ++r) {
        counts[static_cast<std::size_t>(r)] = static_cast<int>(block_range(n, r, size).count);
    }
    return counts;
}

std::vector<int> displacements(const std::vector<int>& counts) {
    std::vector<int> displs(counts.size());
    int running = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        displs[i] = running;
        running += counts[i];
    }
    return displs;
}

}  // namespace gcd_mpi
