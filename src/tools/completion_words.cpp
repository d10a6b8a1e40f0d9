// gcd_mpi_completion_words: the names each choice option of gcd_mpi accepts,
// one option per line ("--kernel trial trial-naive euclid binary"), read from
// the same name tables the option parser uses. The build turns these lines
// and the option list of `gcd_mpi --help` into the bash completion
// (cmake/make-completion.cmake), so the completion offers what gcd_mpi
// accepts without a second list of names. Not installed.

#include <array>
#include <cstddef>
#include <iostream>
#include <string_view>

#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/io_path.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/schedule.hpp"

namespace {

template <class Enum, std::size_t N>
void print_choices(std::string_view option, const std::array<gcd_mpi::NameEntry<Enum>, N>& table) {
    std::cout << option;
    for (const auto& entry : table) std::cout << ' ' << entry.name;
    std::cout << '\n';
}

}  // namespace

int main() {
    // The option spellings are gcd_mpi's (src/app/options.cpp); the install
    // tests check that every one appears in `gcd_mpi --help` and that every
    // name offered is accepted.
    print_choices("--kernel", gcd_mpi::kernel_table);
    print_choices("--schedule", gcd_mpi::schedule_table);
    print_choices("--io", gcd_mpi::io_path_table);
    print_choices("--format", gcd_mpi::format_table);
    return 0;
}
