// labels: e2e
// End-to-end: an output location never destroys or half-writes what is already there (issue 14).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "support.hpp"

namespace pathways::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kQuick = " --quiet --replicates 1 --set run.years=1 --out ";

std::string small() {
  return data("small.yaml");
}

void expect_refused(const Result& r, const std::string& words) {
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--out"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(words), std::string::npos) << r.output;
}

TEST(OutputSafety, AFolderOfTheUsersOwnFilesIsNeverDeletedEvenWithForce) {
  const auto dir = scratch("users_folder");
  fs::create_directories(dir);
  std::ofstream(dir / "thesis.txt") << "years of work";
  expect_refused(run("run " + small() + kQuick + dir.string()), "will not replace it");
  expect_refused(run("run " + small() + kQuick + dir.string() + " --force"), "will not replace it");
  EXPECT_EQ(read_file(dir / "thesis.txt"), "years of work");
}

TEST(OutputSafety, ARegularFileIsNeverReplaced) {
  const auto file = scratch("users_file.csv");
  std::ofstream(file) << "a,b\n1,2\n";
  expect_refused(run("run " + small() + kQuick + file.string() + " --force"), "is a file");
  EXPECT_EQ(read_file(file), "a,b\n1,2\n");
}

TEST(OutputSafety, TheWorkingFolderAndFoldersHoldingInputsAreRefused) {
  const auto work = scratch("workdir");
  fs::create_directories(work);
  fs::copy_file(small(), work / "scenario.yaml");
  const std::string bin = binary_dir() + "/bin/pathways";
  const auto in_dir = [&](const std::string& args) {
    return run_shell("cd '" + work.string() + "' && " + bin + " " + args);
  };
  expect_refused(in_dir("run scenario.yaml" + kQuick + "\"$PWD\" --force"), "working in");
  expect_refused(in_dir("run scenario.yaml" + kQuick + ". --force"),
                 "expected the name of a new output folder");
  expect_refused(in_dir("run scenario.yaml" + kQuick + ".. --force"),
                 "expected the name of a new output folder");
  expect_refused(run("run " + (work / "scenario.yaml").string() + kQuick + work.string() + " --force"),
                 "input");
  EXPECT_TRUE(fs::exists(work / "scenario.yaml"));
}

TEST(OutputSafety, AnEarlierResultIsReplacedOnlyWithForceAndThenWhole) {
  const auto out = scratch("rerun");
  ASSERT_EQ(run("run " + small() + kQuick + out.string()).exit_code, 0);
  const std::string first = read_file(out / "series.csv");
  expect_refused(run("run " + small() + " --quiet --replicates 2 --set run.years=1 --out " + out.string()),
                 "--force");
  EXPECT_EQ(read_file(out / "series.csv"), first);
  ASSERT_EQ(run("run " + small() + " --quiet --replicates 2 --set run.years=1 --force --out " + out.string())
                .exit_code,
            0);
  EXPECT_NE(read_file(out / "series.csv"), first);
  // A file the user added to an earlier result makes it theirs: --force no longer replaces it.
  std::ofstream(out / "notes.txt") << "my notes";
  expect_refused(run("run " + small() + kQuick + out.string() + " --force"), "notes.txt");
  EXPECT_EQ(read_file(out / "notes.txt"), "my notes");
}

TEST(OutputSafety, ATrailingSlashNamesTheFolderItself) {
  const auto out = scratch("slash");
  const Result r = run("run " + small() + kQuick + out.string() + "/");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "series.csv"));
  for (const auto& e : fs::directory_iterator(out.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".slash.tmp"), std::string::npos) << e.path();
  }
}

TEST(OutputSafety, AnUnwritableLocationIsFoundBeforeAnythingRuns) {
  const auto file = scratch("a_file_not_a_folder");
  std::ofstream(file) << "x";
  const Result r = run("run " + small() + kQuick + (file / "out").string());
  expect_refused(r, "parent folder cannot be created");
  EXPECT_EQ(r.output.find("Results:"), std::string::npos) << r.output;
}

TEST(OutputSafety, StaleTemporaryFoldersOfKilledRunsAreRemoved) {
  const auto out = scratch("stale");
  // A pid far above any pid_max in use: the run that made this folder no longer exists.
  const auto stale = out.parent_path() / ".stale.tmp-999999999";
  fs::create_directories(stale);
  std::ofstream(stale / "series.csv") << "half";
  ASSERT_EQ(run("run " + small() + kQuick + out.string()).exit_code, 0);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(out / "manifest.json"));
}

}  // namespace
}  // namespace pathways::e2e
