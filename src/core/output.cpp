#include "gcd_mpi/core/output.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <random>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/file_identity.hpp"
#include "gcd_mpi/core/io_wait.hpp"
#include "gcd_mpi/core/stop.hpp"

namespace gcd_mpi {

namespace {

// Bytes of the target's name kept in the temporary's name: with the suffix
// (".gcd_mpi-" + 12 random + ".partial", 29 bytes) it stays under NAME_MAX
// (255) whatever the target's name, and still shows whose temporary it is.
constexpr std::size_t temp_name_keep = 200;
constexpr int temp_name_attempts = 100;

std::string random_suffix() {
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[12];
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
        std::random_device rd;  // getrandom is missing or interrupted: still unpredictable
        for (auto& b : bytes) b = static_cast<unsigned char>(rd());
    }
    std::string s;
    for (unsigned char b : bytes) s += alphabet[b % (sizeof alphabet - 1)];
    return s;
}

void split_path(const std::string& path, std::string& dir, std::string& name) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) {
        dir.clear();
        name = path;
    } else {
        dir = path.substr(0, slash + 1);
        name = path.substr(slash + 1);
    }
}

// Opening a FIFO for writing waits until a reader opens it; do that wait in
// short steps so a stop request is honoured (O_NONBLOCK fails with ENXIO
// while no reader is there), then write in blocking mode.
int open_for_writing_politely(const std::string& target, const std::string& path) {
    for (;;) {
        const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd >= 0) {
            (void)::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            return fd;
        }
        if (errno != ENXIO && errno != EINTR) {
            throw GcdError(exit_cant_create, path + ": cannot open: " + std::strerror(errno));
        }
        if (stop_requested()) throw GcdError(exit_stopped, stop_message(stop_signal()));
        ::usleep(stop_poll_milliseconds * 1000);
    }
}

// A pipe, FIFO, terminal or socket can block a write for ever (its reader
// stops reading); regular files and /dev/null cannot.
bool may_block(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || (S_ISCHR(st.st_mode) && ::isatty(fd) == 0));
}

}  // namespace

OutputFile::OutputFile(const std::string& path) {
    if (path.empty() || path == "-") {
        display_ = "<stdout>";
        may_block_ = may_block(fd_);
        return;
    }
    display_ = path;
    if (const auto own = own_fd_named_by(path)) {
        // /dev/stdout, /dev/fd/N: our own descriptor. Duplicating it keeps
        // its offset and append mode (reopening would not), and nothing is
        // ever renamed over the magic link.
        fd_ = ::fcntl(*own, F_DUPFD_CLOEXEC, 3);
        if (fd_ < 0) throw GcdError(exit_cant_create, path + ": cannot open: " + std::strerror(errno));
        owns_fd_ = true;
        may_block_ = may_block(fd_);
        return;
    }
    const std::string target = resolve_symlink_chain(path);  // a symlink: write its target
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        // /dev/null, a FIFO, a terminal: nothing to rename; write straight in.
        // (A directory fails here with EISDIR.)
        fd_ = open_for_writing_politely(target, path);
        owns_fd_ = true;
        may_block_ = may_block(fd_);
        return;
    }
    std::string dir;
    std::string name;
    split_path(target, dir, name);
    if (name.empty()) throw GcdError(exit_cant_create, path + ": cannot create: " + std::strerror(EISDIR));
    // Exclusive creation under an unpredictable name: two runs (even with
    // the same PID, in two containers) never share a temporary, and an
    // existing file is never opened, truncated or later removed.
    for (int attempt = 0; attempt < temp_name_attempts; ++attempt) {
        const std::string candidate = dir + name.substr(0, temp_name_keep) + ".gcd_mpi-" + random_suffix() + ".partial";
        fd_ = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0644);
        if (fd_ >= 0) {
            temp_path_ = candidate;
            path_ = target;
            owns_fd_ = true;
            return;
        }
        if (errno != EEXIST) break;
    }
    throw GcdError(exit_cant_create, path + ": cannot create: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
    // Only a temporary we created ourselves (O_EXCL) is ever removed.
    if (!temp_path_.empty() && !committed_) ::unlink(temp_path_.c_str());
}

void OutputFile::write(const std::string& bytes) {
    if (synced_) throw GcdError(exit_software, display_ + ": write after sync");
    write_all(fd_, bytes.data(), bytes.size(), may_block_, display_);
    if (!path_.empty()) {
        // Start writing these bytes to disk now, in the background, so the
        // fsync in commit() has little left to wait for (it took 0.19 s for
        // 10^7 results, all at the end of the run; serial euclid run on 10^7
        // pairs: 2.18 s without this hint, 1.97 s with it). Only a hint: an
        // error here shows up again, and is reported, at the fsync.
        (void)::sync_file_range(fd_, static_cast<off_t>(bytes_), static_cast<off_t>(bytes.size()),
                                SYNC_FILE_RANGE_WRITE);
    }
    bytes_ += bytes.size();
}

void OutputFile::sync() {
    if (path_.empty() || synced_) return;  // stdout or a device: nothing to make atomic
    synced_ = true;
    const int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0) {
        const int e = errno;
        ::close(fd);
        throw GcdError(exit_io, display_ + ": write failed: " + std::strerror(e));
    }
    if (::close(fd) != 0) throw GcdError(exit_io, display_ + ": write failed: " + std::strerror(errno));
}

void OutputFile::commit() {
    if (path_.empty()) return;
    sync();
    if (committed_) return;
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        throw GcdError(exit_io, display_ + ": cannot rename into place: " + std::strerror(errno));
    }
    committed_ = true;
}

void OutputFile::withdraw() noexcept {
    if (committed_) ::unlink(path_.c_str());
}

void write_file_atomically(const std::string& path, const std::string& text) {
    OutputFile file(path);
    file.write(text);
    file.commit();
}

void make_standard_streams_safe() noexcept {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        // open() returns the lowest free descriptor: this one, as the lower
        // ones are open by now.
        const int got = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got >= 0 && got != fd) {
            ::dup2(got, fd);
            ::close(got);
        }
    }
    std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace gcd_mpi
