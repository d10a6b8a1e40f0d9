// File identity: two names of one file are one identity (./a, symlinks, hard
// links, a name not created yet in one directory), and the clash rule.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "gcd_mpi/core/file_identity.hpp"

namespace {

namespace fs = std::filesystem;
using gcd_mpi::FileIdentity;
using gcd_mpi::find_clash;
using gcd_mpi::identify_path;
using gcd_mpi::RunFile;
using Kind = gcd_mpi::FileIdentity::Kind;

class FileIdentityTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "gcd_mpi_identity_XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
        dir_ = pattern;
        std::ofstream(dir_ + "/in.txt") << "12 18\n";
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    [[nodiscard]] bool same(const std::string& a, const std::string& b) const {
        return identify_path(a).same_file_as(identify_path(b));
    }
    std::string dir_;
};

TEST_F(FileIdentityTest, DotSlashSymlinkAndHardLinkAreTheSameFile) {
    fs::create_symlink("in.txt", dir_ + "/link.txt");
    fs::create_hard_link(dir_ + "/in.txt", dir_ + "/hard.txt");
    fs::create_directory(dir_ + "/sub");
    EXPECT_EQ(identify_path(dir_ + "/in.txt").kind, Kind::regular);
    EXPECT_TRUE(same(dir_ + "/in.txt", dir_ + "/./in.txt"));
    EXPECT_TRUE(same(dir_ + "/in.txt", dir_ + "/sub/../in.txt"));
    EXPECT_TRUE(same(dir_ + "/in.txt", dir_ + "/link.txt"));
    EXPECT_TRUE(same(dir_ + "/in.txt", dir_ + "/hard.txt"));
}

TEST_F(FileIdentityTest, DifferentFilesDiffer) {
    std::ofstream(dir_ + "/other.txt") << "12 18\n";  // same bytes, another file
    EXPECT_FALSE(same(dir_ + "/in.txt", dir_ + "/other.txt"));
}

TEST_F(FileIdentityTest, NamesNotCreatedYetCompareByDirectoryAndName) {
    fs::create_directory(dir_ + "/sub");
    const FileIdentity a = identify_path(dir_ + "/new.txt");
    EXPECT_EQ(a.kind, Kind::to_create);
    EXPECT_EQ(a.name, "new.txt");
    EXPECT_TRUE(same(dir_ + "/new.txt", dir_ + "/./new.txt"));
    EXPECT_TRUE(same(dir_ + "/new.txt", dir_ + "/sub/../new.txt"));
    EXPECT_FALSE(same(dir_ + "/new.txt", dir_ + "/new2.txt"));
    EXPECT_FALSE(same(dir_ + "/new.txt", dir_ + "/sub/new.txt"));
    EXPECT_FALSE(same(dir_ + "/new.txt", dir_ + "/in.txt"));
}

TEST_F(FileIdentityTest, DanglingSymlinkIsItsTargetToBeCreated) {
    fs::create_directory(dir_ + "/sub");
    fs::create_symlink("sub/target.txt", dir_ + "/dangling");
    EXPECT_EQ(gcd_mpi::resolve_symlink_chain(dir_ + "/dangling"), dir_ + "/sub/target.txt");
    EXPECT_TRUE(same(dir_ + "/dangling", dir_ + "/sub/target.txt"));
}

TEST_F(FileIdentityTest, MissingDirectoryIsUnknownAndNeverClashes) {
    const FileIdentity a = identify_path(dir_ + "/missing/x.txt");
    EXPECT_EQ(a.kind, Kind::unknown);
    EXPECT_FALSE(a.same_file_as(a));
}

