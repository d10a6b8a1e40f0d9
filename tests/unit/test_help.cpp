// --help as a manual page: sections, metavariables, each option once, no
// line wider than a terminal, and every environment variable the sources
// read documented from the one table (app/environment.hpp).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gcd_mpi/app/environment.hpp"
#include "gcd_mpi/app/options.hpp"

namespace {

std::string help() { return gcd_mpi::app::parse_command_line({"--help"}, 1).message; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST(Help, HasEverySectionAsAHeadingInOrder) {
    const std::vector<std::string> lines = lines_of(help());
    std::size_t previous = 0;
    for (const char* heading : {"INPUT", "OUTPUT", "SCHEDULING AND PARALLELISM", "RESILIENCE", "DIAGNOSTICS",
                                "ENVIRONMENT", "EXAMPLES", "EXIT STATUS"}) {
        const auto at = std::find(lines.begin(), lines.end(), heading);
        ASSERT_NE(at, lines.end()) << "no heading line " << heading << " in\n" << help();
        EXPECT_EQ(std::count(lines.begin(), lines.end(), heading), 1) << heading;
        const auto index = static_cast<std::size_t>(at - lines.begin());
        EXPECT_GT(index, previous) << heading << " out of order";
        EXPECT_EQ(lines[index - 1], "") << "a blank line before " << heading;
        previous = index;
    }
}

TEST(Help, FitsAnEightyColumnTerminal) {
    for (const auto& line : lines_of(help())) {
        EXPECT_LE(line.size(), 80U) << line;
        EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space: [" << line << "]";
    }
}

TEST(Help, NamesValuesWithMetavariablesNotBoostsArg) {
    const std::string text = help();
    EXPECT_FALSE(std::regex_search(text, std::regex(R"(\barg\b)"))) << text;
    for (const char* entry :
         {"-o [ --output ] FILE", "-r [ --report ] FILE", "-c [ --checkpoint ] FILE", "-k [ --kernel ] NAME",
          "-s [ --schedule ] NAME", "-f [ --format ] NAME", "--io NAME", "-t [ --threads ] N", "--batch-size N",
          "--checkpoint-interval SECONDS", "--progress-interval SECONDS"}) {
        EXPECT_NE(text.find(entry), std::string::npos) << entry << " in\n" << text;
    }
}

TEST(Help, ListsEveryLongOptionExactlyOnce) {
    const std::vector<std::string> names = gcd_mpi::app::long_option_names();
    ASSERT_GE(names.size(), 15U) << "the options table is not empty";
    EXPECT_NE(std::find(names.begin(), names.end(), "kernel"), names.end());
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size()) << "no option defined twice";
    // An option's entry starts a line: "  -o [ --output ] FILE ..." or "  --io NAME ...".
    const std::regex entry(R"(^  (-[A-Za-z] \[ )?--([a-z-]+)( |$))");
    std::multiset<std::string> listed;
    for (const auto& line : lines_of(help())) {
        if (std::smatch m; std::regex_search(line, m, entry)) listed.insert(m[2]);
    }
    for (const auto& name : names) EXPECT_EQ(listed.count(name), 1U) << "--" << name;
    EXPECT_EQ(listed.size(), names.size()) << "every entry is a known option";
}

TEST(Help, DocumentsEveryVariableOfTheEnvironmentTable) {
    const std::string text = help();
    const auto table = gcd_mpi::app::environment_variables();
    ASSERT_EQ(table.size(), 5U);
    for (const auto& variable : table) {
        // NAME=VALUES, the values possibly continued on lines indented by four.
        const auto at = text.find("\n  " + std::string(variable.name) + "=");
        ASSERT_NE(at, std::string::npos) << variable.name << " in\n" << text;
        std::string shown;
        std::size_t pos = at + 3 + variable.name.size() + 1;
        for (;;) {
            const auto eol = text.find('\n', pos);
            shown += text.substr(pos, eol - pos);
            if (text.compare(eol + 1, 4, "    ") != 0 || text.compare(eol + 1, 6, "      ") == 0) break;
            pos = eol + 5;
        }
        EXPECT_EQ(shown, variable.values) << variable.name << " in\n" << text;
    }
    EXPECT_NE(text.find("GCD_MPI_MPI_TRANSPORT=auto|open-mpi"), std::string::npos);
}

// The table is complete: every GCD_MPI_* name written in a string literal in
// src/ or include/ (where the code reads the environment) is in it.
TEST(Help, EnvironmentTableHoldsEveryVariableTheSourcesName) {
    namespace fs = std::filesystem;
    std::set<std::string> documented;
    for (const auto& variable : gcd_mpi::app::environment_variables()) documented.emplace(variable.name);
    std::set<std::string> named;
    const std::regex literal(R"re("(GCD_MPI_[A-Z0-9_]+))re");
    for (const char* dir : {"src", "include"}) {
        for (const auto& file : fs::recursive_directory_iterator(fs::path(GCD_MPI_SOURCE_DIR) / dir)) {
            if (!file.is_regular_file()) continue;
            std::ifstream in(file.path());
            const std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            for (std::sregex_iterator m(code.begin(), code.end(), literal), end; m != end; ++m) {
                named.insert((*m)[1]);
            }
        }
    }
    EXPECT_GE(named.size(), 4U) << "the scan found the variables at all";
    for (const auto& name : named) EXPECT_EQ(documented.count(name), 1U) << name << " is read but not documented";
}

TEST(Help, ExamplesShowEachWayToRun) {
    const std::string text = help();
    for (const char* example :
         {"\n  gcd_mpi pairs.txt\n", "\n  mpirun -np 8 gcd_mpi -o gcds.txt pairs.txt\n",
          "\n  srun --mpi=pmix -n 64 gcd_mpi", " -c run.ckpt ", "--io parallel -o", "\n  gcd_mpi --report run.json"}) {
        EXPECT_NE(text.find(example), std::string::npos) << example << " in\n" << text;
    }
}

TEST(Help, ExitStatusListsEveryCode) {
    const std::string text = help();
    const std::string status = text.substr(text.find("\nEXIT STATUS\n"));
    for (const char* code : {"0   success", "64  usage", "65  bad data", "66  cannot read INPUT", "70  internal",
                             "73  cannot create", "74  I/O error", "75  stopped by SIGTERM/SIGINT/SIGUSR1"}) {
        EXPECT_NE(status.find(std::string("\n  ") + code), std::string::npos) << code << " in\n" << status;
    }
}

}  // namespace
