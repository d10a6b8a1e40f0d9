// PairReader on real files in a private temporary directory.

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gcd_mpi/core/errors.hpp"
#include "gcd_mpi/core/input.hpp"

namespace {

using gcd_mpi::GcdError;
using gcd_mpi::InputPair;
using gcd_mpi::PairReader;
using gcd_mpi::SignedValue;

static_assert(gcd_mpi::exit_data == 65);
static_assert(gcd_mpi::exit_no_input == 66);

SignedValue pos(std::uint64_t m) { return SignedValue{m, false}; }
SignedValue neg(std::uint64_t m) { return SignedValue{m, true}; }

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// Runs `f`, which must throw GcdError; returns it (or nullopt, after a failure).
std::optional<GcdError> catch_gcd_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const GcdError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a GcdError";
    return std::nullopt;
}

// Reads everything from `path` in batches of `batch`.
std::vector<InputPair> read_all(const std::string& path, std::size_t batch = 1000) {
    PairReader reader(path);
    std::vector<InputPair> pairs;
    while (reader.read_batch(pairs, batch)) {}
    return pairs;
}

class PairReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "gcd_mpi_input_XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
        dir_ = pattern;
    }
    void TearDown() override {
        if (!dir_.empty()) {
            std::error_code ec;
            std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
            std::filesystem::remove_all(dir_, ec);
        }
    }

    // Creates a new file (mkstemp) in the temp dir holding exactly `bytes`.
    std::string write_file(const std::string& bytes) {
        std::string pattern = dir_ + "/pairs_XXXXXX";
        const int fd = ::mkstemp(pattern.data());
        EXPECT_GE(fd, 0) << std::strerror(errno);
        if (fd < 0) return pattern;
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0) {
                ADD_FAILURE() << "write: " << std::strerror(errno);
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
        return pattern;
    }

    std::string dir_;
};

// ---- contents --------------------------------------------------------------

TEST_F(PairReaderTest, EmptyFileGivesZeroPairs) {
    const std::string path = write_file("");
    PairReader reader(path);
    std::vector<InputPair> pairs;
    EXPECT_FALSE(reader.read_batch(pairs, 10));
    EXPECT_TRUE(pairs.empty());
    EXPECT_FALSE(reader.read_batch(pairs, 10));  // stays exhausted
    EXPECT_EQ(reader.bytes_read(), 0U);
}

TEST_F(PairReaderTest, CommentsAndBlankLinesOnlyGiveZeroPairs) {
    const std::string path = write_file("# header\n\n   \n# more\n");
    PairReader reader(path);
    std::vector<InputPair> pairs;
    EXPECT_FALSE(reader.read_batch(pairs, 10));
    EXPECT_TRUE(pairs.empty());
    EXPECT_EQ(reader.lines_read(), 4U);
}

