// consumer: reads pairs from stdin with gcd_mpi's parser and prints
// "a b gcd" per pair, the gcd computed by every kernel of gcd_mpi::core,
// which must agree. Exit 1 on a parse error or a disagreement.

#include <cstdint>
#include <iostream>
#include <string>

#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/pair.hpp"
#include "gcd_mpi/core/parse.hpp"

int main() {
    std::string line;
    for (std::uint64_t number = 1; std::getline(std::cin, line); ++number) {
        const gcd_mpi::ParsedLine parsed = gcd_mpi::parse_pair_line(line);
        if (parsed.kind == gcd_mpi::LineKind::skip) continue;
        if (parsed.kind == gcd_mpi::LineKind::error) {
            std::cerr << "consumer: line " << number << ": " << parsed.error << '\n';
            return 1;
        }
        const gcd_mpi::Pair pair{parsed.a.magnitude, parsed.b.magnitude};
        const std::uint64_t first = gcd_mpi::compute_pair(gcd_mpi::all_kernels().front(), pair).gcd;
        for (const gcd_mpi::Kernel kernel : gcd_mpi::all_kernels()) {
            const std::uint64_t gcd = gcd_mpi::compute_pair(kernel, pair).gcd;
            if (gcd != first) {
                std::cerr << "consumer: line " << number << ": " << gcd_mpi::kernel_name(kernel) << " says " << gcd
                          << ", " << gcd_mpi::kernel_name(gcd_mpi::all_kernels().front()) << " " << first << '\n';
                return 1;
            }
        }
        std::cout << pair.a << ' ' << pair.b << ' ' << first << '\n';
    }
    return 0;
}
