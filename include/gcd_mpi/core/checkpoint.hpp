#pragma once
/// Checkpoint files: completed results recorded durably as a run goes, so a
/// rerun skips finished work and still writes byte-identical output.
///
/// Layout: a header line "gcd_mpi checkpoint v1 <json>\n" naming what the
/// results depend on (input size, mtime, kernel, batch size), then binary
/// records, one per completed batch, in input order:
///   u32 magic 'GCDR' | u64 first_pair | u64 count | u64 input_hash |
///   count x (u64 gcd, u64 candidates) | u32 crc32 of everything before it
/// input_hash is the running hash of every input byte read up to the end of
/// the batch's last line, so a resumed run proves it reads the same input.
/// A torn or corrupt tail (a crash mid-write) fails its length or CRC check
/// and is dropped, never trusted.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// What a checkpoint's results depend on; a resume must match all of it.
struct CheckpointIdentity {
    std::string input;             ///< path as given (informational)
    std::uint64_t input_size = 0;  ///< bytes, at the start of the first run
    std::int64_t input_mtime_ns = 0;
    std::string kernel;
    std::uint64_t batch_pairs = 0;
    std::uint64_t batch_candidates = 0;
    friend bool operator==(const CheckpointIdentity&, const CheckpointIdentity&) = default;
};

struct CheckpointRecord {
    std::uint64_t first_pair = 0;
    std::uint64_t input_hash = 0;
    std::vector<PairResult> results;
};

/// CRC-32 (IEEE), for record integrity.
[[nodiscard]] std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0) noexcept;

/// Running 64-bit FNV-1a hash of the input bytes.
class InputHash {
public:
    void update(const char* data, std::size_t size) noexcept;
    [[nodiscard]] std::uint64_t value() const noexcept { return h_; }

private:
    std::uint64_t h_ = 14695981039346656037ULL;  // FNV-1a 64 offset basis
};

/// One checkpoint file: opened (and validated) or created, then appended to.
class Checkpoint {
public:
    /// Opens `path`, creating it with `identity` if missing or empty. An
    /// existing file must carry the same identity, else GcdError(exit_usage)
    /// says what differs. Valid records are loaded; a torn or corrupt tail is
    /// cut off (the number of dropped bytes is in dropped_bytes()).
    Checkpoint(const std::string& path, const CheckpointIdentity& identity);
    ~Checkpoint();
    Checkpoint(const Checkpoint&) = delete;
    Checkpoint& operator=(const Checkpoint&) = delete;

    /// Records loaded from the file, in order.
    [[nodiscard]] const std::vector<CheckpointRecord>& records() const noexcept { return records_; }
    /// Frees the loaded records once replayed.
    void forget_records() noexcept { records_.clear(); records_.shrink_to_fit(); }
    [[nodiscard]] std::uint64_t dropped_bytes() const noexcept { return dropped_; }
    [[nodiscard]] std::uint64_t resumable_pairs() const noexcept;

    /// Appends one record and makes it durable (write + fsync) before returning.
    void append(std::uint64_t first_pair, std::uint64_t input_hash, const std::vector<PairResult>& results);

    [[nodiscard]] static std::string identity_json(const CheckpointIdentity& id);

private:
    std::string path_;
    int fd_ = -1;
    std::vector<CheckpointRecord> records_;
    std::uint64_t dropped_ = 0;
};

}  // namespace gcd_mpi
