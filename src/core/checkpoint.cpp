#include "gcd_mpi/core/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "gcd_mpi/core/errors.hpp"

namespace gcd_mpi {

namespace {

constexpr char header_prefix[] = "gcd_mpi checkpoint v1 ";
constexpr std::uint32_t record_magic = 0x52444347;  // "GCDR" little-endian
constexpr std::size_t record_head_bytes = 4 + 8 + 8 + 8;

std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}

void put(std::string& buf, const void* p, std::size_t n) { buf.append(static_cast<const char*>(p), n); }

template <class T>
T get(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

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

std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc) noexcept {
    static const auto table = make_crc_table();
    const auto* p = static_cast<const unsigned char*>(data);
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

void InputHash::update(const char* data, std::size_t size) noexcept {
    std::uint64_t h = h_;
    for (std::size_t i = 0; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ULL;
    }
    h_ = h;
}

CheckpointStart classify_checkpoint_start(std::string_view data) noexcept {
    constexpr std::string_view header(header_prefix);
    constexpr std::string_view family("gcd_mpi checkpoint v");
    if (data.empty()) return CheckpointStart::empty;
    const bool has_newline = data.find('\n') != std::string_view::npos;
    if (data.substr(0, header.size()) == header) {
        return has_newline ? CheckpointStart::header : CheckpointStart::torn_header;
    }
    // Shorter than the prefix and a prefix of it: torn inside the prefix.
    if (data.size() < header.size() && header.substr(0, data.size()) == data) return CheckpointStart::torn_header;
    if (data.size() > family.size() && data.substr(0, family.size()) == family) return CheckpointStart::other_version;
    return CheckpointStart::foreign;
}

std::string identity_json(const CheckpointIdentity& id) {
    const nlohmann::json j = {{"input", id.input}, {"input_size", id.input_size}, {"kernel", id.kernel}};
    return j.dump();
}

CheckpointIdentity parse_identity_json(std::string_view json) {
    const auto j = nlohmann::json::parse(json);
    CheckpointIdentity id;
    id.input = j.at("input").get<std::string>();
    id.input_size = j.at("input_size").get<std::uint64_t>();
    id.kernel = j.at("kernel").get<std::string>();
    return id;
}

std::string describe_identity_mismatch(const CheckpointIdentity& saved, const CheckpointIdentity& now) {
    std::string why;
    auto add = [&](const std::string& s) { why += (why.empty() ? "" : "; ") + s; };
    if (saved.input_size != now.input_size) {
        add("the input differs: " + now.input + " is " + std::to_string(now.input_size) +
            " bytes, the checkpoint's input (" + saved.input + ") was " + std::to_string(saved.input_size) + " bytes");
    }
    if (saved.kernel != now.kernel) {
        add("it was made with --kernel " + saved.kernel + ", this run uses --kernel " + now.kernel +
            " (the recorded candidate counts depend on the kernel)");
    }
    return why;
}

std::string encode_record(std::uint64_t first_pair, std::uint64_t input_hash, const std::vector<PairResult>& results) {
    std::string buf;
    buf.reserve(record_head_bytes + results.size() * 16 + 4);
    const std::uint64_t count = results.size();
    put(buf, &record_magic, 4);
    put(buf, &first_pair, 8);
    put(buf, &count, 8);
    put(buf, &input_hash, 8);
    for (const auto& r : results) {
        put(buf, &r.gcd, 8);
        put(buf, &r.candidates, 8);
    }
    const std::uint32_t crc = crc32(buf.data(), buf.size());
    put(buf, &crc, 4);
    return buf;
}

DecodedRecords decode_records(std::string_view data, std::size_t pos) {
    DecodedRecords out;
    out.valid_end = pos;
    std::uint64_t expected_first = 0;
    while (pos + record_head_bytes <= data.size()) {
        const char* p = data.data() + pos;
        if (get<std::uint32_t>(p) != record_magic) break;
        const auto first = get<std::uint64_t>(p + 4);
        const auto count = get<std::uint64_t>(p + 12);
        const auto hash = get<std::uint64_t>(p + 20);
        if (first != expected_first || count > (data.size() - pos) / 16) break;
        const std::size_t body = record_head_bytes + count * 16;
        if (pos + body + 4 > data.size()) break;
        if (crc32(p, body) != get<std::uint32_t>(p + body)) break;
        CheckpointRecord rec;
        rec.first_pair = first;
        rec.input_hash = hash;
        rec.results.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            rec.results[i].gcd = get<std::uint64_t>(p + record_head_bytes + i * 16);
            rec.results[i].candidates = get<std::uint64_t>(p + record_head_bytes + i * 16 + 8);
        }
        out.records.push_back(std::move(rec));
        expected_first = first + count;
        pos += body + 4;
        out.valid_end = pos;
    }
    return out;
}

BatchCostCap::BatchCostCap(double interval_seconds, double assumed_rate_per_worker, std::uint64_t workers) noexcept
    : interval_(interval_seconds), rate_(assumed_rate_per_worker * static_cast<double>(workers == 0 ? 1 : workers)) {}

std::uint64_t BatchCostCap::cap() const noexcept {
    const double c = interval_ * rate_;
    if (!(c >= 1)) return 1;  // also NaN
    if (c >= 1.8e19) return UINT64_MAX;
    return static_cast<std::uint64_t>(c);
}

void BatchCostCap::batch_done(std::uint64_t estimated_cost, double seconds) noexcept {
    if (estimated_cost == 0 || !(seconds > 0)) return;  // nothing learnt
    // Halve the weight of the past at every batch: a change of pace (another
    // code path for larger values, a shared node) shows within a few batches.
    cost_sum_ = cost_sum_ / 2 + static_cast<double>(estimated_cost);
    seconds_sum_ = seconds_sum_ / 2 + seconds;
    rate_ = cost_sum_ / seconds_sum_;
}

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
        read_until(sizeof header_prefix);
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
            throw GcdError(exit_usage, path + ": a gcd_mpi checkpoint of another format version (this build "
                                              "reads v1); refusing to overwrite it");
        }
        if (start == CheckpointStart::empty || start == CheckpointStart::torn_header) {
            // New, or torn while its header was written (nothing recorded yet):
            // start afresh. An empty file holds nothing to lose.
            const std::string header = header_prefix + identity_json(identity) + "\n";
            if (::ftruncate(fd_, 0) != 0) fail_io(path, "truncate failed");
            if (::pwrite(fd_, header.data(), header.size(), 0) != static_cast<ssize_t>(header.size())) {
                fail_io(path, "write failed");
            }
            if (::fsync(fd_) != 0) fail_io(path, "fsync failed");
            dropped_ = data.size();
            ::lseek(fd_, 0, SEEK_END);
            return;
        }
        const std::size_t nl = data.find('\n');
        CheckpointIdentity saved;
        try {
            saved = parse_identity_json(
                std::string_view(data).substr(sizeof header_prefix - 1, nl - (sizeof header_prefix - 1)));
        } catch (const std::exception& e) {
            throw GcdError(exit_usage, path + ": corrupt checkpoint header: " + e.what());
        }
        if (const std::string why = describe_identity_mismatch(saved, identity); !why.empty()) {
            throw GcdError(exit_usage, path + ": checkpoint belongs to another run: " + why +
                                           "; remove it or use another --checkpoint file");
        }
        DecodedRecords decoded = decode_records(data, nl + 1);
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

void Checkpoint::append(std::uint64_t first_pair, std::uint64_t input_hash,
                        const std::vector<PairResult>& results) {
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