TEST_F(FileIdentityTest, OwnFileDescriptorPathsAreRecognised) {
    EXPECT_EQ(gcd_mpi::own_fd_named_by("/dev/stdout"), 1);
    EXPECT_EQ(gcd_mpi::own_fd_named_by("/dev/stderr"), 2);
    EXPECT_EQ(gcd_mpi::own_fd_named_by("/dev/fd/1"), 1);
    EXPECT_EQ(gcd_mpi::own_fd_named_by("/proc/self/fd/7"), 7);
    fs::create_symlink("/dev/stdout", dir_ + "/my-stdout");
    EXPECT_EQ(gcd_mpi::own_fd_named_by(dir_ + "/my-stdout"), 1);
    EXPECT_FALSE(gcd_mpi::own_fd_named_by(dir_ + "/in.txt").has_value());
    EXPECT_FALSE(gcd_mpi::own_fd_named_by("/dev/null").has_value());
    // /dev/fd/N names what fd N is: a file opened there is that file.
    const int fd = ::open((dir_ + "/in.txt").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(same("/dev/fd/" + std::to_string(fd), dir_ + "/in.txt"));
    ::close(fd);
}

TEST_F(FileIdentityTest, NullDeviceDiscards) {
    const FileIdentity null_device = identify_path("/dev/null");
    EXPECT_EQ(null_device.kind, Kind::device);
    EXPECT_TRUE(null_device.discards);
}

FileIdentity regular(ino_t ino) {
    FileIdentity id;
    id.kind = Kind::regular;
    id.dev = 1;
    id.ino = ino;
    return id;
}

TEST(FindClash, WrittenFileThatIsTheInputIsRefusedNamingBoth) {
    const auto clash = find_clash({{"INPUT", "in.txt", regular(5), false},
                                   {"--output", "x", regular(6), true},
                                   {"--report", "./in.txt", regular(5), true}});
    ASSERT_TRUE(clash.has_value());
    EXPECT_NE(clash->find("--report ./in.txt"), std::string::npos) << *clash;
    EXPECT_NE(clash->find("INPUT in.txt"), std::string::npos) << *clash;
}

TEST(FindClash, TwoWrittenNamesToCreateInOneDirectoryClash) {
    FileIdentity a;
    a.kind = Kind::to_create;
    a.dev = 1;
    a.ino = 9;
    a.name = "x.txt";
    FileIdentity b = a;
    EXPECT_TRUE(find_clash({{"--output", "x.txt", a, true}, {"--checkpoint", "./x.txt", b, true}}).has_value());
    b.name = "y.txt";
    EXPECT_FALSE(find_clash({{"--output", "x.txt", a, true}, {"--checkpoint", "y.txt", b, true}}).has_value());
}

TEST(FindClash, StreamsAndDevicesClashOnlyBetweenWrittenFilesAndNeverForNull) {
    FileIdentity tty;
    tty.kind = Kind::device;
    tty.dev = 2;
    tty.ino = 3;
    // stdin and stdout on one terminal (or one socket): fine.
    EXPECT_FALSE(find_clash({{"INPUT", "-", tty, false}, {"--output", "-", tty, true}}).has_value());
    FileIdentity pipe = tty;
    pipe.kind = Kind::stream;
    EXPECT_FALSE(find_clash({{"INPUT", "-", pipe, false}, {"--output", "-", pipe, true}}).has_value());
    // Results and report into one pipe or terminal: their bytes would mix.
    EXPECT_TRUE(find_clash({{"--output", "-", pipe, true}, {"--report", "/dev/stdout", pipe, true}}).has_value());
    EXPECT_TRUE(find_clash({{"--output", "-", tty, true}, {"--report", "/dev/stdout", tty, true}}).has_value());
    FileIdentity null_device = tty;
    null_device.discards = true;
    EXPECT_FALSE(
        find_clash({{"--output", "/dev/null", null_device, true}, {"--report", "/dev/null", null_device, true}})
            .has_value());
}

TEST(FindClash, AMissingInputIsNotAClashButAMissingInput) {
    FileIdentity missing;
    missing.kind = Kind::to_create;
    missing.dev = 1;
    missing.ino = 2;
    missing.name = "in.txt";
    EXPECT_FALSE(find_clash({{"INPUT", "in.txt", missing, false}, {"--output", "./in.txt", missing, true}}));
}

TEST(FindClash, UnknownNeverClashes) {
    EXPECT_FALSE(find_clash({{"INPUT", "a", FileIdentity{}, false}, {"--output", "a", FileIdentity{}, true}}));
}

}  // namespace
