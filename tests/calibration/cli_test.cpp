// labels: determinism e2e
// `pathways calibrate` end to end: bad files exit 2 writing nothing; 1 and 2 threads give the same
// posterior.csv bytes; stopping after a generation and resuming gives the uninterrupted bytes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

std::string data(const std::string& name) {
  return std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/calibration/data/" + name;
}

std::string scratch(const std::string& name) {
  const fs::path p = fs::path(::testing::TempDir()) / "pathways_calibration_cli" / name;
  fs::remove_all(p);
  fs::remove_all(p.string() + ".checkpoint");
  fs::create_directories(p.parent_path());
  return p.string();
}

Result run(const std::string& args) {
  const char* bin = std::getenv("PATHWAYS_BINARY_DIR");
  const std::string exe = std::string(bin ? bin : ".") + "/bin/pathways";
  const std::string out = ::testing::TempDir() + "calib_cli_out.txt",
                    err = ::testing::TempDir() + "calib_cli_err.txt";
  const int status = std::system((exe + " " + args + " >" + out + " 2>" + err).c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

TEST(CalibrateCommand, BadFilesExitTwoAndWriteNothing) {
  for (const char* f : {"bad_metric.yaml", "bad_free.yaml"}) {
    const std::string out = scratch(std::string("bad_") + f);
    const Result r = run("calibrate " + data(f) + " --out " + out);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(f == std::string("bad_free.yaml") ? "free[0].key" : "targets[0].metric"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out + ".checkpoint"));
  }
}

TEST(CalibrateCommand, OneAndTwoThreadsGiveTheSameBytes) {
  const std::string a = scratch("threads1"), b = scratch("threads2");
  const Result ra = run("calibrate " + data("good.yaml") + " --threads 1 --out " + a);
  ASSERT_EQ(ra.code, 0) << ra.err;
  const Result rb = run("calibrate " + data("good.yaml") + " --threads 2 --out " + b);
  ASSERT_EQ(rb.code, 0) << rb.err;
  for (const char* f : {"posterior.csv", "generations.csv", "fit.csv"}) {
    EXPECT_EQ(slurp(a + "/" + f), slurp(b + "/" + f)) << f;
  }
  EXPECT_NE(slurp(a + "/report.html").find("<svg"), std::string::npos);
  EXPECT_NE(slurp(a + "/manifest.json").find("\"method\": \"abc_smc\""), std::string::npos);
  const std::string header = "mmt.seeking_rate_per_year,justice.contact_rate_per_year,weight,distance\n";
  EXPECT_EQ(slurp(a + "/posterior.csv").substr(0, header.size()), header);
}

TEST(CalibrateCommand, ResumingAfterAGenerationGivesTheUninterruptedBytes) {
  const std::string full = scratch("full"), part = scratch("part");
  ASSERT_EQ(run("calibrate " + data("good.yaml") + " --generations 4 --out " + full).code, 0);
  // Stop after generation 1 (two generations), then continue to four from the checkpoint.
  ASSERT_EQ(run("calibrate " + data("good.yaml") + " --generations 2 --out " + part).code, 0);
  EXPECT_TRUE(fs::exists(part + ".checkpoint/generation_1.csv"));
  const Result r = run("calibrate " + data("good.yaml") + " --generations 4 --resume --out " + part);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(part + "/posterior.csv"), slurp(full + "/posterior.csv"));
  EXPECT_EQ(slurp(part + "/generations.csv"), slurp(full + "/generations.csv"));
  // A resume with other settings is refused (exit 2) rather than mixing two runs.
  const Result bad = run("calibrate " + data("good.yaml") + " --seed 99 --resume --out " + part);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("different configuration"), std::string::npos) << bad.err;
}

TEST(CalibrateCommand, QuickMethodWritesOneBestRow) {
  const std::string out = scratch("quick");
  const Result r = run("calibrate " + data("quick.yaml") + " --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string post = slurp(out + "/posterior.csv");
  EXPECT_EQ(std::count(post.begin(), post.end(), '\n'), 2);  // header and the best point
  EXPECT_NE(slurp(out + "/fit.csv").find("mmt_clients_2024"), std::string::npos);
}

}  // namespace
