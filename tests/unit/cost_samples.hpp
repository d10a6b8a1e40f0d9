#pragma once
// Cost vectors shared by the schedule tests: the sample's trial costs and a
// seeded heavy-tailed workload.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace gcd_mpi::test {

inline const std::vector<std::uint64_t> sample_costs{19633090, 20306770, 15516450, 20208020, 18237120,
                                                     10204910, 12812380, 38238120, 38127410, 12923910};

inline std::vector<std::uint64_t> skewed_costs(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> costs(n);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto& c : costs) c = static_cast<std::uint64_t>(1000.0 / std::pow(1.0 - u(rng), 1.5));
    return costs;
}

}  // namespace gcd_mpi::test
