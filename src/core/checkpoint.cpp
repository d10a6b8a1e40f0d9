#include "gcd_mpi/core/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
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

std::string describe_mismatch(const CheckpointIdentity& saved, const CheckpointIdentity& now) {
    std::string why;
    auto add = [&](const std::string& s) { why += (why.empty() ? "" : "; ") + s; };
    if (saved.input_size != now.input_size || saved.input_mtime_ns != now.input_mtime_ns) {
        add("the input differs (checkpoint: " + std::to_string(saved.input_size) + " bytes, mtime " +
            std::to_string(saved.input_mtime_ns) + "ns; now: " + std::to_string(now.input_size) +
            " bytes, mtime " + std::to_string(now.input_mtime_ns) + "ns)");
    }
    if (saved.kernel != now.kernel) add("kernel " + saved.kernel + " vs " + now.kernel);
    if (saved.batch_pairs != now.batch_pairs || saved.batch_candidates != now.batch_candidates) {
        add("batch size differs (checkpoint --batch-size " + std::to_string(saved.batch_pairs) + ")");
    }
    return why;
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

std::string Checkpoint::identity_json(const CheckpointIdentity& id) {
    const nlohmann::json j = {{"input", id.input},
                              {"input_size", id.input_size},
                              {"input_mtime_ns", id.input_mtime_ns},
                              {"kernel", id.kernel},
                              {"batch_pairs", id.batch_pairs},
                              {"batch_candidates", id.batch_candidates}};
    return j.dump();
}

Checkpoint::Checkpoint(const std::string& path, const CheckpointIdentity& identity) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw GcdError(exit_cant_create, path + ": cannot open checkpoint: " + std::strerror(errno));
    std::string data;
    {
        char buf[1 << 16];
        for (;;) {
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail_io(path, "read failed");
            if (n == 0) break;
            data.append(buf, static_cast<std::size_t>(n));
        }
    }
    std::size_t valid_end = 0;
    const std::size_t nl = data.find('\n');
    const bool has_header = nl != std::string::npos && data.compare(0, sizeof header_prefix - 1, header_prefix) == 0;
    if (data.empty() || (!has_header && data.size() < 256 && nl == std::string::npos)) {
        // New, or torn while writing its header: start afresh.
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
    if (!has_header) {
        throw GcdError(exit_usage, path + ": not a gcd_mpi checkpoint (refusing to overwrite it)");
    }
    CheckpointIdentity saved;
    try {
        const auto j = nlohmann::json::parse(data.substr(sizeof header_prefix - 1, nl - (sizeof header_prefix - 1)));
        saved.input = j.at("input").get<std::string>();
        saved.input_size = j.at("input_size").get<std::uint64_t>();
        saved.input_mtime_ns = j.at("input_mtime_ns").get<std::int64_t>();
        saved.kernel = j.at("kernel").get<std::string>();
        saved.batch_pairs = j.at("batch_pairs").get<std::uint64_t>();
        saved.batch_candidates = j.at("batch_candidates").get<std::uint64_t>();
    } catch (const std::exception& e) {
        throw GcdError(exit_usage, path + ": corrupt checkpoint header: " + e.what());
    }
    saved.input = identity.input;  // the path may be spelled differently; the content decides
    if (!(saved == identity)) {
        throw GcdError(exit_usage, path + ": checkpoint belongs to another run: " +
                                       describe_mismatch(saved, identity) +
                                       "; remove it or use another --checkpoint file");
    }
    valid_end = nl + 1;
    std::uint64_t expected_first = 0;
    std::size_t pos = valid_end;
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
        records_.push_back(std::move(rec));
        expected_first = first + count;
        pos += body + 4;
        valid_end = pos;
    }
    dropped_ = data.size() - valid_end;
    if (dropped_ > 0) {
        if (::ftruncate(fd_, static_cast<off_t>(valid_end)) != 0 || ::fsync(fd_) != 0) {
            fail_io(path, "truncate failed");
        }
    }
    ::lseek(fd_, static_cast<off_t>(valid_end), SEEK_SET);
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
