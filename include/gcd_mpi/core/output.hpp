#pragma once
/// Where results (and the report) go: stdout, a stream, or a file that only
/// appears complete.

#include <cstdint>
#include <cstdio>
#include <string>

namespace gcd_mpi {

/// Writes to stdout, or to `path`:
/// - a regular file (or a name that does not exist yet) is written under an
///   exclusively created temporary name in the same directory
///   ("NAME.gcd_mpi-XXXXXXXXXXXX.partial", NAME cut to 200 bytes, so any
///   valid file name works) and renamed to `path` only by commit(); a run
///   that fails before commit() leaves neither `path` nor the temporary;
/// - a symlink to a regular file: its target is written that way (the
///   temporary in the target's directory, renamed over the target), so the
///   link stays a link;
/// - anything else (a device, a FIFO, /dev/stdout, /dev/fd/N) is written
///   directly, never renamed over; /dev/stdout and /dev/fd/N write to this
///   process's own descriptor (same offset, same append mode).
class OutputFile {
public:
    /// "" or "-" means stdout. Throws GcdError(exit_cant_create).
    explicit OutputFile(const std::string& path);
    ~OutputFile();  ///< removes our temporary file unless committed
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// Appends bytes. Throws GcdError(exit_io) on failure (EFBIG past
    /// `ulimit -f`, ENOSPC, EIO, ...).
    void write(const std::string& bytes);
    /// Makes everything written durable (fsync) and closes the temporary;
    /// the final name is not touched yet. Idempotent. Throws GcdError(exit_io).
    void sync();
    /// sync(), then renames into place. Throws GcdError(exit_io).
    void commit();
    /// After commit(): removes the committed file again (best effort), for
    /// a run that fails after this file was renamed into place.
    void withdraw() noexcept;

    [[nodiscard]] std::uint64_t bytes_written() const noexcept { return bytes_; }
    /// Counts `bytes` written to the temporary by other writers (the
    /// parallel data path's ranks, through MPI-IO).
    void add_bytes_written_elsewhere(std::uint64_t bytes) noexcept { bytes_ += bytes; }
    /// True when no file appears atomically (stdout, a device, a FIFO): a
    /// failure may leave partial output there.
    [[nodiscard]] bool is_stream() const noexcept { return path_.empty(); }
    [[nodiscard]] const std::string& display_name() const noexcept { return display_; }
    /// The temporary file's name while there is one ("" for streams).
    [[nodiscard]] const std::string& temporary_name() const noexcept { return temp_path_; }

private:
    std::string path_;  // final name (a symlink's target); empty for stdout and streams
    std::string temp_path_;
    std::string display_;
    int fd_ = 1;
    bool owns_fd_ = false;  // close fd_ when done (not stdout itself)
    bool synced_ = false;
    bool may_block_ = false;  // a pipe, FIFO, terminal or socket: writes poll, so a stop is seen
    bool committed_ = false;
    std::uint64_t bytes_ = 0;
};

/// Writes `text` to `path` atomically (temporary name + rename).
void write_file_atomically(const std::string& path, const std::string& text);

/// Start-up hardening, first thing in main: opens /dev/null on any of fds
/// 0, 1, 2 that is closed (so no file the program opens later can become
/// "stdout" or "stderr" and receive diagnostics), and ignores SIGXFSZ (so a
/// write past `ulimit -f` fails with EFBIG and is reported as an I/O error
/// instead of killing the process and leaving its temporary file).
void make_standard_streams_safe() noexcept;

}  // namespace gcd_mpi
