#pragma once
/// One table of {value, name} per enum, serving its name(), from_name() and
/// the lists of names in help text and error messages, so every name is
/// written once.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gcd_mpi {

/// One row of an enum's name table. `summary` (optional) explains the value
/// in help text.
template <class Enum>
struct NameEntry {
    Enum value;
    std::string_view name;
    std::string_view summary = {};
};

/// The name of `value` in `table`; "?" for a value the table lacks.
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::string_view name_in(const std::array<NameEntry<Enum>, N>& table, Enum value) noexcept {
    for (const auto& entry : table) {
        if (entry.value == value) return entry.name;
    }
    return "?";
}

/// The value named exactly `name` in `table`; nullopt for anything else.
template <class Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum> value_in(const std::array<NameEntry<Enum>, N>& table,
                                                     std::string_view name) noexcept {
    for (const auto& entry : table) {
        if (entry.name == name) return entry.value;
    }
    return std::nullopt;
}

/// Every name in table order, joined: "a, b, c".
template <class Enum, std::size_t N>
[[nodiscard]] std::string joined_names(const std::array<NameEntry<Enum>, N>& table, std::string_view separator = ", ") {
    std::string out;
    for (const auto& entry : table) {
        if (!out.empty()) out += separator;
        out += entry.name;
    }
    return out;
}

/// Every name with its summary, for help text: "a (what a is), b, c (...)".
template <class Enum, std::size_t N>
[[nodiscard]] std::string described_names(const std::array<NameEntry<Enum>, N>& table) {
    std::string out;
    for (const auto& entry : table) {
        if (!out.empty()) out += ", ";
        out += entry.name;
        if (!entry.summary.empty()) {
            out += " (";
            out += entry.summary;
            out += ')';
        }
    }
    return out;
}

}  // namespace gcd_mpi
