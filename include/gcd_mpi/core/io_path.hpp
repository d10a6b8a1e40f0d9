#pragma once
/// The data paths: who reads the input and writes the results, and their names.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "gcd_mpi/core/name_table.hpp"

namespace gcd_mpi {

enum class IoPath {
    root,      ///< rank 0 reads, parses, formats and writes everything (scatter/gather)
    parallel,  ///< every rank reads and writes its own part of the files (MPI-IO)
};

/// The data paths' one name table, with what each does (help text).
inline constexpr std::array<NameEntry<IoPath>, 2> io_path_table{{
    {IoPath::root, "root", "rank 0 reads and writes everything, ranks get pairs by scatter"},
    {IoPath::parallel, "parallel", "every rank reads and writes its own part of the files with MPI-IO"},
}};

[[nodiscard]] constexpr std::string_view io_path_name(IoPath p) noexcept { return name_in(io_path_table, p); }
[[nodiscard]] constexpr std::optional<IoPath> io_path_from_name(std::string_view name) noexcept {
    return value_in(io_path_table, name);
}
/// The names users may pass: "root, parallel".
[[nodiscard]] inline std::string io_path_choices() { return joined_names(io_path_table); }

}  // namespace gcd_mpi
