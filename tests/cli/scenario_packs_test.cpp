// labels: e2e
// Every bundled scenario validates, and each country pack's comparison runs.
#include <gtest/gtest.h>

#include "support.hpp"

namespace pathways::e2e {
namespace {

std::vector<std::string> pack_files() {
  std::vector<std::string> files;
  for (const auto& dir : std::filesystem::directory_iterator(source_dir() + "/scenarios")) {
    if (!dir.is_directory()) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
      if (f.path().extension() == ".yaml") files.push_back(f.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioPacks, EveryFileValidates) {
  const auto files = pack_files();
  ASSERT_GE(files.size(), 8u);
  std::string args = "validate";
  for (const auto& f : files) args += " " + f;
  const Result r = run(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const auto& f : files) EXPECT_NE(r.output.find(f + ": ok"), std::string::npos) << f;
}

// Six years reach every lever knot of the packs (2025-2030); one replicate keeps it quick.
TEST(ScenarioPacks, EachCountryComparisonRuns) {
  for (const char* country : {"viet_nam", "malaysia"}) {
    const std::string dir = source_dir() + "/scenarios/" + country + "/";
    std::string args = "compare " + dir + "baseline.yaml";
    for (const auto& f : pack_files()) {
      if (f.rfind(dir, 0) == 0 && f != dir + "baseline.yaml" && f.find("posterior") == std::string::npos)
        args += " " + f;
    }
    const auto out = scratch(std::string("pack_") + country);
    const Result r = run(args + " --set run.years=6 --replicates 1 --quiet --out " + out.string());
    EXPECT_EQ(r.exit_code, 0) << country << "\n" << r.output;
    EXPECT_TRUE(std::filesystem::exists(out / "comparison.csv")) << country;
    // The packs propagate calibrated uncertainty, and the report and manifest say so.
    EXPECT_NE(read_file(out / "report.html").find("calibrated posterior"), std::string::npos) << country;
    EXPECT_NE(read_file(out / "manifest.json").find("\"parameters_from\""), std::string::npos) << country;
  }
}

}  // namespace
}  // namespace pathways::e2e
