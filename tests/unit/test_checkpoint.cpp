// Checkpoints: the pure encode/decode, classification and identity rules, the
// batch cost cap, and (on real files, FIFOs and /dev devices in a private
// temporary directory) what Checkpoint accepts, refuses and leaves alone.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "gcd_mpi/app/options.hpp"
#include "gcd_mpi/core/checkpoint.hpp"
#include "gcd_mpi/core/errors.hpp"

namespace {

using gcd_mpi::BatchCostCap;
using gcd_mpi::Checkpoint;
using gcd_mpi::CheckpointIdentity;
using gcd_mpi::CheckpointStart;
using gcd_mpi::GcdError;
using gcd_mpi::PairResult;
using gcd_mpi::classify_checkpoint_start;

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
    const CheckpointIdentity old = gcd_mpi::parse_identity_json(
        R"({"input":"w.txt","input_size":2810,"input_mtime_ns":1796165079172828101,)"
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
    const std::size_t two = gcd_mpi::encode_record(0, 111, results(1, 3)).size() +
                            gcd_mpi::encode_record(3, 222, results(2, 1)).size();
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

// ---- pure: batch cost cap ---------------------------------------------------

TEST(BatchCostCap, StartsFromTheAssumedRateTimesWorkers) {
    EXPECT_EQ(BatchCostCap(60, 4e8, 1).cap(), 24'000'000'000ULL);
    EXPECT_EQ(BatchCostCap(60, 4e8, 8).cap(), 192'000'000'000ULL);
    EXPECT_EQ(BatchCostCap(0.5, 1e10, 2).cap(), 10'000'000'000ULL);
}

TEST(BatchCostCap, FollowsTheMeasuredRate) {
    BatchCostCap cap(10, 4e8, 4);  // assumes 1.6e9/s for the job
    cap.batch_done(8'000'000'000ULL, 2.0);  // measured 4e9/s
    EXPECT_DOUBLE_EQ(cap.rate(), 4e9);
    EXPECT_EQ(cap.cap(), 40'000'000'000ULL);
    // A slower stretch shows within a few batches.
    for (int i = 0; i < 6; ++i) cap.batch_done(1'000'000'000ULL, 1.0);
    EXPECT_LT(cap.rate(), 1.1e9);
    EXPECT_GT(cap.rate(), 1e9);
}

TEST(BatchCostCap, ShortBatchesWeighLittleAndEmptyOnesNothing) {
    BatchCostCap cap(60, 4e8, 1);
    cap.batch_done(1'000'000'000ULL, 2.0);  // 5e8/s
    cap.batch_done(10, 0.001);              // overhead-dominated: 1e4/s alone
    EXPECT_GT(cap.rate(), 3e8);
    const double before = cap.rate();
    cap.batch_done(0, 3.0);   // nothing estimated: nothing learnt
    cap.batch_done(100, 0);   // no time measured
    EXPECT_DOUBLE_EQ(cap.rate(), before);
}

TEST(BatchCostCap, NeverZeroNeverWraps) {
    EXPECT_EQ(BatchCostCap(0.001, 1e-3, 1).cap(), 1U);
    EXPECT_EQ(BatchCostCap(1e7, 1e15, 4096).cap(), UINT64_MAX);
}

// ---- option -----------------------------------------------------------------

TEST(CheckpointIntervalOption, DefaultsToAMinuteAndTakesSeconds) {
    const auto plain = gcd_mpi::app::parse_command_line({"in"}, 1);
    ASSERT_TRUE(plain.options);
    EXPECT_DOUBLE_EQ(plain.options->checkpoint_interval, 60);
    const auto set = gcd_mpi::app::parse_command_line({"-c", "c", "--checkpoint-interval", "0.25", "in"}, 1);
    ASSERT_TRUE(set.options) << set.message;
    EXPECT_DOUBLE_EQ(set.options->checkpoint_interval, 0.25);
}

TEST(CheckpointIntervalOption, RefusesNonPositiveAndUselessValues) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"-c", "c", "--checkpoint-interval", "0", "in"},
          {"-c", "c", "--checkpoint-interval", "-1", "in"},
          {"-c", "c", "--checkpoint-interval", "nan", "in"},
          {"-c", "c", "--checkpoint-interval", "soon", "in"},
          {"--checkpoint-interval", "5", "in"}}) {
        const auto parsed = gcd_mpi::app::parse_command_line(args, 1);
        EXPECT_FALSE(parsed.options) << args[args.size() - 2];
        EXPECT_EQ(parsed.exit_code, gcd_mpi::exit_usage);
        EXPECT_NE(parsed.message.find("checkpoint-interval"), std::string::npos) << parsed.message;
    }
}

// ---- Checkpoint on real files -------------------------------------------------

class CheckpointFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "gcd_mpi_ckpt_XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }
    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    std::string write(const std::string& name, const std::string& bytes) const {
        std::ofstream(path(name), std::ios::binary) << bytes;
        return path(name);
    }
    static std::string read(const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    // Opening must throw GcdError with `code` and mention `what`.
    static void expect_refused(const std::string& p, int code, const std::string& what) {
        try {
            Checkpoint c(p, identity());
            ADD_FAILURE() << p << " was accepted";
        } catch (const GcdError& e) {
            EXPECT_EQ(e.exit_code(), code) << e.what();
            EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
        }
    }
    std::string dir_;
};

TEST_F(CheckpointFileTest, SmallForeignFileIsRefusedAndLeftAlone) {
    for (const std::string& content : {std::string("hello"), std::string("1 2"), std::string("x\ny\n"),
                                       std::string(5000, 'z')}) {
        const std::string p = write("foreign", content);
        expect_refused(p, gcd_mpi::exit_usage, "not a gcd_mpi checkpoint; refusing to overwrite it");
        EXPECT_EQ(read(p), content);
    }
}

TEST_F(CheckpointFileTest, HugeForeignFileIsRefusedFromItsFirstBytes) {
    // A data file named by mistake: 1 TiB (sparse) is refused without being
    // read into memory, and keeps its size.
    const std::string p = write("huge", "12 18\n5 7\n");
    const int fd = ::open(p.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    const bool sparse = ::ftruncate(fd, off_t{1} << 40) == 0;
    ::close(fd);
    if (!sparse) GTEST_SKIP() << "no sparse files here";
    expect_refused(p, gcd_mpi::exit_usage, "not a gcd_mpi checkpoint");
    EXPECT_EQ(std::filesystem::file_size(p), std::uintmax_t{1} << 40);
}

TEST_F(CheckpointFileTest, EmptyFileAndTornHeaderBecomeACheckpoint) {
    for (const std::string& content : {std::string(), std::string("gcd_mpi check"),
                                       header_prefix + "{\"input\":\"pai"}) {
        const std::string p = write("c", content);
        {
            Checkpoint c(p, identity());
            EXPECT_EQ(c.records().size(), 0U);
            EXPECT_EQ(c.dropped_bytes(), content.size());
            c.append(0, 9, results(1, 2));
        }
        Checkpoint again(p, identity());
        EXPECT_EQ(again.records().size(), 1U);
    }
}

TEST_F(CheckpointFileTest, NonRegularFilesAreRefusedWithoutBlocking) {
    const std::string fifo = path("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
    expect_refused(fifo, gcd_mpi::exit_usage, "a FIFO");  // no writer: an open for reading would block
    expect_refused(dir_, gcd_mpi::exit_usage, "a directory");
    for (const char* dev : {"/dev/null", "/dev/zero", "/dev/full"}) {
        if (::access(dev, F_OK) == 0) expect_refused(dev, gcd_mpi::exit_usage, "a character device");
    }
    const std::string link = path("link");
    ASSERT_EQ(::symlink("/dev/null", link.c_str()), 0);
    expect_refused(link, gcd_mpi::exit_usage, "a character device");
    struct stat st {};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(CheckpointFileTest, SymlinkToARegularFileIsFollowed) {
    const std::string target = path("target");
    const std::string link = path("link");
    ASSERT_EQ(::symlink("target", link.c_str()), 0);
    { Checkpoint c(link, identity()); c.append(0, 5, results(1, 1)); }
    struct stat st {};
    ASSERT_EQ(::lstat(link.c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(read(target).rfind(header_prefix, 0), 0U);
}

TEST_F(CheckpointFileTest, IdentityIsSizeAndKernelNotPathOrBatching) {
    const std::string p = path("c");
    { Checkpoint c(p, identity(100, "trial")); c.append(0, 7, results(1, 3)); c.append(3, 8, results(2, 2)); }
    {
        Checkpoint c(p, CheckpointIdentity{"/scratch/copy.txt", 100, "trial"});
        EXPECT_EQ(c.records().size(), 2U);
        EXPECT_EQ(c.resumable_pairs(), 5U);
    }
    expect_refused(p, gcd_mpi::exit_usage, "another run");  // identity() has size 1234
    try {
        Checkpoint c(p, identity(100, "euclid"));
        ADD_FAILURE();
    } catch (const GcdError& e) {
        EXPECT_NE(std::string(e.what()).find("--kernel trial"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("batch"), std::string::npos) << e.what();
    }
}

TEST_F(CheckpointFileTest, LegacyHeaderResumes) {
    const std::string rec = gcd_mpi::encode_record(0, 77, results(4, 2));
    const std::string p = write("old", header_prefix +
                                           R"({"input":"w.txt","input_size":100,"input_mtime_ns":5,"kernel":"trial",)"
                                           R"("batch_pairs":8,"batch_candidates":20000000000})" + "\n" + rec);
    Checkpoint c(p, identity(100, "trial"));
    ASSERT_EQ(c.records().size(), 1U);
    EXPECT_EQ(c.records()[0].input_hash, 77U);
}

TEST_F(CheckpointFileTest, TornTailIsCutOffTheFile) {
    const std::string p = path("c");
    { Checkpoint c(p, identity()); c.append(0, 1, results(1, 4)); c.append(4, 2, results(2, 4)); }
    const std::string whole = read(p);
    write("c", whole.substr(0, whole.size() - 9));
    {
        Checkpoint c(p, identity());
        EXPECT_EQ(c.records().size(), 1U);
        EXPECT_GT(c.dropped_bytes(), 0U);
    }
    EXPECT_EQ(read(p).size(), whole.size() - gcd_mpi::encode_record(4, 2, results(2, 4)).size());
}

}  // namespace