TEST_F(PairReaderTest, ReadsLfFile) {
    const std::string path = write_file("12 18\n-5, 7\n(0, 9),\n");
    const std::vector<InputPair> expected{{pos(12), pos(18), 1}, {neg(5), pos(7), 2}, {pos(0), pos(9), 3}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, ReadsCrlfFile) {
    const std::string path = write_file("12 18\r\n-5, 7\r\n\r\n# c\r\n(0, 9),\r\n");
    const std::vector<InputPair> expected{{pos(12), pos(18), 1}, {neg(5), pos(7), 2}, {pos(0), pos(9), 5}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, ReadsLastLineWithoutTrailingNewline) {
    const std::string path = write_file("12 18\n5 7");
    const std::vector<InputPair> expected{{pos(12), pos(18), 1}, {pos(5), pos(7), 2}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, ReadsSingleLineWithoutNewline) {
    const std::string path = write_file("18446744073709551615 3");
    const std::vector<InputPair> expected{{pos(18446744073709551615ULL), pos(3), 1}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, SkipsUtf8ByteOrderMarkAtStart) {
    const std::string path = write_file(
        "\xEF\xBB\xBF"
        "12 18\n5 7\n");
    const std::vector<InputPair> expected{{pos(12), pos(18), 1}, {pos(5), pos(7), 2}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, SkipsUtf8ByteOrderMarkBeforeComment) {
    const std::string path = write_file("\xEF\xBB\xBF# pairs\r\n12 18\r\n");
    const std::vector<InputPair> expected{{pos(12), pos(18), 2}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, ByteOrderMarkAfterFirstLineIsAnError) {
    const std::string path = write_file(
        "12 18\n\xEF\xBB\xBF"
        "5 7\n");
    const auto err = catch_gcd_error([&] { (void)read_all(path); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 65);
    EXPECT_TRUE(starts_with(err->what(), path + ":2:")) << err->what();
}

TEST_F(PairReaderTest, LineNumbersCountCommentsAndBlankLines) {
    const std::string path = write_file(
        "# header\n"    // 1
        "\n"            // 2
        "12 18\n"       // 3
        "   \n"         // 4
        "# comment\n"   // 5
        "\t\n"          // 6
        "5 7 # note\n"  // 7
        "\n"            // 8
        "1 1\n");       // 9
    const std::vector<InputPair> expected{{pos(12), pos(18), 3}, {pos(5), pos(7), 7}, {pos(1), pos(1), 9}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, SourceNameLinesAndBytesRead) {
    const std::string text = "12 18\n# c\n5 7\n";
    const std::string path = write_file(text);
    PairReader reader(path);
    EXPECT_EQ(reader.source_name(), path);
    std::vector<InputPair> pairs;
    while (reader.read_batch(pairs, 10)) {}
    EXPECT_EQ(pairs.size(), 2U);
    EXPECT_EQ(reader.lines_read(), 3U);
    EXPECT_EQ(reader.bytes_read(), text.size());
}

TEST_F(PairReaderTest, DashReadsStandardInput) {
    const std::string path = write_file("12 18\n5 7\n");
    const int saved = ::dup(STDIN_FILENO);
    ASSERT_GE(saved, 0);
    const int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::dup2(fd, STDIN_FILENO), STDIN_FILENO);
    ::close(fd);
    std::vector<InputPair> pairs;
    std::string name;
    {
        PairReader reader("-");
        name = reader.source_name();
        while (reader.read_batch(pairs, 10)) {}
    }
    ASSERT_EQ(::dup2(saved, STDIN_FILENO), STDIN_FILENO);
    ::close(saved);
    EXPECT_EQ(name, "<stdin>");
    const std::vector<InputPair> expected{{pos(12), pos(18), 1}, {pos(5), pos(7), 2}};
    EXPECT_EQ(pairs, expected);
}

// ---- batching --------------------------------------------------------------

TEST_F(PairReaderTest, BatchesOfThreeOverTenPairsAre3331ThenFalse) {
    std::string text;
    for (int i = 1; i <= 10; ++i) text += std::to_string(i) + " " + std::to_string(i * 10) + "\n";
    const std::string path = write_file(text);
    PairReader reader(path);
    std::vector<std::size_t> sizes;
    std::vector<InputPair> all;
    std::vector<InputPair> batch;
    for (int call = 0; call < 10; ++call) {
        batch.clear();
        if (!reader.read_batch(batch, 3)) break;
        sizes.push_back(batch.size());
        all.insert(all.end(), batch.begin(), batch.end());
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 3, 3, 1}));
    batch.clear();
    EXPECT_FALSE(reader.read_batch(batch, 3));
    EXPECT_TRUE(batch.empty());
    ASSERT_EQ(all.size(), 10U);
    for (std::uint64_t i = 1; i <= 10; ++i) {
        EXPECT_EQ(all[i - 1], (InputPair{pos(i), pos(i * 10), i}));
    }
}

TEST_F(PairReaderTest, ReadBatchAppendsToExistingVector) {
    const std::string path = write_file("1 2\n3 4\n");
    PairReader reader(path);
    std::vector<InputPair> pairs{{pos(99), pos(98), 42}};
    EXPECT_TRUE(reader.read_batch(pairs, 10));
    ASSERT_EQ(pairs.size(), 3U);
    EXPECT_EQ(pairs[0].line, 42U);
    EXPECT_EQ(pairs[1], (InputPair{pos(1), pos(2), 1}));
    EXPECT_EQ(pairs[2], (InputPair{pos(3), pos(4), 2}));
}

TEST_F(PairReaderTest, FileLargerThanReadChunkKeepsEveryLineIntact) {
    // ~3 MB, so lines straddle the reader's internal 1 MiB reads.
    constexpr std::uint64_t count = 200'000;
    std::string text;
    text.reserve(count * 24);
    for (std::uint64_t i = 0; i < count; ++i) {
        text += std::to_string(i * 7919 + 1) + ", " + std::to_string(i) + "\r\n";
    }
    const std::string path = write_file(text);
    const std::vector<InputPair> pairs = read_all(path, 4096);
    ASSERT_EQ(pairs.size(), count);
    for (std::uint64_t i = 0; i < count; ++i) {
        const InputPair expected{pos(i * 7919 + 1), pos(i), i + 1};
        if (pairs[i] != expected) {
            ADD_FAILURE() << "pair " << i << " differs";
            break;
        }
    }
}

// ---- batches bounded by estimated brute-force cost -------------------------

// Sizes of the batches read_batch(out, max_pairs, max_cost) returns until false.
std::vector<std::size_t> cost_batch_sizes(const std::string& path, std::size_t max_pairs, std::uint64_t max_cost) {
    PairReader reader(path);
    std::vector<std::size_t> sizes;
    std::vector<InputPair> batch;
    for (int call = 0; call < 100; ++call) {
        batch.clear();
        if (!reader.read_batch(batch, max_pairs, max_cost)) break;
        sizes.push_back(batch.size());
    }
    return sizes;
}

TEST_F(PairReaderTest, CostBoundEndsBatchOnceSumOfMinimaReachesIt) {
    // min(|a|, |b|): 10, 5, 7, 1 (no smaller value divides its larger one).
    const std::string path = write_file("10 21\n-101 5\n7 9\n1 1000\n");
    // 10 < 15, 10 + 5 = 15 reaches it: [2 pairs]; then 7, 7 + 1 = 8: [2 pairs].
    EXPECT_EQ(cost_batch_sizes(path, 100, 15), (std::vector<std::size_t>{2, 2}));
    // 10 reaches 10 at once: [1]; 5 + 7 = 12: [2]; 1: [1].
    EXPECT_EQ(cost_batch_sizes(path, 100, 10), (std::vector<std::size_t>{1, 2, 1}));
    // The pair count still applies.
    EXPECT_EQ(cost_batch_sizes(path, 3, 1000), (std::vector<std::size_t>{3, 1}));
}

TEST_F(PairReaderTest, CostBoundZeroMeansNoLimit) {
    const std::string path = write_file("10 21\n101 5\n7 9\n1 1000\n");
    EXPECT_EQ(cost_batch_sizes(path, 100, 0), (std::vector<std::size_t>{4}));
}

TEST_F(PairReaderTest, CostlyPairStillFormsABatchOfItsOwn) {
    const std::string path = write_file("1000000 2000001\n3 4\n");
    EXPECT_EQ(cost_batch_sizes(path, 100, 10), (std::vector<std::size_t>{1, 1}));
}

TEST_F(PairReaderTest, ZeroCostPairsDoNotEndABatch) {
    const std::string path = write_file("0 5\n9 0\n0 0\n2 3\n");
    EXPECT_EQ(cost_batch_sizes(path, 100, 1), (std::vector<std::size_t>{4}));
}

TEST_F(PairReaderTest, CostBoundHoldsWhenTheSumPassesTwoToThe64) {
    // 2^63 + 2^63 = 2^64 reaches any 64-bit bound; the running sum must not
    // wrap around to 0 and let the batch grow past it.
    const std::string path = write_file(
        "9223372036854775808 9223372036854775809\n"
        "9223372036854775808 9223372036854775809\n"
        "1 1\n");
    EXPECT_EQ(cost_batch_sizes(path, 100, 18446744073709551615ULL), (std::vector<std::size_t>{2, 1}));
}

TEST_F(PairReaderTest, PairsThatDivideCostOneCandidate) {
    // (x, x) and (x, k*x): gcd = min, found at the first candidate, so 5,000
    // such pairs of large values share a batch instead of one batch each.
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += "123456789012 " + std::string(i % 2 ? "123456789012" : "246913578024") + "\n";
    const std::string path = write_file(text);
    EXPECT_EQ(cost_batch_sizes(path, 100000, 5000), (std::vector<std::size_t>{5000}));
    EXPECT_EQ(cost_batch_sizes(path, 100000, 2500), (std::vector<std::size_t>{2500, 2500}));
}

TEST_F(PairReaderTest, CostBoundKeepsAtLeastMinPairs) {
    // Every pair alone exceeds the bound; min_pairs = 3 workers each get one.
    const std::string path = write_file("1000 1001\n2000 2001\n3000 3001\n4000 4001\n5000 5001\n");
    PairReader reader(path);
    std::vector<std::size_t> sizes;
    std::vector<InputPair> batch;
    while (true) {
        batch.clear();
        if (!reader.read_batch(batch, 100, 10, 3)) break;
        sizes.push_back(batch.size());
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 2}));  // fewer only where the input ends
    // max_pairs still wins over min_pairs.
    PairReader capped(path);
    batch.clear();
    ASSERT_TRUE(capped.read_batch(batch, 2, 10, 3));
    EXPECT_EQ(batch.size(), 2U);
}

// ---- bytes, hash and file identity ------------------------------------------

// 64-bit FNV-1a, written out here as the reference.
std::uint64_t fnv1a(const std::string& bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

TEST_F(PairReaderTest, BytesConsumedCountsOnlyLinesHandedOut) {
    const std::string path = write_file("# c\n1 2\n3 4\r\n5 6");
    PairReader reader(path);
    std::vector<InputPair> pairs;
    ASSERT_TRUE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.bytes_consumed(), 8U);  // "# c\n1 2\n"
    ASSERT_TRUE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.bytes_consumed(), 13U);  // + "3 4\r\n"
    ASSERT_TRUE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.bytes_consumed(), 16U);  // + "5 6", no newline
    EXPECT_FALSE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.bytes_consumed(), 16U);
}

