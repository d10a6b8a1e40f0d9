// The checkpoint format as pure encode/decode on byte buffers: header line,
// records, CRC, input hash, and where a torn or corrupt tail begins.
// Expected bytes and checksums come from Python's struct and zlib and from
// the published CRC-32 and FNV-1a test vectors.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "gcd_mpi/core/checkpoint_format.hpp"

namespace {

using gcd_mpi::CheckpointIdentity;
using gcd_mpi::CheckpointStart;
using gcd_mpi::classify_checkpoint_start;
using gcd_mpi::PairResult;

const std::string header_prefix = "gcd_mpi checkpoint v1 ";

CheckpointIdentity identity(std::uint64_t size = 1234, const std::string& kernel = "trial") {
    return CheckpointIdentity{"pairs.txt", size, kernel};
}

std::vector<PairResult> results(std::uint64_t seed, std::size_t n) {
    std::vector<PairResult> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(PairResult{seed * 100 + i, seed + i * 7});
    return out;
}

// ---- pure: classification of an existing file's bytes ----------------------

TEST(CheckpointStartOf, EmptyIsTaken) { EXPECT_EQ(classify_checkpoint_start(""), CheckpointStart::empty); }

TEST(CheckpointStartOf, OnlyAPrefixOfTheHeaderLineIsATornHeader) {
    EXPECT_EQ(classify_checkpoint_start("g"), CheckpointStart::torn_header);
    EXPECT_EQ(classify_checkpoint_start("gcd_mpi chec"), CheckpointStart::torn_header);
    EXPECT_EQ(classify_checkpoint_start(header_prefix), CheckpointStart::torn_header);
    EXPECT_EQ(classify_checkpoint_start(header_prefix + "{\"input\":\"pa"), CheckpointStart::torn_header);
}

TEST(CheckpointStartOf, AnythingElseIsForeignWhateverItsSize) {
    // The file the old rule truncated: 5 bytes, no newline.
    EXPECT_EQ(classify_checkpoint_start("hello"), CheckpointStart::foreign);
    EXPECT_EQ(classify_checkpoint_start("12 18"), CheckpointStart::foreign);
    EXPECT_EQ(classify_checkpoint_start("gcd_mpi results\n"), CheckpointStart::foreign);
    EXPECT_EQ(classify_checkpoint_start("gcd_mpi checkpoint"), CheckpointStart::torn_header);  // a prefix
    EXPECT_EQ(classify_checkpoint_start("gcd_mpi checkpointX"), CheckpointStart::foreign);
    EXPECT_EQ(classify_checkpoint_start(std::string(100000, 'x')), CheckpointStart::foreign);
    EXPECT_EQ(classify_checkpoint_start(std::string(3, '\0')), CheckpointStart::foreign);
}

TEST(CheckpointStartOf, HeaderAndOtherVersions) {
    EXPECT_EQ(classify_checkpoint_start(header_prefix + "{}\n"), CheckpointStart::header);
    EXPECT_EQ(classify_checkpoint_start("gcd_mpi checkpoint v2 {}\n"), CheckpointStart::other_version);
    EXPECT_EQ(classify_checkpoint_start("gcd_mpi checkpoint v10 {}"), CheckpointStart::other_version);
}

// ---- pure: identity ---------------------------------------------------------

TEST(CheckpointIdentityJson, RoundTripsSizeAndKernelOnly) {
    const std::string json = gcd_mpi::identity_json(identity(42, "euclid"));
    EXPECT_EQ(json.find("mtime"), std::string::npos) << json;
    EXPECT_EQ(json.find("batch"), std::string::npos) << json;
    const CheckpointIdentity back = gcd_mpi::parse_identity_json(json);
    EXPECT_EQ(back.input, "pairs.txt");
    EXPECT_EQ(back.input_size, 42U);
    EXPECT_EQ(back.kernel, "euclid");
}

TEST(CheckpointIdentityJson, ReadsHeadersOfEarlierBuilds) {
    // v1 headers written before mtime and the batch size left the identity.
    const CheckpointIdentity old =
        gcd_mpi::parse_identity_json(R"({"input":"w.txt","input_size":2810,"input_mtime_ns":1796165079172828101,)"
                                     R"("kernel":"euclid","batch_pairs":50,"batch_candidates":0})");
    EXPECT_EQ(gcd_mpi::describe_identity_mismatch(old, CheckpointIdentity{"copy.txt", 2810, "euclid"}), "");
}

TEST(CheckpointIdentityJson, MissingFieldThrows) {
    EXPECT_ANY_THROW((void)gcd_mpi::parse_identity_json(R"({"input":"w.txt","kernel":"trial"})"));
    EXPECT_ANY_THROW((void)gcd_mpi::parse_identity_json("{\"input\":"));
}

TEST(CheckpointIdentityMismatch, PathAloneIsNoDifference) {
    EXPECT_EQ(gcd_mpi::describe_identity_mismatch(CheckpointIdentity{"/scratch/a", 10, "trial"},
                                                  CheckpointIdentity{"/home/b", 10, "trial"}),
              "");
}

TEST(CheckpointIdentityMismatch, SizeNamesBothInBytes) {
    const std::string why = gcd_mpi::describe_identity_mismatch(CheckpointIdentity{"old.txt", 1240, "trial"},
                                                                CheckpointIdentity{"new.txt", 1234, "trial"});
    EXPECT_NE(why.find("input differs"), std::string::npos) << why;
    EXPECT_NE(why.find("new.txt is 1234 bytes"), std::string::npos) << why;
    EXPECT_NE(why.find("was 1240 bytes"), std::string::npos) << why;
    EXPECT_EQ(why.find("ns"), std::string::npos) << why;
    EXPECT_EQ(why.find("kernel"), std::string::npos) << why;
}

TEST(CheckpointIdentityMismatch, KernelNamesTheKernelsNotTheBatchSize) {
    const std::string why = gcd_mpi::describe_identity_mismatch(identity(10, "euclid"), identity(10, "binary"));
    EXPECT_NE(why.find("--kernel euclid"), std::string::npos) << why;
    EXPECT_NE(why.find("--kernel binary"), std::string::npos) << why;
    EXPECT_EQ(why.find("batch"), std::string::npos) << why;
    EXPECT_EQ(why.find("input differs"), std::string::npos) << why;
}

// ---- pure: records ----------------------------------------------------------

TEST(Crc32, MatchesTheStandardCheckValue) {
    EXPECT_EQ(gcd_mpi::crc32("123456789", 9), 0xCBF43926U);  // CRC-32/ISO-HDLC check value
}

std::string three_records() {
    return gcd_mpi::encode_record(0, 111, results(1, 3)) + gcd_mpi::encode_record(3, 222, results(2, 1)) +
           gcd_mpi::encode_record(4, 333, results(3, 5));
}

TEST(CheckpointRecords, RoundTrip) {
    const std::string data = "HEAD\n" + three_records();
    const auto decoded = gcd_mpi::decode_records(data, 5);
    ASSERT_EQ(decoded.records.size(), 3U);
    EXPECT_EQ(decoded.valid_end, data.size());
    EXPECT_EQ(decoded.records[1].first_pair, 3U);
    EXPECT_EQ(decoded.records[1].input_hash, 222U);
    EXPECT_EQ(decoded.records[2].results.size(), 5U);
    EXPECT_EQ(decoded.records[2].results[4].gcd, results(3, 5)[4].gcd);
    EXPECT_EQ(decoded.records[2].results[4].candidates, results(3, 5)[4].candidates);
    EXPECT_EQ(gcd_mpi::encode_record(0, 1, results(1, 2)).size(), 4 + 8 + 8 + 8 + 2 * 16 + 4U);
}

TEST(CheckpointRecords, TornTailIsDroppedAtEveryCut) {
    const std::string data = three_records();
    const std::size_t two =
        gcd_mpi::encode_record(0, 111, results(1, 3)).size() + gcd_mpi::encode_record(3, 222, results(2, 1)).size();
    for (std::size_t cut = two; cut < data.size(); ++cut) {
        const auto decoded = gcd_mpi::decode_records(std::string_view(data).substr(0, cut), 0);
        EXPECT_EQ(decoded.records.size(), 2U) << cut;
        EXPECT_EQ(decoded.valid_end, two) << cut;
    }
}

TEST(CheckpointRecords, AnyFlippedByteEndsTheValidPrefix) {
    const std::string data = three_records();
    const std::size_t first = gcd_mpi::encode_record(0, 111, results(1, 3)).size();
    const std::size_t second = first + gcd_mpi::encode_record(3, 222, results(2, 1)).size();
    for (std::size_t i = first; i < data.size(); ++i) {
        std::string bad = data;
        bad[i] = static_cast<char>(bad[i] ^ 0x10);
        const auto decoded = gcd_mpi::decode_records(bad, 0);
        // The damaged record and everything after it are dropped, never trusted.
        EXPECT_EQ(decoded.records.size(), i < second ? 1U : 2U) << i;
        EXPECT_EQ(decoded.valid_end, i < second ? first : second) << i;
    }
}

TEST(CheckpointRecords, OutOfOrderRecordEndsTheValidPrefix) {
    const std::string data = gcd_mpi::encode_record(0, 1, results(1, 2)) + gcd_mpi::encode_record(5, 2, results(1, 2));
    EXPECT_EQ(gcd_mpi::decode_records(data, 0).records.size(), 1U);
}

// ---- more CRC vectors (Python's zlib.crc32 and the published check values) --

TEST(Crc32, KnownVectors) {
    EXPECT_EQ(gcd_mpi::crc32("", 0), 0x00000000U);
    EXPECT_EQ(gcd_mpi::crc32("a", 1), 0xE8B7BE43U);
    EXPECT_EQ(gcd_mpi::crc32("abc", 3), 0x352441C2U);
    const std::string fox = "The quick brown fox jumps over the lazy dog";
    EXPECT_EQ(gcd_mpi::crc32(fox.data(), fox.size()), 0x414FA339U);
    const std::string zeros(32, '\0');
    EXPECT_EQ(gcd_mpi::crc32(zeros.data(), zeros.size()), 0x190A55ADU);
}

TEST(Crc32, ChainsAcrossPieces) {
    const std::string fox = "The quick brown fox jumps over the lazy dog";
    for (std::size_t cut = 0; cut <= fox.size(); ++cut) {
        const std::uint32_t first = gcd_mpi::crc32(fox.data(), cut);
        EXPECT_EQ(gcd_mpi::crc32(fox.data() + cut, fox.size() - cut, first), 0x414FA339U) << cut;
    }
}

// ---- input hash: 64-bit FNV-1a (published test vectors) ---------------------

TEST(InputHash, FnvOneA64Vectors) {
    EXPECT_EQ(gcd_mpi::InputHash{}.value(), 0xCBF29CE484222325ULL);
    gcd_mpi::InputHash a;
    a.update("a", 1);
    EXPECT_EQ(a.value(), 0xAF63DC4C8601EC8CULL);
    gcd_mpi::InputHash foobar;
    foobar.update("foobar", 6);
    EXPECT_EQ(foobar.value(), 0x85944171F73967E8ULL);
    gcd_mpi::InputHash pieces;  // the reader feeds it a buffer at a time
    pieces.update("foo", 3);
    pieces.update("", 0);
    pieces.update("bar", 3);
    EXPECT_EQ(pieces.value(), foobar.value());
}

// ---- header line --------------------------------------------------------------

TEST(CheckpointHeader, EncodesPrefixJsonNewline) {
    EXPECT_EQ(gcd_mpi::checkpoint_header_prefix, header_prefix);
    const std::string header = gcd_mpi::encode_header(identity(42, "euclid"));
    EXPECT_EQ(header, R"(gcd_mpi checkpoint v1 {"input":"pairs.txt","input_size":42,"kernel":"euclid"})"
                      "\n");
    EXPECT_EQ(classify_checkpoint_start(header), CheckpointStart::header);
}

TEST(CheckpointHeader, RoundTripsAndSaysWhereRecordsBegin) {
    const std::string header = gcd_mpi::encode_header(identity(1234, "trial-naive"));
    const std::string data = header + gcd_mpi::encode_record(0, 5, results(1, 2));
    const gcd_mpi::DecodedHeader decoded = gcd_mpi::decode_header(data);
    EXPECT_EQ(decoded.records_begin, header.size());
    EXPECT_EQ(decoded.identity.input, "pairs.txt");
    EXPECT_EQ(decoded.identity.input_size, 1234U);
    EXPECT_EQ(decoded.identity.kernel, "trial-naive");
    EXPECT_EQ(gcd_mpi::decode_records(data, decoded.records_begin).records.size(), 1U);
}

TEST(CheckpointHeader, EveryCutOfTheHeaderIsTornAndNotDecoded) {
    const std::string header = gcd_mpi::encode_header(identity());
    for (std::size_t cut = 1; cut < header.size(); ++cut) {
        const std::string_view torn = std::string_view(header).substr(0, cut);
        EXPECT_EQ(classify_checkpoint_start(torn), CheckpointStart::torn_header) << cut;
        EXPECT_ANY_THROW((void)gcd_mpi::decode_header(torn)) << cut;
    }
}

TEST(CheckpointHeader, UnreadableJsonAndForeignLinesThrow) {
    EXPECT_ANY_THROW((void)gcd_mpi::decode_header(header_prefix + "{\"input\":1}\n"));
    EXPECT_ANY_THROW((void)gcd_mpi::decode_header(header_prefix + "not json\n"));
    EXPECT_ANY_THROW((void)gcd_mpi::decode_header("gcd_mpi checkpoint v2 {}\n"));
    EXPECT_ANY_THROW((void)gcd_mpi::decode_header("hello\n"));
    EXPECT_ANY_THROW((void)gcd_mpi::decode_header(""));
}

// ---- record bytes -----------------------------------------------------------

std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

TEST(CheckpointRecords, BytesAreTheDocumentedLayout) {
    // Built by hand with Python's struct.pack('<...') and zlib.crc32: the file
    // format must not change, byte for byte.
    const std::string rec = gcd_mpi::encode_record(7, 0x0123456789ABCDEFULL, {{12, 5}, {1, 0}});
    EXPECT_EQ(hex(rec),
              "47434452"                          // 'GCDR'
              "0700000000000000"                  // first_pair 7
              "0200000000000000"                  // count 2
              "efcdab8967452301"                  // input_hash
              "0c000000000000000500000000000000"  // (12, 5)
              "01000000000000000000000000000000"  // (1, 0)
              "6e6be64c");                        // crc32 0x4ce66b6e
    EXPECT_EQ(rec.size(), gcd_mpi::record_bytes(2));
    EXPECT_EQ(gcd_mpi::record_bytes(0), 32U);
}

TEST(CheckpointRecords, EmptyRecordRoundTrips) {
    const std::string rec = gcd_mpi::encode_record(0, 9, {});
    EXPECT_EQ(rec.size(), gcd_mpi::record_bytes(0));
    const auto decoded = gcd_mpi::decode_records(rec, 0);
    ASSERT_EQ(decoded.records.size(), 1U);
    EXPECT_TRUE(decoded.records[0].results.empty());
    EXPECT_EQ(decoded.records[0].input_hash, 9U);
    EXPECT_EQ(decoded.valid_end, rec.size());
}

TEST(CheckpointRecords, ResultsRoundTripExactlyIncludingExtremes) {
    const std::vector<PairResult> extremes{{0, 0}, {UINT64_MAX, UINT64_MAX}, {1, UINT64_MAX - 1}, {1ULL << 63, 3}};
    const std::string data =
        gcd_mpi::encode_record(0, UINT64_MAX, extremes) + gcd_mpi::encode_record(4, 0, results(9, 7));
    const auto decoded = gcd_mpi::decode_records(data, 0);
    ASSERT_EQ(decoded.records.size(), 2U);
    EXPECT_EQ(decoded.records[0].results, extremes);
    EXPECT_EQ(decoded.records[0].input_hash, UINT64_MAX);
    EXPECT_EQ(decoded.records[1].first_pair, 4U);
    EXPECT_EQ(decoded.records[1].results, results(9, 7));
    EXPECT_EQ(decoded.valid_end, data.size());
}

TEST(CheckpointRecords, EveryTruncationOfARecordIsTorn) {
    const std::string header = gcd_mpi::encode_header(identity());
    const std::string first = gcd_mpi::encode_record(0, 1, results(1, 3));
    const std::string second = gcd_mpi::encode_record(3, 2, results(2, 4));
    const std::string data = header + first + second;
    for (std::size_t cut = header.size(); cut < data.size(); ++cut) {
        const auto decoded = gcd_mpi::decode_records(std::string_view(data).substr(0, cut), header.size());
        const bool first_whole = cut >= header.size() + first.size();
        EXPECT_EQ(decoded.records.size(), first_whole ? 1U : 0U) << cut;
        EXPECT_EQ(decoded.valid_end, header.size() + (first_whole ? first.size() : 0)) << cut;
    }
    EXPECT_EQ(gcd_mpi::decode_records(data, header.size()).valid_end, data.size());
}

TEST(CheckpointRecords, EveryFlippedBitOfARecordIsDetected) {
    const std::string rec = gcd_mpi::encode_record(0, 0xABCDEF, results(5, 2));
    for (std::size_t i = 0; i < rec.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            std::string bad = rec;
            bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
            const auto decoded = gcd_mpi::decode_records(bad, 0);
            EXPECT_TRUE(decoded.records.empty()) << "byte " << i << " bit " << bit;
            EXPECT_EQ(decoded.valid_end, 0U) << "byte " << i << " bit " << bit;
        }
    }
}

