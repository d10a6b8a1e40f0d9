#include "gcd_mpi/core/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi {

namespace {

[[noreturn]] void fail_io(const std::string& path, const char* what) {
    throw GcdError(exit_io, path + ": checkpoint " + what + ": " + std::strerror(errno));
}

const char* file_kind(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

[[noreturn]] void refuse_kind(const std::string& path, mode_t mode) {
    throw GcdError(exit_usage, path + ": --checkpoint needs a regular file, and this is " + file_kind(mode) +
                                   "; refusing to use it");
}

}  // namespace

Checkpoint::Checkpoint(const std::string& path, const CheckpointIdentity& identity) : path_(path) {
    // Refuse what is not a regular file before opening it: opening a FIFO
    // blocks (or reads forever), a device may act on open, /dev/zero never
    // ends. Symlinks are followed: a link to a regular file is that file.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) refuse_kind(path, st.st_mode);
    // O_NONBLOCK: should the name become a FIFO between stat and open, the
    // open still returns at once, and fstat refuses it.
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0644);
    if (fd_ < 0) {
        if (errno == EISDIR) refuse_kind(path, S_IFDIR);
        throw GcdError(exit_cant_create, path + ": cannot open checkpoint: " + std::strerror(errno));
    }
    if (::fstat(fd_, &st) != 0) fail_io(path, "stat failed");
    if (!S_ISREG(st.st_mode)) {
        ::close(fd_);
        fd_ = -1;
        refuse_kind(path, st.st_mode);
    }
    (void)::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    std::string data;
    try {
        char buf[1 << 16];
        // Reads until `enough` bytes are in (or the end); false at the end.
        const auto read_until = [&](std::size_t enough) {
            while (data.size() < enough) {
                const ssize_t n = ::read(fd_, buf, sizeof buf);
                if (n < 0 && errno == EINTR) continue;
                if (n < 0) fail_io(path, "read failed");
                if (n == 0) return false;
                data.append(buf, static_cast<std::size_t>(n));
            }
            return true;
        };
        // The first bytes decide whether it is ours: a large file that is not
        // (a data file named by mistake) is refused without reading it all.
        read_until(checkpoint_header_prefix.size() + 1);
        CheckpointStart start = classify_checkpoint_start(data);
        if (start == CheckpointStart::header || start == CheckpointStart::torn_header) {
            read_until(SIZE_MAX);
            start = classify_checkpoint_start(data);
        }
        if (start == CheckpointStart::foreign) {
            throw GcdError(exit_usage, path + ": not a gcd_mpi checkpoint; refusing to overwrite it (" +
                                           std::to_string(st.st_size) +
                                           " bytes); name a new file or an earlier run's checkpoint");
        }
        if (start == CheckpointStart::other_version) {
            throw GcdError(exit_usage, path +
                                           ": a gcd_mpi checkpoint of another format version (this build "
                                           "reads v1); refusing to overwrite it");
        }
        if (start == CheckpointStart::empty || start == CheckpointStart::torn_header) {
            // New, or torn while its header was written (nothing recorded yet):
            // start afresh. An empty file holds nothing to lose.
            const std::string header = encode_header(identity);
            if (::ftruncate(fd_, 0) != 0) fail_io(path, "truncate failed");
            if (::pwrite(fd_, header.data(), header.size(), 0) != static_cast<ssize_t>(header.size())) {
                fail_io(path, "write failed");
            }
            if (::fsync(fd_) != 0) fail_io(path, "fsync failed");
            dropped_ = data.size();
            ::lseek(fd_, 0, SEEK_END);
            return;
        }
        DecodedHeader saved;
        try {
            saved = decode_header(data);
        } catch (const std::exception& e) {
            throw GcdError(exit_usage, path + ": corrupt checkpoint header: " + e.what());
        }
        if (const std::string why = describe_identity_mismatch(saved.identity, identity); !why.empty()) {
            throw GcdError(exit_usage, path + ": checkpoint belongs to another run: " + why +
                                           "; remove it or use another --checkpoint file");
        }
        DecodedRecords decoded = decode_records(data, saved.records_begin);
        records_ = std::move(decoded.records);
        dropped_ = data.size() - decoded.valid_end;
        if (dropped_ > 0) {
            if (::ftruncate(fd_, static_cast<off_t>(decoded.valid_end)) != 0 || ::fsync(fd_) != 0) {
                fail_io(path, "truncate failed");
            }
        }
        ::lseek(fd_, static_cast<off_t>(decoded.valid_end), SEEK_SET);
    } catch (...) {
        ::close(fd_);
        fd_ = -1;
        throw;
    }
}

Checkpoint::~Checkpoint() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint64_t Checkpoint::resumable_pairs() const noexcept {
    std::uint64_t n = 0;
    for (const auto& r : records_) n += r.results.size();
    return n;
}

void Checkpoint::append(std::uint64_t first_pair, std::uint64_t input_hash, const std::vector<PairResult>& results) {
    const std::string buf = encode_record(first_pair, input_hash, results);
    std::size_t done = 0;
    while (done < buf.size()) {
        const ssize_t n = ::write(fd_, buf.data() + done, buf.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail_io(path_, "write failed");
        done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd_) != 0) fail_io(path_, "fsync failed");
}

}  // namespace gcd_mpi
