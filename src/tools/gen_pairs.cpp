// gcd_mpi_gen: seeded workload generator. Same arguments, same bytes, on
// every machine (its own splitmix64 generator and integer-only transforms,
// no library distributions whose output may differ between versions).
//
// The brute force's cost for (a, b) is about min(|a|, |b|) candidate tests,
// so the shape of min() decides the load balance:
//   uniform  min uniform in [min, max]
//   skewed   heavy-tailed (Pareto, alpha 1.2): most pairs cheap, a few costly
//   equal    every pair costs about the same (min near max)
// Pairs share a small random factor (1, 2, 10, 30, 90, 320) so answers vary.

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

namespace {

struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n] (n may be 2^64 - 1); the tiny modulo bias is irrelevant here.
    std::uint64_t upto(std::uint64_t n) noexcept { return n == UINT64_MAX ? next() : next() % (n + 1); }
    /// Uniform in (0, 1].
    double unit() noexcept { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
};

}  // namespace

int main(int argc, char** argv) {
    namespace po = boost::program_options;
    std::uint64_t count = 0, lo = 1, hi = 50'000'000, seed = 1;
    std::string shape = "uniform", output;
    po::options_description desc(
        "Usage: gcd_mpi_gen --count N [--min LO] [--max HI] [--shape uniform|skewed|equal] [--seed S] [-o FILE]\n"
        "Writes N pairs, one per line, for gcd_mpi benchmarks and tests");
    desc.add_options()("count,n", po::value(&count)->required(), "pairs to write")(
        "min", po::value(&lo)->default_value(lo), "smallest value")("max", po::value(&hi)->default_value(hi),
                                                                    "largest value (up to 18446744073709551615)")(
        "shape", po::value(&shape)->default_value(shape), "uniform, skewed (heavy tail) or equal")(
        "seed", po::value(&seed)->default_value(seed), "random seed")(
        "output,o", po::value(&output), "file to write (default stdout)")("help,h", "this help");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        if (vm.count("help") != 0) {
            std::cout << desc << '\n';
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "gcd_mpi_gen: " << e.what() << '\n';
        return 64;
    }
    if (lo > hi || (shape != "uniform" && shape != "skewed" && shape != "equal")) {
        std::cerr << "gcd_mpi_gen: need --min <= --max and --shape uniform|skewed|equal\n";
        return 64;
    }
    std::FILE* out = output.empty() ? stdout : std::fopen(output.c_str(), "w");
    if (out == nullptr) {
        std::perror(("gcd_mpi_gen: " + output).c_str());
        return 73;
    }
    static char buffer[1 << 20];
    std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
    SplitMix64 rng{seed};
    const std::uint64_t span = hi - lo;
    static constexpr std::uint64_t factors[] = {1, 2, 10, 30, 90, 320};
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t small;
        if (shape == "uniform") {
            small = lo + rng.upto(span);
        } else if (shape == "equal") {
            small = hi - rng.upto(span / 100);
        } else {
            // Pareto(1.2) scaled so a typical pair is ~1/1000 of the range.
            const double x = std::pow(rng.unit(), -1.0 / 1.2) * static_cast<double>(span / 1000 + 1);
            small = lo + (x >= static_cast<double>(span) ? span : static_cast<std::uint64_t>(x));
        }
        const std::uint64_t factor = factors[rng.upto(5)];
        std::uint64_t a = small >= factor ? small - small % factor : small;
        if (a < lo) a = small;
        const std::uint64_t room = (hi - a) / factor;
        const std::uint64_t b = a + factor * rng.upto(room);
        if (rng.next() & 1)
            std::fprintf(out, "%llu %llu\n", static_cast<unsigned long long>(b), static_cast<unsigned long long>(a));
        else
            std::fprintf(out, "%llu %llu\n", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
    }
    if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
        std::perror("gcd_mpi_gen: write failed");
        return 74;
    }
    return 0;
}
