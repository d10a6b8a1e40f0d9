// The checkpoint file (on real files, FIFOs and /dev devices in a private
// temporary directory): what Checkpoint accepts, refuses and leaves alone.
// The bytes in it are tested in test_checkpoint_format.cpp, the batch cost
// cap in test_batch_cost_cap.cpp.

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

using gcd_mpi::Checkpoint;
using gcd_mpi::CheckpointIdentity;
using gcd_mpi::GcdError;
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
    for (const std::string& content :
         {std::string("hello"), std::string("1 2"), std::string("x\ny\n"), std::string(5000, 'z')}) {
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
    for (const std::string& content :
         {std::string(), std::string("gcd_mpi check"), header_prefix + "{\"input\":\"pai"}) {
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
    {
        Checkpoint c(link, identity());
        c.append(0, 5, results(1, 1));
    }
    struct stat st {};
    ASSERT_EQ(::lstat(link.c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(read(target).rfind(header_prefix, 0), 0U);
}

TEST_F(CheckpointFileTest, IdentityIsSizeAndKernelNotPathOrBatching) {
    const std::string p = path("c");
    {
        Checkpoint c(p, identity(100, "trial"));
        c.append(0, 7, results(1, 3));
        c.append(3, 8, results(2, 2));
    }
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
                                           R"("batch_pairs":8,"batch_candidates":20000000000})" +
                                           "\n" + rec);
    Checkpoint c(p, identity(100, "trial"));
    ASSERT_EQ(c.records().size(), 1U);
    EXPECT_EQ(c.records()[0].input_hash, 77U);
}

TEST_F(CheckpointFileTest, TornTailIsCutOffTheFile) {
    const std::string p = path("c");
    {
        Checkpoint c(p, identity());
        c.append(0, 1, results(1, 4));
        c.append(4, 2, results(2, 4));
    }
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
