// End-to-end tests of `pathways validate` and `pathways describe`: exit codes and messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "scenario/scenario.hpp"

namespace pathways {
namespace {

std::string source_dir() {
  const char* s = std::getenv("PATHWAYS_SOURCE_DIR");
  return s ? s : ".";
}

struct Result {
  int code;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

Result run(const std::string& args) {
  const char* bin = std::getenv("PATHWAYS_BINARY_DIR");
  const std::string exe = std::string(bin ? bin : ".") + "/bin/pathways";
  const std::string out = ::testing::TempDir() + "cli_out.txt", err = ::testing::TempDir() + "cli_err.txt";
  const int status = std::system((exe + " " + args + " >" + out + " 2>" + err).c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

TEST(ValidateCommand, GoodFilePrintsOk) {
  const std::string f = source_dir() + "/tests/scenario/good/markov.yaml";
  const Result r = run("validate " + f);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, f + ": ok\n");
  EXPECT_EQ(r.err, "");
}

TEST(ValidateCommand, BadFileExitsTwoWithDiagnosticsOnStderr) {
  const std::string bad = source_dir() + "/tests/scenario/bad/unknown_param.yaml";
  const std::string good = source_dir() + "/tests/scenario/good/markov.yaml";
  const Result r = run("validate " + bad + " " + good);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(bad + ":7:7: parameters.example.markov_chain.agnets: expected"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("did you mean 'agents'?"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, good + ": ok\n");
}

TEST(ValidateCommand, SetOverridesAreChecked) {
  const std::string good = source_dir() + "/tests/scenario/good/markov.yaml";
  const Result r = run("validate " + good + " --set run.years=0");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--set: run.years: expected a whole number in [1, 200], found 0"), std::string::npos)
      << r.err;
}

TEST(ValidateCommand, MissingFileExitsTwo) {
  const Result r = run("validate no/such/file.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no/such/file.yaml: (document): expected a readable scenario file"), std::string::npos)
      << r.err;
}

TEST(DescribeCommand, UnknownModuleExitsTwoListingKnownOnes) {
  const Result r = run("describe no.such_module");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("example.markov_chain"), std::string::npos) << r.err;
}

TEST(DescribeCommand, OneModule) {
  const Result r = run("describe example.markov_chain");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("example.markov_chain.initial_shares (list, share)"), std::string::npos) << r.out;
}

TEST(DescribeCommand, MarkdownEqualsTheCheckedInReference) {
  const Result r = run("describe --markdown");
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(r.out == slurp(source_dir() + "/docs/scenario-reference.md"))
      << "docs/scenario-reference.md is out of date; regenerate it with:\n"
         "  build/bin/pathways describe --markdown > docs/scenario-reference.md";
}

}  // namespace
}  // namespace pathways
