#include "gcd_mpi/core/file_identity.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <climits>
#include <cstdlib>

namespace gcd_mpi {

namespace {

// "dir/name" -> "dir", "name" -> ".", "/name" -> "/".
std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string last_component(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

FileIdentity from_stat(const struct stat& st) {
    FileIdentity id;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    if (S_ISREG(st.st_mode)) {
        id.kind = FileIdentity::Kind::regular;
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
        id.kind = FileIdentity::Kind::device;
        struct stat null_device {};
        id.discards = S_ISCHR(st.st_mode) && ::stat("/dev/null", &null_device) == 0 && S_ISCHR(null_device.st_mode) &&
                      null_device.st_rdev == st.st_rdev;
    } else {
        id.kind = FileIdentity::Kind::stream;
    }
    return id;
}

std::optional<std::string> real_path(const std::string& path) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (resolved == nullptr) return std::nullopt;
    std::string out(resolved);
    std::free(resolved);
    return out;
}

bool all_digits(const std::string& s) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
    }
    return true;
}

// Is `path` an entry of this process's (or this thread's) fd directory?
std::optional<int> fd_entry(const std::string& path) {
    const std::string name = last_component(path);
    if (!all_digits(name)) return std::nullopt;
    const auto dir = real_path(directory_of(path));
    if (!dir) return std::nullopt;
    for (const char* own : {"/proc/self/fd", "/proc/thread-self/fd"}) {
        if (const auto real_own = real_path(own); real_own && *real_own == *dir) return std::atoi(name.c_str());
    }
    return std::nullopt;
}

constexpr int max_symlinks = 40;  // Linux's own limit on a path lookup

}  // namespace

bool FileIdentity::same_file_as(const FileIdentity& other) const noexcept {
    if (kind == Kind::unknown || other.kind == Kind::unknown) return false;
    if ((kind == Kind::to_create) != (other.kind == Kind::to_create)) return false;
    if (dev != other.dev || ino != other.ino) return false;
    return kind != Kind::to_create || name == other.name;
}

std::string resolve_symlink_chain(const std::string& path) {
    std::string p = path;
    for (int i = 0; i < max_symlinks; ++i) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        std::string target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : PATH_MAX) + 1, '\0');
        const ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
        if (n < 0 || static_cast<std::size_t>(n) >= target.size()) return p;
        target.resize(static_cast<std::size_t>(n));
        p = target.front() == '/' ? target : directory_of(p) + "/" + target;
    }
    return p;
}

std::optional<int> own_fd_named_by(const std::string& path) {
    std::string p = path;
    for (int i = 0; i <= max_symlinks; ++i) {
        if (auto fd = fd_entry(p)) return fd;
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return std::nullopt;
        std::string target(PATH_MAX + 1, '\0');
        const ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
        if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) return std::nullopt;
        target.resize(static_cast<std::size_t>(n));
        p = target.front() == '/' ? target : directory_of(p) + "/" + target;
    }
    return std::nullopt;
}

FileIdentity identify_fd(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return {};
    return from_stat(st);
}

FileIdentity identify_path(const std::string& path) {
    if (auto fd = own_fd_named_by(path)) return identify_fd(*fd);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) return from_stat(st);  // follows every symlink
    // Not there (yet): the directory it would be created in, and its name
    // there, after following a dangling symlink to its target.
    const std::string target = resolve_symlink_chain(path);
    const std::string name = last_component(target);
    if (name.empty() || name == "." || name == "..") return {};
    if (::stat(directory_of(target).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return {};
    FileIdentity id;
    id.kind = FileIdentity::Kind::to_create;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.name = name;
    return id;
}

std::optional<std::string> find_clash(const std::vector<RunFile>& files) {
    using Kind = FileIdentity::Kind;
    for (std::size_t j = 1; j < files.size(); ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            const RunFile& a = files[i];
            const RunFile& b = files[j];
            if (!a.written && !b.written) continue;
            if (!a.identity.same_file_as(b.identity)) continue;
            // An input that does not exist cannot be damaged (opening it
            // reports "No such file", exit 66).
            if ((!a.written || !b.written) && a.identity.kind == Kind::to_create) continue;
            const Kind kind = a.identity.kind;
            const bool stored = kind == Kind::regular || kind == Kind::to_create;
            const bool both_written = a.written && b.written;
            if (stored || (both_written && !(kind == Kind::device && a.identity.discards))) {
                return b.role + " " + b.path + " is the same file as " + a.role + " " + a.path + "; refusing to " +
                       (stored ? "overwrite it" : "mix them") + " (nothing was written)";
            }
        }
    }
    return std::nullopt;
}

}  // namespace gcd_mpi
