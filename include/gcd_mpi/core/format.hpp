#pragma once
/// Output formatting. Values are printed as plain decimal with their sign,
/// so "+007" prints as "7" and "-12" as "-12".

#include <optional>
#include <string>
#include <string_view>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

enum class OutputFormat { text, csv, jsonl };

[[nodiscard]] std::string_view format_name(OutputFormat f) noexcept;
[[nodiscard]] std::optional<OutputFormat> format_from_name(std::string_view name) noexcept;

/// Appends the header line for `f` (csv: "a,b,gcd"; others: nothing).
void append_header(std::string& out, OutputFormat f);
/// Appends one result line: text "a b gcd", csv "a,b,gcd", jsonl {"a":..,"b":..,"gcd":..}.
void append_result(std::string& out, OutputFormat f, const InputPair& pair, std::uint64_t gcd);
/// Appends a value as plain decimal with a '-' when negative.
void append_value(std::string& out, const SignedValue& v);

}  // namespace gcd_mpi
