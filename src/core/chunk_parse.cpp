#include "gcd_mpi/core/chunk_parse.hpp"

#include <algorithm>
#include <cstring>

#include "gcd_mpi/core/parse.hpp"
#include "gcd_mpi/core/plain_line.hpp"

namespace gcd_mpi {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::string too_long_message(std::size_t max_line) { return "line longer than " + std::to_string(max_line) + " bytes"; }

// Lines in text[from, end): every '\n', and a last line without one.
std::uint64_t count_lines(std::string_view text, std::size_t from) {
    if (from >= text.size()) return 0;
    const auto newlines =
        static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), '\n'));
    return newlines + (text.back() != '\n' ? 1 : 0);
}

// The general way for one line (without its '\n'): the checks in the order
// the per-line readers make them (length, BOM, grammar). False on a bad line.
bool parse_one(std::string_view line, std::uint64_t number, const ChunkParseOptions& options,
               std::vector<InputPair>& out, ChunkParse& result, ParsedLine (*parse)(std::string_view)) {
    if (line.size() > options.max_line) {
        result.error_line = number;
        result.error = too_long_message(options.max_line);
        return false;
    }
    if (options.strip_bom && number == options.first_line && line.substr(0, 3) == utf8_bom) line.remove_prefix(3);
    ParsedLine parsed = parse(line);
    if (parsed.kind == LineKind::error) {
        result.error_line = number;
        result.error = std::move(parsed.error);
        return false;
    }
    if (parsed.kind == LineKind::pair) out.push_back(InputPair{parsed.a, parsed.b, number});
    return true;
}

}  // namespace

ChunkParse parse_chunk(std::string_view text, const ChunkParseOptions& options, std::vector<InputPair>& out) {
    ChunkParse result;
    const char* const begin = text.data();
    const std::size_t size = text.size();
    // A plain line is shorter than the window, so it cannot be too long
    // unless the limit is shorter still (tests): then every line goes the general way.
    const bool fast = options.max_line >= plain_line_window;
    std::size_t pos = 0;
    std::uint64_t number = options.first_line;
    while (pos < size) {
        // The common line straight from the chunk, while a whole window of
        // plain_line_window bytes is left to read; parse_plain_line finds
        // its '\n' itself, so no separate search for the line's end.
        if (fast && size - pos >= plain_line_window) {
            SignedValue a;
            SignedValue b;
            if (const std::size_t len = parse_plain_line(begin + pos, a, b); len != 0) {
                out.push_back(InputPair{a, b, number});
                pos += len;
                ++number;
                continue;
            }
        }
        const auto* nl = static_cast<const char*>(std::memchr(begin + pos, '\n', size - pos));
        const std::size_t stop = nl == nullptr ? size : static_cast<std::size_t>(nl - begin);
        if (!parse_one(text.substr(pos, stop - pos), number, options, out, result, parse_pair_line)) {
            // The lines before it, itself, and every line after it.
            result.lines = number - options.first_line + 1 + (nl == nullptr ? 0 : count_lines(text, stop + 1));
            return result;
        }
        pos = stop + 1;
        ++number;
    }
    result.lines = number - options.first_line;
    return result;
}

ChunkParse parse_chunk_reference(std::string_view text, const ChunkParseOptions& options, std::vector<InputPair>& out) {
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t stop = nl == std::string_view::npos ? text.size() : nl;
        lines.push_back(text.substr(pos, stop - pos));
        pos = stop + 1;
    }
    ChunkParse result;
    result.lines = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!parse_one(lines[i], options.first_line + i, options, out, result, parse_pair_line_reference)) break;
    }
    return result;
}

}  // namespace gcd_mpi