TEST(Fnv1aReference, MatchesPublishedTestVectors) {
    // From the FNV reference (isthe.com/chongo/tech/comp/fnv): offset basis
    // 0xcbf29ce484222325, and FNV-1a 64 of "a" and "foobar".
    EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ULL);
}

TEST_F(PairReaderTest, InputHashIsFnv1aOfConsumedBytes) {
    const std::string first = "\xEF\xBB\xBF# header\n12 18\n";
    const std::string rest = "\n5, 7\r\n(1, 2),";
    const std::string path = write_file(first + rest);
    PairReader reader(path);
    reader.enable_hash();
    std::vector<InputPair> pairs;
    ASSERT_TRUE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.input_hash(), fnv1a(first));
    while (reader.read_batch(pairs, 10)) {}
    EXPECT_EQ(pairs.size(), 3U);
    EXPECT_EQ(reader.input_hash(), fnv1a(first + rest));
}

TEST_F(PairReaderTest, InputHashDiffersForDifferentInput) {
    const auto hash_of = [this](const std::string& text) {
        PairReader reader(write_file(text));
        reader.enable_hash();
        std::vector<InputPair> pairs;
        while (reader.read_batch(pairs, 10)) {}
        return reader.input_hash();
    };
    EXPECT_NE(hash_of("12 18\n5 7\n"), hash_of("12 18\n5 8\n"));
    EXPECT_EQ(hash_of("12 18\n5 7\n"), hash_of("12 18\n5 7\n"));
}

