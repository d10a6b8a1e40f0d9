#pragma once
/// Checkpoint files: completed results recorded durably as a run goes, so a
/// rerun skips finished work and still writes byte-identical output. This is
/// the file (open, validate, cut a torn tail, append with fsync); the bytes
/// in it are checkpoint_format.hpp's.

#include <cstdint>
#include <string>
#include <vector>

#include "gcd_mpi/core/checkpoint_format.hpp"
#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// One checkpoint file: opened (and validated) or created, then appended to.
class Checkpoint {
public:
    /// Opens `path`, creating it with `identity` if missing, empty, or a torn
    /// header. Refuses (GcdError(exit_usage), before opening it) anything
    /// that is not a regular file (device, FIFO, directory, socket) and any
    /// existing file that does not start like a gcd_mpi checkpoint. An
    /// existing checkpoint must carry the same identity, else
    /// GcdError(exit_usage) says what differs. Valid records are loaded; a
    /// torn or corrupt tail is cut off (dropped_bytes() says how much).
    Checkpoint(const std::string& path, const CheckpointIdentity& identity);
    ~Checkpoint();
    Checkpoint(const Checkpoint&) = delete;
    Checkpoint& operator=(const Checkpoint&) = delete;

    /// Records loaded from the file, in order.
    [[nodiscard]] const std::vector<CheckpointRecord>& records() const noexcept { return records_; }
    /// Frees the loaded records once replayed.
    void forget_records() noexcept {
        records_.clear();
        records_.shrink_to_fit();
    }
    [[nodiscard]] std::uint64_t dropped_bytes() const noexcept { return dropped_; }
    [[nodiscard]] std::uint64_t resumable_pairs() const noexcept;
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

    /// Appends one record and makes it durable (write + fsync) before returning.
    void append(std::uint64_t first_pair, std::uint64_t input_hash, const std::vector<PairResult>& results);

private:
    std::string path_;
    int fd_ = -1;
    std::vector<CheckpointRecord> records_;
    std::uint64_t dropped_ = 0;
};

}  // namespace gcd_mpi
