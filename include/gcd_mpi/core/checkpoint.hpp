#pragma once
/// Checkpoint files: completed results recorded durably as a run goes, so a
/// rerun skips finished work and still writes byte-identical output.
///
/// Layout: a header line "gcd_mpi checkpoint v1 <json>\n" naming what the
/// results depend on (the input's size and the kernel), then binary records,
/// one per completed batch, in input order:
///   u32 magic 'GCDR' | u64 first_pair | u64 count | u64 input_hash |
///   count x (u64 gcd, u64 candidates) | u32 crc32 of everything before it
/// input_hash is the running hash of every input byte up to the end of the
/// batch's last pair's line (PairReader::pairs_hash), so a resumed run proves,
/// record by record, that it reads the same input. Batch boundaries are not
/// part of the identity: a replay reads each record's own count of pairs, so
/// a resumed run may use another --batch-size, --checkpoint-interval or
/// number of ranks and still writes the same bytes.
/// A torn or corrupt tail (a crash mid-write) fails its length or CRC check
/// and is dropped, never trusted.
///
/// Compatibility: still v1. Headers written before the identity shrank (with
/// input_mtime_ns, batch_pairs, batch_candidates) are read; the extra fields
/// are ignored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/pair.hpp"

namespace gcd_mpi {

/// What a checkpoint's results depend on; a resume must match all of it. The
/// input's content is checked too, by the hash in every record, on replay.
struct CheckpointIdentity {
    std::string input;             ///< path as given (informational, not compared)
    std::uint64_t input_size = 0;  ///< bytes, at the start of the first run
    std::string kernel;            ///< results' candidate counts depend on it
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

/// How the existing bytes of a --checkpoint file look.
enum class CheckpointStart {
    empty,          ///< nothing to lose: taken
    torn_header,    ///< a prefix of a header line, no newline (a crash while writing it): restarted
    header,         ///< "gcd_mpi checkpoint v1 ...\n"
    other_version,  ///< "gcd_mpi checkpoint vN ..." of another format: refused
    foreign,        ///< anything else, whatever its size: refused, never overwritten
};
[[nodiscard]] CheckpointStart classify_checkpoint_start(std::string_view data) noexcept;

/// The header line's JSON (without prefix and newline).
[[nodiscard]] std::string identity_json(const CheckpointIdentity& id);
/// Parses a header's JSON; throws std::exception when fields are missing.
[[nodiscard]] CheckpointIdentity parse_identity_json(std::string_view json);
/// What differs between a checkpoint's identity and this run's, for people
/// ("" when nothing does). Sizes in bytes, options by their flags.
[[nodiscard]] std::string describe_identity_mismatch(const CheckpointIdentity& saved, const CheckpointIdentity& now);

/// One record's bytes, CRC included.
[[nodiscard]] std::string encode_record(std::uint64_t first_pair, std::uint64_t input_hash,
                                        const std::vector<PairResult>& results);
/// The valid records of `data` from `pos` on, in order, each continuing the
/// last; decoding stops at the first torn, corrupt or out-of-order record.
struct DecodedRecords {
    std::vector<CheckpointRecord> records;
    std::size_t valid_end = 0;  ///< offset just past the last valid record
};
[[nodiscard]] DecodedRecords decode_records(std::string_view data, std::size_t pos);

/// With a checkpoint, how much estimated brute-force work (trial_cost_bound
/// units) one batch may hold so that it takes about `interval` seconds for
/// the whole job: interval x rate, where the rate (estimated candidates per
/// second, whole job) starts as assumed_rate_per_worker x workers and then
/// follows the measured one (recent batches weigh most), so it adapts to the
/// machine, the kernel's code path and the values.
class BatchCostCap {
public:
    BatchCostCap(double interval_seconds, double assumed_rate_per_worker, std::uint64_t workers) noexcept;
    /// Estimated candidates the next batch may hold (>= 1).
    [[nodiscard]] std::uint64_t cap() const noexcept;
    /// Current rate estimate: estimated candidates per second, whole job.
    [[nodiscard]] double rate() const noexcept { return rate_; }
    /// A batch holding `estimated_cost` took `seconds` (wall, whole job).
    void batch_done(std::uint64_t estimated_cost, double seconds) noexcept;

private:
    double interval_;
    double rate_;
    double cost_sum_ = 0;     // decayed sums of recent batches: short,
    double seconds_sum_ = 0;  // overhead-dominated batches weigh little
};

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
    void forget_records() noexcept { records_.clear(); records_.shrink_to_fit(); }
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
