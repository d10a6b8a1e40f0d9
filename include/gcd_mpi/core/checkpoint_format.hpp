#pragma once
/// The checkpoint file format, as pure encode/decode on byte buffers (the
/// file itself, opened, validated and appended to, is checkpoint.hpp).
///
/// Layout: a header line "gcd_mpi checkpoint v1 <json>\n" naming what the
/// results depend on (the input's size and the kernel), then binary records,
/// one per completed batch, in input order, integers in the host's byte
/// order (little-endian on x86-64):
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

#include <cstddef>
#include <cstdint>
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

/// CRC-32 (IEEE), for record integrity. Chains: crc32(b, crc32(a)) is the
/// CRC of a followed by b.
[[nodiscard]] std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0) noexcept;

/// Running 64-bit FNV-1a hash of the input bytes.
class InputHash {
public:
    void update(const char* data, std::size_t size) noexcept;
    [[nodiscard]] std::uint64_t value() const noexcept { return h_; }

private:
    std::uint64_t h_ = 14695981039346656037ULL;  // FNV-1a 64 offset basis
};

// ---- header ------------------------------------------------------------------

/// What every v1 header line starts with.
inline constexpr std::string_view checkpoint_header_prefix = "gcd_mpi checkpoint v1 ";

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

/// The whole header line: prefix, identity_json, newline.
[[nodiscard]] std::string encode_header(const CheckpointIdentity& id);
/// A header line read back, and where the records begin (just past its newline).
struct DecodedHeader {
    CheckpointIdentity identity;
    std::size_t records_begin = 0;
};
/// Decodes the header line at the start of `data`. Throws std::exception when
/// `data` does not start with a complete header line
/// (classify_checkpoint_start(data) != header) or its JSON is unreadable.
[[nodiscard]] DecodedHeader decode_header(std::string_view data);

// ---- records -----------------------------------------------------------------

/// Bytes of a record holding `count` results: 28 before them, 16 each, 4 of CRC.
[[nodiscard]] constexpr std::size_t record_bytes(std::size_t count) noexcept { return 4 + 8 + 8 + 8 + count * 16 + 4; }

/// One record's bytes, CRC included.
[[nodiscard]] std::string encode_record(std::uint64_t first_pair, std::uint64_t input_hash,
                                        const std::vector<PairResult>& results);
/// The valid records of `data` from `pos` on, in order, each continuing the
/// last (the first starts at pair 0); decoding stops at the first torn,
/// corrupt or out-of-order record. valid_end says how many bytes are good:
/// everything from it on is a torn or corrupt tail.
struct DecodedRecords {
    std::vector<CheckpointRecord> records;
    std::size_t valid_end = 0;  ///< offset just past the last valid record (pos when none)
};
[[nodiscard]] DecodedRecords decode_records(std::string_view data, std::size_t pos);

}  // namespace gcd_mpi
