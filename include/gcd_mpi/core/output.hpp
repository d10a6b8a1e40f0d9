#pragma once
/// Where results go: stdout, or a file that only appears complete.

#include <cstdio>
#include <string>

namespace gcd_mpi {

/// Writes to stdout, or to `path` through a temporary name in the same
/// directory that is renamed to `path` only by commit(). A run that fails
/// (or is killed) before commit() never leaves a complete-looking `path`.
class OutputFile {
public:
    /// "" or "-" means stdout. Throws GcdError(exit_cant_create).
    explicit OutputFile(const std::string& path);
    ~OutputFile();  ///< removes the temporary file unless committed
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// Appends bytes. Throws GcdError(exit_io) on failure.
    void write(const std::string& bytes);
    /// Flushes, fsyncs and renames into place. Throws GcdError(exit_io).
    void commit();

    [[nodiscard]] std::uint64_t bytes_written() const noexcept { return bytes_; }
    /// True when no file appears atomically (stdout, a device, a FIFO): a
    /// failure may leave partial output there.
    [[nodiscard]] bool is_stream() const noexcept { return path_.empty(); }
    [[nodiscard]] const std::string& display_name() const noexcept { return display_; }

private:
    std::string path_;  // final name; empty for stdout and devices
    std::string temp_path_;
    std::string display_;
    int fd_ = 1;
    bool committed_ = false;
    bool direct_ = false;
    bool may_block_ = false;  // a pipe, FIFO, terminal or socket: writes wait politely  // an existing non-regular file (device, FIFO): no rename
    std::uint64_t bytes_ = 0;
};

/// Writes `text` to `path` atomically (temporary name + rename).
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace gcd_mpi
