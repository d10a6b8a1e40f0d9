#include "gcd_mpi/core/checkpoint_format.hpp"

#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gcd_mpi {

namespace {

constexpr std::uint32_t record_magic = 0x52444347;  // "GCDR" little-endian
constexpr std::size_t record_head_bytes = 4 + 8 + 8 + 8;
static_assert(record_bytes(0) == record_head_bytes + 4);

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
    constexpr std::string_view header = checkpoint_header_prefix;
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

std::string encode_header(const CheckpointIdentity& id) {
    return std::string(checkpoint_header_prefix) + identity_json(id) + "\n";
}

DecodedHeader decode_header(std::string_view data) {
    if (classify_checkpoint_start(data) != CheckpointStart::header) {
        throw std::invalid_argument("not a complete gcd_mpi checkpoint v1 header line");
    }
    const std::size_t nl = data.find('\n');
    const std::size_t begin = checkpoint_header_prefix.size();
    DecodedHeader out;
    out.identity = parse_identity_json(data.substr(begin, nl - begin));
    out.records_begin = nl + 1;
    return out;
}

std::string encode_record(std::uint64_t first_pair, std::uint64_t input_hash, const std::vector<PairResult>& results) {
    std::string buf;
    buf.reserve(record_bytes(results.size()));
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

}  // namespace gcd_mpi
