// The report's provenance (schema 2): schema_version, command line, UTC
// start time, build, and the launcher by name beside the variable that told.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gcd_mpi/core/report.hpp"

namespace {

using gcd_mpi::iso8601_utc;
using gcd_mpi::RunReport;
using nlohmann::json;

TEST(Iso8601Utc, FormatsSecondsSinceTheEpochWithZ) {
    EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(iso8601_utc(86399), "1970-01-01T23:59:59Z");
    EXPECT_EQ(iso8601_utc(951782400), "2000-02-29T00:00:00Z");   // a leap day
    EXPECT_EQ(iso8601_utc(1796212800), "2026-12-02T12:00:00Z");  // python: datetime.fromtimestamp(.., timezone.utc)
    EXPECT_EQ(iso8601_utc(4102444799), "2099-12-31T23:59:59Z");  // past 2038
}

RunReport provenance_report() {
    RunReport r;
    r.command_line = {"gcd_mpi", "-k", "euclid", "--report", "r \"x\".json", "pairs.txt"};
    r.started_utc = "2026-12-02T12:00:00Z";
    r.build.version = "9.9.9";
    r.build.commit = "abc1234-dirty";
    r.build.build_type = "Release";
    r.build.compiler = "GCC 12.2.0";
    r.build.boost = "1.74";
    r.build.mpi_built_with = "Open MPI 4.1.4 (MPI 3.1)";
    r.build.mpi_run_with = "Open MPI v4.1.4";
    r.build.trial_paths = {"scalar", "sse2", "avx2"};
    r.build.trial_path = "avx2";
    r.launcher = "mpirun";
    r.launcher_detected_by = "OMPI_COMM_WORLD_RANK";
    return r;
}

TEST(ReportProvenance, SchemaVersionIsTwo) {
    const json doc = json::parse(gcd_mpi::report_json(RunReport{}, true));
    EXPECT_EQ(doc.at("schema_version").get<int>(), 2);
    EXPECT_EQ(gcd_mpi::report_schema_version, 2);
}

TEST(ReportProvenance, CommandLineIsTheArgvArray) {
    const json doc = json::parse(gcd_mpi::report_json(provenance_report(), true));
    EXPECT_EQ(doc.at("command_line").get<std::vector<std::string>>(), provenance_report().command_line);
    EXPECT_EQ(doc.at("started_utc").get<std::string>(), "2026-12-02T12:00:00Z");
}

TEST(ReportProvenance, BuildCarriesWhatVersionPrints) {
    const json build = json::parse(gcd_mpi::report_json(provenance_report(), true)).at("build");
    EXPECT_EQ(build.at("version"), "9.9.9");
    EXPECT_EQ(build.at("commit"), "abc1234-dirty");
    EXPECT_EQ(build.at("build_type"), "Release");
    EXPECT_EQ(build.at("compiler"), "GCC 12.2.0");
    EXPECT_EQ(build.at("boost"), "1.74");
    EXPECT_EQ(build.at("mpi_built_with"), "Open MPI 4.1.4 (MPI 3.1)");
    EXPECT_EQ(build.at("mpi_run_with"), "Open MPI v4.1.4");
    EXPECT_EQ(build.at("trial_paths").get<std::vector<std::string>>(),
              (std::vector<std::string>{"scalar", "sse2", "avx2"}));
    EXPECT_EQ(build.at("trial_path"), "avx2");
}

TEST(ReportProvenance, LauncherByNameAndTheVariableApart) {
    const json doc = json::parse(gcd_mpi::report_json(provenance_report(), true));
    EXPECT_EQ(doc.at("launcher"), "mpirun");
    EXPECT_EQ(doc.at("launcher_detected_by"), "OMPI_COMM_WORLD_RANK");
    const json none = json::parse(gcd_mpi::report_json(RunReport{}, true));
    EXPECT_EQ(none.at("launcher"), "none");
    EXPECT_TRUE(none.at("launcher_detected_by").is_null());
}

}  // namespace
