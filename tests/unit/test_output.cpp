// OutputFile: the final path appears only on commit(), with the bytes written.

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/output.hpp"

namespace {

namespace fs = std::filesystem;
using gcd_mpi::GcdError;
using gcd_mpi::OutputFile;

static_assert(gcd_mpi::exit_cant_create == 73);

class OutputFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "gcd_mpi_output_XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    // Names of everything in the temp dir.
    [[nodiscard]] std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
        return names;
    }

    static std::string contents(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    std::string dir_;
};

TEST_F(OutputFileTest, FinalPathAppearsOnlyAfterCommit) {
    const std::string path = dir_ + "/out.txt";
    {
        OutputFile out(path);
        out.write("12 18 6\n");
        out.write("5 7 1\n");
        EXPECT_FALSE(fs::exists(path)) << "visible before commit";
        EXPECT_EQ(out.bytes_written(), 14U);
        out.commit();
        EXPECT_TRUE(fs::exists(path));
    }
    EXPECT_EQ(contents(path), "12 18 6\n5 7 1\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"out.txt"}) << "temporary file left behind";
}

TEST_F(OutputFileTest, CommitReplacesAnExistingFile) {
    const std::string path = dir_ + "/out.txt";
    { std::ofstream(path) << "old contents that are longer\n"; }
    {
        OutputFile out(path);
        out.write("new\n");
        EXPECT_EQ(contents(path), "old contents that are longer\n") << "old file touched before commit";
        out.commit();
    }
    EXPECT_EQ(contents(path), "new\n");
    EXPECT_EQ(entries().size(), 1U);
}

TEST_F(OutputFileTest, DestroyWithoutCommitLeavesNothing) {
    const std::string path = dir_ + "/out.txt";
    {
        OutputFile out(path);
        out.write("partial results\n");
        EXPECT_FALSE(fs::exists(path));
        EXPECT_EQ(entries().size(), 1U) << "a temporary file while writing";
    }
    EXPECT_FALSE(fs::exists(path));
    EXPECT_TRUE(entries().empty()) << "left: " << (entries().empty() ? "" : entries().front());
}

TEST_F(OutputFileTest, DestroyWithoutCommitKeepsExistingFile) {
    const std::string path = dir_ + "/out.txt";
    { std::ofstream(path) << "previous run\n"; }
    {
        OutputFile out(path);
        out.write("failed run\n");
    }
    EXPECT_EQ(contents(path), "previous run\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"out.txt"});
}

TEST_F(OutputFileTest, EmptyCommitCreatesEmptyFile) {
    const std::string path = dir_ + "/empty.txt";
    {
        OutputFile out(path);
        out.commit();
    }
    ASSERT_TRUE(fs::exists(path));
    EXPECT_EQ(fs::file_size(path), 0U);
}

TEST_F(OutputFileTest, UncreatablePathIsCantCreate) {
    const std::string path = dir_ + "/no-such-dir/out.txt";
    try {
        OutputFile out(path);
        FAIL() << "expected GcdError";
    } catch (const GcdError& e) {
        EXPECT_EQ(e.exit_code(), 73);
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    EXPECT_TRUE(entries().empty());
}

TEST_F(OutputFileTest, DisplayNameAndStreams) {
    const std::string path = dir_ + "/out.txt";
    OutputFile file(path);
    EXPECT_EQ(file.display_name(), path);
    EXPECT_FALSE(file.is_stream());
    OutputFile dash("-");
    EXPECT_TRUE(dash.is_stream());
    EXPECT_EQ(dash.display_name(), "<stdout>");
    OutputFile empty("");
    EXPECT_TRUE(empty.is_stream());
}

TEST_F(OutputFileTest, DeviceIsWrittenDirectly) {
    {
        OutputFile null_device("/dev/null");
        EXPECT_TRUE(null_device.is_stream());
        EXPECT_EQ(null_device.display_name(), "/dev/null");
        null_device.write("discarded\n");
        EXPECT_EQ(null_device.bytes_written(), 10U);
        null_device.commit();
    }
    EXPECT_TRUE(fs::is_character_file("/dev/null")) << "/dev/null was replaced";
}

TEST_F(OutputFileTest, ExistingDirectoryIsCantCreate) {
    try {
        OutputFile out(dir_);
        FAIL() << "expected GcdError";
    } catch (const GcdError& e) {
        EXPECT_EQ(e.exit_code(), 73);
        EXPECT_NE(std::string(e.what()).find(dir_), std::string::npos) << e.what();
    }
    EXPECT_TRUE(entries().empty());
}

TEST_F(OutputFileTest, WriteFileAtomically) {
    const std::string path = dir_ + "/report.json";
    gcd_mpi::write_file_atomically(path, "{\"a\": 1}\n");
    EXPECT_EQ(contents(path), "{\"a\": 1}\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"report.json"});
}

TEST_F(OutputFileTest, WriteFileAtomicallyToUncreatablePathIsCantCreate) {
    try {
        gcd_mpi::write_file_atomically(dir_ + "/missing/report.json", "{}\n");
        FAIL() << "expected GcdError";
    } catch (const GcdError& e) {
        EXPECT_EQ(e.exit_code(), 73);
    }
}

TEST_F(OutputFileTest, TemporaryIsExclusiveUnpredictableAndShort) {
    const std::string path = dir_ + "/" + std::string(241, 'r') + ".txt";  // 245 bytes: a valid name
    OutputFile a(path);
    OutputFile b(path);  // a second run on the same output, same PID
    const std::string ta = fs::path(a.temporary_name()).filename().string();
    const std::string tb = fs::path(b.temporary_name()).filename().string();
    EXPECT_NE(ta, tb) << "two writers share a temporary";
    EXPECT_LE(ta.size(), 255U) << ta;
    EXPECT_NE(ta.find(".gcd_mpi-"), std::string::npos) << ta;
    EXPECT_EQ(ta.find(std::to_string(::getpid())), std::string::npos) << "PID-based: " << ta;
    EXPECT_EQ(fs::path(a.temporary_name()).parent_path(), fs::path(dir_));
    a.write("a\n");
    b.write("b\n");
    a.commit();
    EXPECT_EQ(contents(path), "a\n");
    b.commit();
    EXPECT_EQ(contents(path), "b\n");
    EXPECT_EQ(entries().size(), 1U);
}

TEST_F(OutputFileTest, SomeoneElsesFilesAreNeverTouched) {
    const std::string path = dir_ + "/out.txt";
    const std::string old_style = path + ".partial." + std::to_string(::getpid());
    { std::ofstream(old_style) << "another run\n"; }
    { std::ofstream(path + ".gcd_mpi-AAAAAAAAAAAA.partial") << "another run\n"; }
    {
        OutputFile out(path);
        out.write("mine\n");
    }  // not committed
    EXPECT_EQ(contents(old_style), "another run\n");
    EXPECT_EQ(contents(path + ".gcd_mpi-AAAAAAAAAAAA.partial"), "another run\n");
    EXPECT_EQ(entries().size(), 2U);
}

TEST_F(OutputFileTest, SymlinkToARegularFileWritesTheTargetAndKeepsTheLink) {
    fs::create_directory(dir_ + "/real");
    { std::ofstream(dir_ + "/real/target.txt") << "old\n"; }
    fs::create_symlink("real/target.txt", dir_ + "/link.txt");
    {
        OutputFile out(dir_ + "/link.txt");
        EXPECT_FALSE(out.is_stream());
        EXPECT_EQ(fs::path(out.temporary_name()).parent_path(), fs::path(dir_ + "/real"));
        out.write("new\n");
        out.commit();
    }
    EXPECT_TRUE(fs::is_symlink(dir_ + "/link.txt"));
    EXPECT_EQ(contents(dir_ + "/real/target.txt"), "new\n");
    EXPECT_EQ(entries().size(), 2U);
}

TEST_F(OutputFileTest, OwnDescriptorPathsWriteToTheDescriptor) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    {
        OutputFile out("/dev/fd/" + std::to_string(fds[1]));
        EXPECT_TRUE(out.is_stream());
        out.write("12 18 6\n");
        out.commit();
    }
    ::close(fds[1]);
    char buf[64] = {};
    EXPECT_EQ(::read(fds[0], buf, sizeof buf), 8);
    EXPECT_EQ(std::string(buf), "12 18 6\n");
    ::close(fds[0]);
    EXPECT_TRUE(fs::is_symlink("/dev/stdout")) << "/dev/stdout was replaced";
}

TEST_F(OutputFileTest, FifoIsWrittenDirectly) {
    const std::string fifo = dir_ + "/fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    {
        OutputFile out(fifo);
        EXPECT_TRUE(out.is_stream());
        out.write("x\n");
        out.commit();
    }
    char buf[8] = {};
    EXPECT_EQ(::read(reader, buf, sizeof buf), 2);
    ::close(reader);
    EXPECT_TRUE(fs::is_fifo(fifo));
    EXPECT_EQ(entries().size(), 1U);
}

TEST_F(OutputFileTest, SyncThenDestroyLeavesNothingAndWithdrawUndoesACommit) {
    const std::string path = dir_ + "/out.txt";
    {
        OutputFile out(path);
        out.write("x\n");
        out.sync();
    }
    EXPECT_TRUE(entries().empty());
    {
        OutputFile out(path);
        out.write("x\n");
        out.commit();
        out.withdraw();
    }
    EXPECT_TRUE(entries().empty());
}

TEST_F(OutputFileTest, WritePastTheFileSizeLimitIsAnIoError) {
    gcd_mpi::make_standard_streams_safe();  // ignores SIGXFSZ, as main does
    const std::string path = dir_ + "/out.txt";
    struct rlimit old {};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    struct rlimit small = old;
    small.rlim_cur = 4096;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    int code = 0;
    std::string message;
    {
        OutputFile out(path);
        try {
            out.write(std::string(8192, 'x'));
        } catch (const GcdError& e) {
            code = e.exit_code();
            message = e.what();
        }
    }
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old), 0);
    EXPECT_EQ(code, gcd_mpi::exit_io);
    EXPECT_NE(message.find("File too large"), std::string::npos) << message;
    EXPECT_TRUE(entries().empty());
}

}  // namespace
