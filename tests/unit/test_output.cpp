// OutputFile: the final path appears only on commit(), with the bytes written.

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

}  // namespace
