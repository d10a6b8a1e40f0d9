// The generic name table behind every enum's names.
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "gcd_mpi/core/format.hpp"
#include "gcd_mpi/core/kernels.hpp"
#include "gcd_mpi/core/name_table.hpp"
#include "gcd_mpi/core/schedule.hpp"
#include "gcd_mpi/core/trial_paths.hpp"

namespace gcd_mpi {
namespace {

enum class Colour { red, green, blue };
constexpr std::array<NameEntry<Colour>, 3> colours{{
    {Colour::red, "red", "warm"},
    {Colour::green, "green"},
    {Colour::blue, "blue", "cold, deep"},
}};

TEST(NameTable, NamesAndValuesBothWays) {
    static_assert(name_in(colours, Colour::green) == "green");
    static_assert(value_in(colours, "blue") == Colour::blue);
    EXPECT_EQ(name_in(colours, static_cast<Colour>(7)), "?");
    EXPECT_EQ(value_in(colours, "Red"), std::nullopt);
    EXPECT_EQ(value_in(colours, ""), std::nullopt);
}

TEST(NameTable, JoinedAndDescribedLists) {
    EXPECT_EQ(joined_names(colours), "red, green, blue");
    EXPECT_EQ(joined_names(colours, "|"), "red|green|blue");
    EXPECT_EQ(described_names(colours), "red (warm), green, blue (cold, deep)");
}

// Every table of the program: names unique, and each value's name leads back to it.
template <class Enum, std::size_t N>
void expect_consistent(const std::array<NameEntry<Enum>, N>& table) {
    std::set<std::string_view> names;
    std::set<Enum> values;
    for (const auto& entry : table) {
        EXPECT_FALSE(entry.name.empty());
        EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
        EXPECT_TRUE(values.insert(entry.value).second) << entry.name;
        EXPECT_EQ(value_in(table, entry.name), entry.value) << entry.name;
        EXPECT_EQ(name_in(table, entry.value), entry.name);
    }
}

TEST(NameTable, EveryProgramTableIsConsistent) {
    expect_consistent(kernel_table);
    expect_consistent(trial_path_table);
    expect_consistent(schedule_table);
    expect_consistent(format_table);
}

}  // namespace
}  // namespace gcd_mpi
