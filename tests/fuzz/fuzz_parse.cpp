// libFuzzer target: the input parser. Any bytes, as a whole file through the
// real reader (lines, CRLF, BOM, batching) and line by line through the
// parser. Properties checked, beyond "no crash, no sanitizer report":
// parse_pair_line (fast paths first) answers as parse_pair_line_reference,
// an accepted pair re-formats and re-parses to the same values, every
// rejection names file:line, and the one-pass chunk parser (chunk_parse.hpp)
// answers as its per-line reference on the whole input and on two pieces cut
// at a byte the input chooses.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/chunk_parse.hpp"
#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/input.hpp"
#include "gcd_mpi/core/parse.hpp"

using namespace gcd_mpi;

namespace {
[[noreturn]] void fail(const char* what) {
    std::fputs(what, stderr);
    std::fputc('\n', stderr);
    std::abort();
}

void check_line(std::string_view line) {
    const ParsedLine parsed = parse_pair_line(line);  // the fast paths first
    const ParsedLine reference = parse_pair_line_reference(line);
    if (parsed.kind != reference.kind || !(parsed.a == reference.a) || !(parsed.b == reference.b) ||
        parsed.error != reference.error) {
        fail("the fast paths and the general parser disagree");
    }
    if (parsed.kind == LineKind::pair) {
        std::string text;
        append_value(text, parsed.a);
        text += ' ';
        append_value(text, parsed.b);
        const ParsedLine again = parse_pair_line(text);
        if (again.kind != LineKind::pair || !(again.a == parsed.a) || !(again.b == parsed.b)) {
            fail("accepted pair does not round-trip through its formatted text");
        }
    } else if (parsed.kind == LineKind::error && parsed.error.size() > 400) {
        fail("error message is not bounded");
    }
}
void check_chunk(std::string_view chunk, const ChunkParseOptions& options) {
    std::vector<InputPair> fast_pairs;
    std::vector<InputPair> reference_pairs;
    const ChunkParse fast = parse_chunk(chunk, options, fast_pairs);
    const ChunkParse reference = parse_chunk_reference(chunk, options, reference_pairs);
    if (fast.lines != reference.lines || fast.error_line != reference.error_line || fast.error != reference.error ||
        fast_pairs != reference_pairs) {
        fail("parse_chunk and parse_chunk_reference disagree");
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        check_line(text.substr(start, end - start));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    // The chunk parser, whole and in two pieces; the first byte picks the
    // cut, a short line limit (every 8th input) and the BOM rule.
    const std::uint8_t pick = size > 0 ? data[0] : 0;
    const ChunkParseOptions options{.first_line = 1 + std::uint64_t{pick},
                                    .strip_bom = (pick & 1) != 0,
                                    .max_line = (pick & 7) == 7 ? pick / 4 : SIZE_MAX};
    check_chunk(text, options);
    const std::size_t cut = size > 0 ? (pick * size) / 256 : 0;
    check_chunk(text.substr(0, cut), options);
    check_chunk(text.substr(cut), options);
    // The same bytes as a real file through the batching reader.
    char path[] = "/tmp/gcd_fuzz_XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd < 0) return 0;
    if (::write(fd, data, size) != static_cast<ssize_t>(size)) fail("short write");
    ::close(fd);
    try {
        PairReader reader(path);
        std::vector<InputPair> batch;
        while (reader.read_batch(batch, 3)) batch.clear();
    } catch (const GcdError& e) {
        if (e.exit_code() != exit_data) fail("unexpected exit code for in-memory bytes");
        if (std::string_view(e.what()).find(std::string(path) + ":") != 0) fail("message lacks file:line");
    }
    ::unlink(path);
    return 0;
}
