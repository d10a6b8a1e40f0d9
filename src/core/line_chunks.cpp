#include "gcd_mpi/core/line_chunks.hpp"

#include <algorithm>

namespace gcd_mpi {

std::uint64_t chunk_rounds(std::uint64_t file_size, std::uint64_t chunk_bytes, int ranks) noexcept {
    const std::uint64_t per_round = chunk_bytes * static_cast<std::uint64_t>(ranks);
    return file_size / per_round + (file_size % per_round != 0 ? 1 : 0);
}

ByteSpan chunk_span(std::uint64_t file_size, std::uint64_t chunk_bytes, int ranks, std::uint64_t round,
                    int rank) noexcept {
    const std::uint64_t index = round * static_cast<std::uint64_t>(ranks) + static_cast<std::uint64_t>(rank);
    const std::uint64_t begin = std::min(file_size, index * chunk_bytes);
    return {begin, std::min(file_size, begin + chunk_bytes)};
}

OwnedLines owned_lines(std::string_view bytes, const ByteSpan& chunk, std::uint64_t file_size) noexcept {
    OwnedLines owned;
    if (chunk.size() == 0) {
        owned.complete = true;
        return owned;
    }
    const std::uint64_t offset = read_start(chunk);
    // The first line starting inside the chunk: at its first byte if that is
    // the file's start or follows a '\n', else after the first '\n' in it.
    std::size_t first = 0;
    if (chunk.begin > 0) {
        const std::size_t nl = bytes.find('\n');
        first = nl == std::string_view::npos ? bytes.size() : nl + 1;
    }
    const auto chunk_end = static_cast<std::size_t>(chunk.end - offset);  // index of the chunk's end in `bytes`
    if (first >= chunk_end) {
        owned.begin = owned.end = 0;
        owned.complete = true;
        return owned;
    }
    owned.begin = first;
    // The line holding the chunk's last byte ends at the first '\n' from there on.
    const std::size_t nl = bytes.find('\n', chunk_end - 1);
    if (nl != std::string_view::npos) {
        owned.end = nl + 1;
        owned.complete = true;
    } else {
        owned.end = bytes.size();
        owned.complete = offset + bytes.size() >= file_size;  // the file's last line, without '\n'
    }
    return owned;
}

}  // namespace gcd_mpi
