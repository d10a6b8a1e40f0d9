#include "gcd_mpi/core/input.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/io_wait.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/parse.hpp"
#include "gcd_mpi/core/plain_line.hpp"

namespace gcd_mpi {

namespace {
constexpr std::size_t read_chunk_bytes = std::size_t{1} << 20;

std::string errno_text(int err) { return std::strerror(err); }
}  // namespace

PairReader::PairReader(const std::string& path) : buf_(read_chunk_bytes) {
    if (path == "-") {
        name_ = "<stdin>";
        fd_ = STDIN_FILENO;
        return;
    }
    name_ = path;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait, deaf to a
    // stop request, until some writer opens it (fill() polls instead).
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) {
        throw GcdError(exit_no_input, path + ": cannot open: " + errno_text(errno));
    }
    owns_fd_ = true;
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd_);
        fd_ = -1;
        throw GcdError(exit_no_input, path + ": cannot read: is a directory");
    }
    regular_ = S_ISREG(st.st_mode);
    if (regular_) {
        // Regular files never block; keep plain blocking reads for them.
        (void)::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    }
    size_ = static_cast<std::uint64_t>(st.st_size);
    mtime_ns_ = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

PairReader::~PairReader() {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

void PairReader::fill() {
    // Keep the unread tail, then read more behind it.
    if (begin_ > 0) {
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    for (;;) {
        // A pipe, FIFO or terminal may have no data for ever: wait in short
        // polls so a stop request is honoured (a FIFO opened without a writer
        // reports nothing until one appears, so this also waits for it).
        if (!regular_) wait_until_ready(fd_, POLLIN, name_);
        const ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
        if (n > 0) {
            end_ += static_cast<std::size_t>(n);
            bytes_ += static_cast<std::uint64_t>(n);
            return;
        }
        if (n == 0) {
            eof_ = true;
            // A regular file that ends before the size it had at open was cut
            // short under us: the last line read may be a truncated number,
            // so nothing read from it can be trusted as complete.
            if (regular_ && bytes_ < size_) {
                throw GcdError(exit_io, name_ + ": input shrank while being read (" + std::to_string(size_) +
                                            " bytes at open, ended after " + std::to_string(bytes_) + ")");
            }
            return;
        }
        if (errno == EINTR || errno == EAGAIN) continue;  // EAGAIN: our own non-blocking FIFO
        const int err = errno;
        throw GcdError(exit_io, name_ + ":" + std::to_string(line_ + 1) + ": read failed: " + errno_text(err));
    }
}

bool PairReader::next_line(std::string_view& line) {
    for (;;) {
        const char* start = buf_.data() + begin_;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
        if (nl != nullptr) {
            const auto len = static_cast<std::size_t>(nl - start);
            if (len > max_line_bytes) break;
            line = std::string_view(start, len);
            if (hashing_) hash_.update(start, len + 1);
            consumed_ += len + 1;
            begin_ += len + 1;
            ++line_;
            return true;
        }
        if (end_ - begin_ > max_line_bytes) break;
        if (eof_) {
            if (begin_ == end_) return false;
            line = std::string_view(start, end_ - begin_);  // last line, no '\n'
            if (hashing_) hash_.update(start, end_ - begin_);
            consumed_ += end_ - begin_;
            begin_ = end_;
            ++line_;
            return true;
        }
        fill();
    }
    throw GcdError(exit_data, name_ + ":" + std::to_string(line_ + 1) + ": line longer than " +
                                  std::to_string(max_line_bytes) + " bytes");
}

bool PairReader::read_batch(std::vector<InputPair>& out, std::size_t max_pairs) {
    return read_batch(out, max_pairs, 0);
}

bool PairReader::read_batch(std::vector<InputPair>& out, std::size_t max_pairs, std::uint64_t max_trial_cost,
                            std::size_t min_pairs) {
    std::size_t added = 0;
    std::uint64_t cost = 0;
    const auto cost_allows_more = [&] { return max_trial_cost == 0 || cost < max_trial_cost || added < min_pairs; };
    const auto add = [&](const SignedValue& a, const SignedValue& b) {
        out.push_back(InputPair{a, b, line_});
        ++added;
        if (hashing_) pairs_hash_ = hash_.value();
        if (max_trial_cost != 0) {  // the bound costs a division: only when it limits the batch
            const std::uint64_t pair_cost = trial_cost_bound(Pair{a.magnitude, b.magnitude});
            cost = pair_cost > UINT64_MAX - cost ? UINT64_MAX : cost + pair_cost;  // saturate, never wrap
        }
    };
    std::string_view line;
    while (added < max_pairs && cost_allows_more()) {
        // The common line straight from the buffer, without looking for its
        // end first; near the buffer's end, and for any other line, the
        // general way below (which also refills the buffer).
        if (end_ - begin_ >= plain_line_window) {
            const char* start = buf_.data() + begin_;
            SignedValue a;
            SignedValue b;
            if (const std::size_t len = parse_plain_line(start, a, b); len != 0) {
                if (hashing_) hash_.update(start, len);
                consumed_ += len;
                begin_ += len;
                ++line_;
                add(a, b);
                continue;
            }
        }
        if (!next_line(line)) break;
        if (line_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
            line.remove_prefix(3);  // UTF-8 byte-order mark, as some editors write
        }
        const ParsedLine parsed = parse_pair_line(line);
        if (parsed.kind == LineKind::skip) continue;
        if (parsed.kind == LineKind::error) {
            throw GcdError(exit_data, name_ + ":" + std::to_string(line_) + ": " + parsed.error);
        }
        add(parsed.a, parsed.b);
    }
    return added > 0;
}

}  // namespace gcd_mpi
