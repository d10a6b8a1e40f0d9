#pragma once
/// Which file a path names, so that two names of one file (`./a` and `a`, a
/// symlink, a hard link, /dev/stdout) are recognised as one file before
/// anything is written. Reads the filesystem (stat, readlink) but writes
/// nothing; the clash rule itself, find_clash(), is pure.

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace gcd_mpi {

struct FileIdentity {
    enum class Kind {
        unknown,    ///< cannot be told (a missing directory, no permission): never clashes
        regular,    ///< an existing regular file: (dev, ino) after following symlinks
        device,     ///< a character or block device (/dev/null, a terminal): writing destroys nothing
        stream,     ///< an existing FIFO, socket, pipe or directory
        to_create,  ///< does not exist yet: (dev, ino) of the directory it will appear in, and `name`
    };
    Kind kind = Kind::unknown;
    dev_t dev = 0;
    ino_t ino = 0;
    std::string name;       ///< to_create only: the final name in that directory
    bool discards = false;  ///< device only: the null device (writes vanish)

    /// Same file (or the same name to be created in the same directory).
    [[nodiscard]] bool same_file_as(const FileIdentity& other) const noexcept;
};

/// The identity of the file `path` names: symlinks are followed (also a
/// dangling last one: its target is what a write creates), so `./a`, `a`,
/// a symlink to `a` and a hard link of `a` all give one identity.
[[nodiscard]] FileIdentity identify_path(const std::string& path);
/// The identity of an open file descriptor (stdin, stdout).
[[nodiscard]] FileIdentity identify_fd(int fd);

/// Follows the symlink chain of `path`'s last component (relative targets
/// are taken relative to the link's directory) and returns the name that a
/// file written "to `path`" really has. Returns `path` itself when it is not
/// a symlink or does not exist; stops after 40 links (the open then fails).
[[nodiscard]] std::string resolve_symlink_chain(const std::string& path);

/// When `path` (or any link on its chain) is one of this process's own file
/// descriptors (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), that
/// descriptor's number: such a path means "write to my fd N", never a file
/// to replace through a rename.
[[nodiscard]] std::optional<int> own_fd_named_by(const std::string& path);

/// One file the run reads or writes, with the flag that names it.
struct RunFile {
    std::string role;  ///< "INPUT", "--output", "--report", "--checkpoint"
    std::string path;  ///< as the user gave it ("-": stdin/stdout)
    FileIdentity identity;
    bool written = false;  ///< the run writes (or replaces, or truncates) it
};

/// The first pair of `files` that must not be one file, as a message
/// ("--report ./in.txt is the same file as INPUT in.txt"), or nothing.
/// Rule: a file written by the run must not be the input when that is a
/// regular file or a name to be created (a write or a rename would destroy
/// it; a terminal or a socket serving as both stdin and stdout is fine);
/// two written files must never be one file (replaced, or their bytes
/// interleaved: `-r /dev/stdout` beside results on stdout), except the
/// null device. Unknown identities never clash (opening the file reports
/// the real problem).
[[nodiscard]] std::optional<std::string> find_clash(const std::vector<RunFile>& files);

}  // namespace gcd_mpi
