#pragma once
/// "Did you mean ...?" for a mistyped flag or name: which known name the
/// user most likely meant, or none.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gcd_mpi {

/// Edits (insert, delete, substitute one character, or swap two adjacent
/// ones) that turn `a` into `b`: the optimal-string-alignment form of the
/// Damerau-Levenshtein distance. edit_distance("kernal", "kernel") == 1,
/// edit_distance("eucild", "euclid") == 1.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The one name in `known` that `typed` most likely means: the only name
/// starting with `typed` (an abbreviation, at least 2 characters), else the
/// only name closest to it within 2 edits (1 for words of up to 3
/// characters), and closer than `typed` is long. Letter case is ignored.
/// nullopt when nothing is that close, when two names tie, or when `typed`
/// already is a known name.
[[nodiscard]] std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& known);

}  // namespace gcd_mpi
