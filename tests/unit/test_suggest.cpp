// "Did you mean ...?": the distance against hand-counted edits, and which
// names are close enough to suggest.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gcd_mpi/core/suggest.hpp"

namespace {

using gcd_mpi::closest_name;
using gcd_mpi::edit_distance;
using Names = std::vector<std::string>;

TEST(EditDistance, CountsInsertDeleteSubstituteAndAdjacentSwap) {
    EXPECT_EQ(edit_distance("", ""), 0U);
    EXPECT_EQ(edit_distance("kernel", "kernel"), 0U);
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(edit_distance("abc", ""), 3U);
    EXPECT_EQ(edit_distance("kernal", "kernel"), 1U);   // substitute
    EXPECT_EQ(edit_distance("kernl", "kernel"), 1U);    // insert
    EXPECT_EQ(edit_distance("kerneel", "kernel"), 1U);  // delete
    EXPECT_EQ(edit_distance("eucild", "euclid"), 1U);   // swap of adjacent letters: one edit, not two
    EXPECT_EQ(edit_distance("ab", "ba"), 1U);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(edit_distance("ca", "abc"), 3U);  // optimal string alignment: no edit of a swapped pair
    EXPECT_EQ(edit_distance("schedule", "sheduel"), 2U);
}

TEST(EditDistance, IsSymmetric) {
    const Names words{"", "a", "io", "oi", "trial", "trail", "binary", "binray", "dynamic"};
    for (const auto& a : words) {
        for (const auto& b : words) EXPECT_EQ(edit_distance(a, b), edit_distance(b, a)) << a << " " << b;
    }
}

const Names flags{"batch-size",
                  "output",
                  "format",
                  "report",
                  "quiet",
                  "kernel",
                  "schedule",
                  "io",
                  "threads",
                  "checkpoint",
                  "checkpoint-interval",
                  "verify",
                  "progress",
                  "no-progress",
                  "progress-interval",
                  "io-only",
                  "help",
                  "version"};

TEST(ClosestName, SuggestsTheFlagOneOrTwoEditsAway) {
    EXPECT_EQ(closest_name("kernal", flags), "kernel");
    EXPECT_EQ(closest_name("shcedule", flags), "schedule");
    EXPECT_EQ(closest_name("ouptut", flags), "output");
    EXPECT_EQ(closest_name("thread", flags), "threads");
    EXPECT_EQ(closest_name("hlep", flags), "help");
    EXPECT_EQ(closest_name("verson", flags), "version");
    EXPECT_EQ(closest_name("KERNEL", flags), "kernel") << "case is ignored";
}

TEST(ClosestName, SuggestsTheOnlyNameAnAbbreviationStarts) {
    EXPECT_EQ(closest_name("kern", flags), "kernel");
    EXPECT_EQ(closest_name("sched", flags), "schedule");
    EXPECT_EQ(closest_name("vers", flags), "version");
    EXPECT_EQ(closest_name("checkpoint-int", flags), "checkpoint-interval");
}

TEST(ClosestName, SaysNothingWhenAmbiguousOrFar) {
    EXPECT_EQ(closest_name("frobnicate", flags), std::nullopt);
    EXPECT_EQ(closest_name("prog", flags), std::nullopt) << "progress or progress-interval";
    EXPECT_EQ(closest_name("ver", flags), std::nullopt) << "verify or version";
    EXPECT_EQ(closest_name("", flags), std::nullopt);
    EXPECT_EQ(closest_name("x", flags), std::nullopt);
    EXPECT_EQ(closest_name("kernel", flags), std::nullopt) << "a known name needs no suggestion";
    EXPECT_EQ(closest_name("kernel", {}), std::nullopt);
}

TEST(ClosestName, ShortWordsGetOneEditAtMost) {
    const Names formats{"text", "csv", "jsonl"};
    EXPECT_EQ(closest_name("tsv", formats), "csv");
    EXPECT_EQ(closest_name("xml", formats), std::nullopt);
    EXPECT_EQ(closest_name("json", formats), "jsonl");
    EXPECT_EQ(closest_name("oi", {"io", "output"}), "io");
    EXPECT_EQ(closest_name("ab", {"io"}), std::nullopt) << "two edits of a two-letter word is another word";
}

TEST(ClosestName, SuggestsNamesOfEveryTable) {
    EXPECT_EQ(closest_name("eucild", {"trial", "trial-naive", "euclid", "binary"}), "euclid");
    EXPECT_EQ(closest_name("trail", {"trial", "trial-naive", "euclid", "binary"}), "trial");
    EXPECT_EQ(closest_name("dynamc", {"block", "balanced", "dynamic"}), "dynamic");
    EXPECT_EQ(closest_name("paralel", {"root", "parallel"}), "parallel");
}

}  // namespace