TEST(CheckpointRecords, AHugeCountIsTornNotAllocated) {
    std::string rec = gcd_mpi::encode_record(0, 1, results(1, 1));
    const std::uint64_t huge = UINT64_MAX / 2;
    std::memcpy(rec.data() + 12, &huge, sizeof huge);  // the count field
    const auto decoded = gcd_mpi::decode_records(rec, 0);
    EXPECT_TRUE(decoded.records.empty());
    EXPECT_EQ(decoded.valid_end, 0U);
}

TEST(CheckpointRecords, GarbageAfterValidRecordsIsTheTail) {
    const std::string good = gcd_mpi::encode_record(0, 1, results(1, 2));
    for (const std::string& tail : {std::string("x"), std::string(31, '\0'), std::string(100, '\xFF'),
                                    std::string("GCDR") + std::string(40, '\0')}) {
        const auto decoded = gcd_mpi::decode_records(good + tail, 0);
        EXPECT_EQ(decoded.records.size(), 1U) << tail.size();
        EXPECT_EQ(decoded.valid_end, good.size()) << tail.size();
    }
}

TEST(CheckpointRecords, DecodingStartsWhereAsked) {
    const std::string data = "HEAD\n";
    const auto at_end = gcd_mpi::decode_records(data, data.size());
    EXPECT_TRUE(at_end.records.empty());
    EXPECT_EQ(at_end.valid_end, data.size());
    // The first record must start at pair 0.
    EXPECT_TRUE(gcd_mpi::decode_records(gcd_mpi::encode_record(1, 1, results(1, 1)), 0).records.empty());
}

}  // namespace
