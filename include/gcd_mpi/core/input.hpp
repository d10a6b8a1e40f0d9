#pragma once
/// Reading pairs from a file or stdin, in batches, with file:line messages.

#include <cstdint>
#include <string>
#include <vector>

#include "gcd_mpi/core/checkpoint_format.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// Longest line accepted. A valid pair needs under 50 bytes; the cap keeps a
/// file without newlines from growing the buffer without bound.
inline constexpr std::size_t max_line_bytes = std::size_t{1} << 20;

class PairReader {
public:
    /// Opens `path`, or stdin for "-". Throws GcdError(exit_no_input) when the
    /// file is missing, unreadable or a directory.
    explicit PairReader(const std::string& path);
    ~PairReader();
    PairReader(const PairReader&) = delete;
    PairReader& operator=(const PairReader&) = delete;

    /// Appends up to `max_pairs` pairs to `out`. Returns false once the input is
    /// exhausted and nothing was added. Throws GcdError(exit_data) naming
    /// file:line on a malformed line, GcdError(exit_io) on a read error.
    bool read_batch(std::vector<InputPair>& out, std::size_t max_pairs);
    /// As above, but also ends the batch once the brute force's estimated
    /// cost (sum of trial_cost_bound) reaches `max_trial_cost` (0: no limit)
    /// and it holds at least `min_pairs` pairs, so a batch of costly pairs
    /// stays short enough to checkpoint often and still gives every one of
    /// `min_pairs` workers a pair (fewer only when the input ends or
    /// `max_pairs` is smaller).
    bool read_batch(std::vector<InputPair>& out, std::size_t max_pairs, std::uint64_t max_trial_cost,
                    std::size_t min_pairs = 1);

    /// Name used in messages: the path, or "<stdin>".
    [[nodiscard]] const std::string& source_name() const noexcept { return name_; }
    [[nodiscard]] std::uint64_t lines_read() const noexcept { return line_; }
    [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_; }
    /// Bytes of the lines handed out so far (read-ahead excluded).
    [[nodiscard]] std::uint64_t bytes_consumed() const noexcept { return consumed_; }

    /// Starts hashing every byte consumed from here on (for checkpoints).
    void enable_hash() noexcept { hashing_ = true; }
    /// Hash of the bytes of every line consumed so far (newlines included).
    [[nodiscard]] std::uint64_t input_hash() const noexcept { return hash_.value(); }
    /// Hash of the bytes up to the end of the last pair's line handed out
    /// (blank and comment lines read after it excluded): what a checkpoint
    /// records for a batch, so a replay that reads exactly the batch's pairs
    /// and stops gets the same value, whatever follows the last pair.
    [[nodiscard]] std::uint64_t pairs_hash() const noexcept { return pairs_hash_; }
    /// True for a regular file (which has a size and mtime to identify it).
    [[nodiscard]] bool is_regular_file() const noexcept { return regular_; }
    [[nodiscard]] std::uint64_t file_size() const noexcept { return size_; }
    [[nodiscard]] std::int64_t file_mtime_ns() const noexcept { return mtime_ns_; }

private:
    bool next_line(std::string_view& line);  // false at end of input
    void fill();

    std::string name_;
    int fd_ = -1;
    bool owns_fd_ = false;
    bool eof_ = false;
    std::vector<char> buf_;
    std::size_t begin_ = 0;  // unread data is buf_[begin_, end_)
    std::size_t end_ = 0;
    std::uint64_t line_ = 0;
    std::uint64_t bytes_ = 0;
    std::uint64_t consumed_ = 0;
    bool hashing_ = false;
    InputHash hash_;
    std::uint64_t pairs_hash_ = InputHash{}.value();
    bool regular_ = false;
    std::uint64_t size_ = 0;
    std::int64_t mtime_ns_ = 0;
};

}  // namespace gcd_mpi
