#pragma once
/// Output formatting. Values are printed as plain decimal with their sign,
/// so "+007" prints as "7" and "-12" as "-12".

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gcd_mpi/core/name_table.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// jsonl_strings is jsonl with a, b and gcd as JSON strings ({"a":"12",...}),
/// for readers that hold numbers as doubles (jq 1.6, JavaScript) and would
/// round them above 2^53. It is no --format name: --format jsonl
/// --json-strings selects it (app/options.hpp, output_format()).
enum class OutputFormat { text, csv, jsonl, jsonl_strings };

/// The --format names (jsonl_strings has none: see above).
inline constexpr std::array<NameEntry<OutputFormat>, 3> format_table{{
    {OutputFormat::text, "text"},
    {OutputFormat::csv, "csv"},
    {OutputFormat::jsonl, "jsonl"},
}};

/// Canonical name ("text", "csv", "jsonl").
[[nodiscard]] constexpr std::string_view format_name(OutputFormat f) noexcept { return name_in(format_table, f); }
/// Parses a canonical name; nullopt for anything else.
[[nodiscard]] constexpr std::optional<OutputFormat> format_from_name(std::string_view name) noexcept {
    return value_in(format_table, name);
}
/// The names users may pass: "text, csv, jsonl".
[[nodiscard]] std::string format_choices();

/// Appends the header line for `f` (csv: "a,b,gcd"; others: nothing).
void append_header(std::string& out, OutputFormat f);
/// Appends one result line: text "a b gcd", csv "a,b,gcd", jsonl {"a":..,"b":..,"gcd":..},
/// jsonl_strings {"a":"..","b":"..","gcd":".."} (the same digits and sign, quoted).
void append_result(std::string& out, OutputFormat f, const InputPair& pair, std::uint64_t gcd);
/// Appends one result line per pair, as append_result would, for the first
/// min(pairs.size(), results.size()) pairs: the fast way for many lines.
void append_results(std::string& out, OutputFormat f, std::span<const InputPair> pairs,
                    std::span<const PairResult> results);
/// Appends a value as plain decimal with a '-' when negative.
void append_value(std::string& out, const SignedValue& v);

}  // namespace gcd_mpi
