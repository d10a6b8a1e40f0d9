#pragma once
/// Parsing of the pairs format. Pure: strings in, values or messages out.
///
/// One pair per line: two integers separated by whitespace and/or one comma.
/// Surrounding parentheses and one trailing comma are allowed ("(12, 18),"),
/// so a Python list of tuples pastes in as is. Blank lines and '#' comments
/// are skipped; a trailing '\r' (CRLF files) is ignored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// Largest magnitude accepted: 2^64 - 1.
inline constexpr std::uint64_t max_magnitude = UINT64_MAX;

/// Parses "[+|-]digits" whose magnitude fits in 64 bits. On failure returns
/// nullopt and sets `why` to a message naming the token.
[[nodiscard]] std::optional<SignedValue> parse_integer(std::string_view token, std::string& why);

enum class LineKind { pair, skip, error };

struct ParsedLine {
    LineKind kind = LineKind::skip;
    SignedValue a;
    SignedValue b;
    std::string error;  ///< set when kind == error, without file:line
};

/// Parses one line (without its '\n'). Plain lines take the fast paths
/// (plain_line.hpp first); every answer equals parse_pair_line_reference's.
[[nodiscard]] ParsedLine parse_pair_line(std::string_view line);
/// The general parser alone, without fast paths: the reference the fast
/// paths are tested against.
[[nodiscard]] ParsedLine parse_pair_line_reference(std::string_view line);

/// `text` quoted for a message: non-printable bytes as \xNN, cut after
/// `max_chars` with "..." so a 10 MB line gives a short message.
[[nodiscard]] std::string quote_for_message(std::string_view text, std::size_t max_chars = 60);

}  // namespace gcd_mpi