TEST_F(PairReaderTest, InputHashCoversConsumedLinesNotReadAhead) {
    // After one batch of "12 18\n5 7\n" only "12 18\n" is consumed, even
    // though the whole file has been read into the buffer.
    const auto hash_after_first_pair = [this](const std::string& text) {
        PairReader reader(write_file(text));
        reader.enable_hash();
        std::vector<InputPair> pairs;
        EXPECT_TRUE(reader.read_batch(pairs, 1));
        return reader.input_hash();
    };
    EXPECT_EQ(hash_after_first_pair("12 18\n5 7\n"), hash_after_first_pair("12 18\n"));
    EXPECT_EQ(hash_after_first_pair("12 18\n5 7\n"), hash_after_first_pair("12 18\n99 99\n"));
}

TEST_F(PairReaderTest, InputHashDoesNotDependOnBatchSize) {
    std::string text;
    for (int i = 1; i <= 50; ++i)
        text += std::to_string(i) + " " + std::to_string(i * 3) + (i % 7 ? "\n" : "\r\n# c\n");
    const std::string path = write_file(text);
    const auto final_hash = [&path](std::size_t batch) {
        PairReader reader(path);
        reader.enable_hash();
        std::vector<InputPair> pairs;
        while (reader.read_batch(pairs, batch)) {}
        return reader.input_hash();
    };
    EXPECT_EQ(final_hash(1), final_hash(1000));
    EXPECT_EQ(final_hash(7), final_hash(1000));
}

