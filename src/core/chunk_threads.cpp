#include "gcd_mpi/core/chunk_threads.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <utility>

#include "gcd_mpi/core/threads.hpp"

namespace gcd_mpi {

namespace {

// The threads of one call, joined when it is left, by a return or an exception.
class Joined {
public:
    Joined() = default;
    Joined(const Joined&) = delete;
    Joined& operator=(const Joined&) = delete;
    ~Joined() {
        for (std::thread& t : threads_) t.join();
    }
    void add(std::thread t) { threads_.push_back(std::move(t)); }

private:
    std::vector<std::thread> threads_;
};

// How many pieces `size` units make at `min_piece` units a piece, at most `threads`.
std::size_t piece_count(std::size_t size, unsigned threads, std::size_t min_piece) {
    if (threads <= 1) return 1;
    return std::clamp<std::size_t>(size / std::max<std::size_t>(min_piece, 1), 1, threads);
}

}  // namespace

std::vector<std::size_t> line_aligned_cuts(std::string_view text, std::size_t pieces) {
    std::vector<std::size_t> cuts{0};
    pieces = std::max<std::size_t>(pieces, 1);
    for (std::size_t k = 1; k < pieces; ++k) {
        // The first line start at or after the k-th even share.
        const std::size_t target = text.size() / pieces * k + text.size() % pieces * k / pieces;
        if (target == 0) continue;
        const std::size_t nl = text.find('\n', target - 1);
        if (nl == std::string_view::npos) break;
        const std::size_t cut = nl + 1;
        if (cut > cuts.back() && cut < text.size()) cuts.push_back(cut);
    }
    if (text.size() > 0) cuts.push_back(text.size());
    return cuts;
}

ChunkParse parse_chunk_threads(std::string_view text, const ChunkParseOptions& options, std::vector<InputPair>& out,
                               unsigned threads, std::size_t min_piece_bytes) {
    const std::size_t wanted = piece_count(text.size(), threads, min_piece_bytes);
    if (wanted <= 1) return parse_chunk(text, options, out);
    const std::vector<std::size_t> cuts = line_aligned_cuts(text, wanted);
    const std::size_t pieces = cuts.size() - 1;
    if (pieces <= 1) return parse_chunk(text, options, out);
    const auto piece = [&](std::size_t i) { return text.substr(cuts[i], cuts[i + 1] - cuts[i]); };

    // Piece 0 straight into `out`, numbered as asked; the others into their
    // own vectors, numbered from 1, renumbered below once the counts are known.
    std::vector<ChunkParse> parsed(pieces);
    std::vector<std::vector<InputPair>> rest(pieces - 1);
    std::vector<std::exception_ptr> failed(pieces);
    {
        Joined workers;
        const ChunkParseOptions later{.first_line = 1, .strip_bom = false, .max_line = options.max_line};
        for (std::size_t i = 1; i < pieces; ++i) {
            workers.add(start_thread("parsing a piece of a chunk", [&, i] {
                try {
                    parsed[i] = parse_chunk(piece(i), later, rest[i - 1]);
                } catch (...) {
                    failed[i] = std::current_exception();
                }
            }));
        }
        parsed[0] = parse_chunk(piece(0), options, out);
    }
    for (const std::exception_ptr& e : failed) {
        if (e) std::rethrow_exception(e);
    }

    ChunkParse result = std::move(parsed[0]);
    for (std::size_t i = 1; i < pieces; ++i) {
        const std::uint64_t shift = options.first_line - 1 + result.lines;  // lines before piece i
        if (result.ok()) {
            const std::vector<InputPair>& mine = rest[i - 1];
            const std::size_t old = out.size();
            out.resize(old + mine.size());
            std::transform(mine.begin(), mine.end(), out.begin() + static_cast<std::ptrdiff_t>(old),
                           [shift](InputPair p) {
                               p.line += shift;
                               return p;
                           });
            if (!parsed[i].ok()) {
                result.error_line = parsed[i].error_line + shift;
                result.error = std::move(parsed[i].error);
            }
        }
        result.lines += parsed[i].lines;
    }
    return result;
}

void append_results_threads(std::string& out, OutputFormat f, std::span<const InputPair> pairs,
                            std::span<const PairResult> results, unsigned threads, std::size_t min_slice_pairs) {
    const std::size_t count = std::min(pairs.size(), results.size());
    const std::size_t slices = piece_count(count, threads, min_slice_pairs);
    if (slices <= 1) {
        append_results(out, f, pairs, results);
        return;
    }
    const auto first = [&](std::size_t i) { return count * i / slices; };
    const auto slice = [&](std::size_t i) {
        return std::pair{pairs.subspan(first(i), first(i + 1) - first(i)),
                         results.subspan(first(i), first(i + 1) - first(i))};
    };
    std::vector<std::string> rest(slices - 1);
    std::vector<std::exception_ptr> failed(slices);
    {
        Joined workers;
        for (std::size_t i = 1; i < slices; ++i) {
            workers.add(start_thread("formatting a slice of a batch", [&, i] {
                try {
                    const auto [p, r] = slice(i);
                    append_results(rest[i - 1], f, p, r);
                } catch (...) {
                    failed[i] = std::current_exception();
                }
            }));
        }
        const auto [p, r] = slice(0);
        append_results(out, f, p, r);
    }
    for (const std::exception_ptr& e : failed) {
        if (e) std::rethrow_exception(e);
    }
    std::size_t total = out.size();
    for (const std::string& s : rest) total += s.size();
    out.reserve(total);
    for (const std::string& s : rest) out += s;
}

}  // namespace gcd_mpi