TEST_F(PairReaderTest, PairsHashEndsAtTheLastPairsLine) {
    // A checkpoint records pairs_hash; a replay reads exactly the batch's pairs
    // and stops, so whatever follows the last pair (blank lines, comments,
    // whitespace) must not be in it.
    const std::string body = "# head\n12 18\n\n5, 7\r\n";
    for (const std::string& tail :
         {std::string(), std::string("\n"), std::string("# end\n"), std::string("  \t\n\n# x"), std::string("\r\n")}) {
        PairReader all(write_file(body + tail));
        all.enable_hash();
        std::vector<InputPair> pairs;
        while (all.read_batch(pairs, 10)) {}
        ASSERT_EQ(pairs.size(), 2U);
        EXPECT_EQ(all.pairs_hash(), fnv1a(body)) << tail;
        EXPECT_EQ(all.input_hash(), fnv1a(body + tail)) << tail;
        PairReader replay(write_file(body + tail));
        replay.enable_hash();
        pairs.clear();
        ASSERT_TRUE(replay.read_batch(pairs, 2));
        EXPECT_EQ(replay.pairs_hash(), all.pairs_hash()) << tail;
    }
}

TEST_F(PairReaderTest, PairsHashOfABatchIncludesSkipLinesBeforeItsFirstPair) {
    const std::string path = write_file("1 2\n\n# c\n3 4\n\n");
    PairReader reader(path);
    reader.enable_hash();
    std::vector<InputPair> pairs;
    ASSERT_TRUE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.pairs_hash(), fnv1a("1 2\n"));
    ASSERT_TRUE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.pairs_hash(), fnv1a("1 2\n\n# c\n3 4\n"));
    EXPECT_FALSE(reader.read_batch(pairs, 1));
    EXPECT_EQ(reader.pairs_hash(), fnv1a("1 2\n\n# c\n3 4\n"));
}

TEST_F(PairReaderTest, RegularFileIdentity) {
    const std::string text = "12 18\n5 7\n";
    const std::string path = write_file(text);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    PairReader reader(path);
    EXPECT_TRUE(reader.is_regular_file());
    EXPECT_EQ(reader.file_size(), text.size());
    EXPECT_EQ(reader.file_mtime_ns(),
              static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec);
}

// ---- errors ----------------------------------------------------------------

TEST_F(PairReaderTest, MalformedLineThrowsDataErrorWithPathAndLine) {
    const std::string path = write_file("12 18\n# c\n\n12 abc\n5 7\n");
    const auto err = catch_gcd_error([&] { (void)read_all(path); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), gcd_mpi::exit_data);
    const std::string what = err->what();
    EXPECT_TRUE(starts_with(what, path + ":4: ")) << what;
    EXPECT_NE(what.find("abc"), std::string::npos) << what;
}

TEST_F(PairReaderTest, MalformedLineAfterFullBatchIsReportedOnNextBatch) {
    const std::string path = write_file("1 2\n3 4\n1 2 3\n");
    PairReader reader(path);
    std::vector<InputPair> pairs;
    EXPECT_TRUE(reader.read_batch(pairs, 2));
    EXPECT_EQ(pairs.size(), 2U);
    const auto err = catch_gcd_error([&] { (void)reader.read_batch(pairs, 2); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 65);
    EXPECT_TRUE(starts_with(err->what(), path + ":3:")) << err->what();
}

TEST_F(PairReaderTest, MalformedLastLineWithoutNewlineNamesItsLine) {
    const std::string path = write_file("1 2\r\n0x10 4");
    const auto err = catch_gcd_error([&] { (void)read_all(path); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 65);
    EXPECT_TRUE(starts_with(err->what(), path + ":2:")) << err->what();
    EXPECT_NE(std::string(err->what()).find("0x10"), std::string::npos) << err->what();
}

TEST_F(PairReaderTest, MissingFileIsNoInput) {
    const std::string path = dir_ + "/does-not-exist.txt";
    const auto err = catch_gcd_error([&] { PairReader reader(path); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), gcd_mpi::exit_no_input);
    EXPECT_TRUE(starts_with(err->what(), path + ":")) << err->what();
}

TEST_F(PairReaderTest, DirectoryIsNoInput) {
    const auto err = catch_gcd_error([&] { PairReader reader(dir_); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 66);
    const std::string what = err->what();
    EXPECT_TRUE(starts_with(what, dir_ + ":")) << what;
    EXPECT_NE(what.find("directory"), std::string::npos) << what;
}

TEST_F(PairReaderTest, UnreadableFileIsNoInput) {
    const std::string path = write_file("12 18\n");
    ASSERT_EQ(::chmod(path.c_str(), 0), 0) << std::strerror(errno);

    if (::geteuid() != 0) {
        if (::access(path.c_str(), R_OK) == 0) GTEST_SKIP() << "chmod 000 does not stop reads here";
        const auto err = catch_gcd_error([&] { PairReader reader(path); });
        ASSERT_TRUE(err);
        EXPECT_EQ(err->exit_code(), 66);
        EXPECT_TRUE(starts_with(err->what(), path + ":")) << err->what();
        return;
    }

    // Root reads anything: open the file from a child that has dropped to
    // nobody (uid/gid 65534). The directory must let nobody reach the file.
    ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0) << std::strerror(errno);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    constexpr int cannot_drop_privileges = 100;
    constexpr int no_exception = 101;
    constexpr int other_exception = 102;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0) << std::strerror(errno);
    if (child == 0) {
        ::close(fds[0]);
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
            ::_exit(cannot_drop_privileges);
        }
        int code = no_exception;
        try {
            PairReader reader(path);
            std::vector<InputPair> pairs;
            (void)reader.read_batch(pairs, 10);
        } catch (const GcdError& e) {
            const std::string what = e.what();
            (void)!::write(fds[1], what.data(), what.size());
            code = e.exit_code();
        } catch (...) {
            code = other_exception;
        }
        ::_exit(code);
    }
    ::close(fds[1]);
    std::string message;
    char buf[512];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == cannot_drop_privileges) {
        GTEST_SKIP() << "running as root but cannot setuid(65534) in this environment";
    }
    EXPECT_EQ(WEXITSTATUS(status), 66) << message;
    EXPECT_TRUE(starts_with(message, path + ":")) << message;
}

TEST_F(PairReaderTest, LineLongerThanLimitIsDataErrorAboutLength) {
    std::string text = "1 2\n";
    text += "3 " + std::string(gcd_mpi::max_line_bytes, '4') + "\n";
    text += "5 6\n";
    const std::string path = write_file(text);
    PairReader reader(path);
    std::vector<InputPair> pairs;
    const auto err = catch_gcd_error([&] {
        while (reader.read_batch(pairs, 10)) {}
    });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 65);
    const std::string what = err->what();
    EXPECT_TRUE(starts_with(what, path + ":2:")) << what.substr(0, 200);
    EXPECT_NE(what.find("longer than"), std::string::npos) << what.substr(0, 200);
    EXPECT_LT(what.size(), 300U);
}

TEST_F(PairReaderTest, OverlongLastLineWithoutNewlineIsDataError) {
    const std::string path = write_file(std::string(gcd_mpi::max_line_bytes + 10, ' ') + "1 2");
    const auto err = catch_gcd_error([&] { (void)read_all(path); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 65);
    EXPECT_TRUE(starts_with(err->what(), path + ":1:")) << err->what();
    EXPECT_NE(std::string(err->what()).find("longer than"), std::string::npos) << err->what();
}

TEST_F(PairReaderTest, LineOfExactlyTheLimitIsAccepted) {
    // "12" + spaces + "18", exactly max_line_bytes bytes before the '\n'.
    std::string line = "12" + std::string(gcd_mpi::max_line_bytes - 4, ' ') + "18";
    ASSERT_EQ(line.size(), gcd_mpi::max_line_bytes);
    const std::string path = write_file("1 1\n" + line + "\n3 9\n");
    const std::vector<InputPair> expected{{pos(1), pos(1), 1}, {pos(12), pos(18), 2}, {pos(3), pos(9), 3}};
    EXPECT_EQ(read_all(path), expected);
}

TEST_F(PairReaderTest, LineOneByteOverTheLimitIsRejected) {
    std::string line = "12" + std::string(gcd_mpi::max_line_bytes - 3, ' ') + "18";
    ASSERT_EQ(line.size(), gcd_mpi::max_line_bytes + 1);
    const std::string path = write_file("1 1\n" + line + "\n");
    const auto err = catch_gcd_error([&] { (void)read_all(path); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->exit_code(), 65);
    EXPECT_TRUE(starts_with(err->what(), path + ":2:")) << err->what();
}

}  // namespace
