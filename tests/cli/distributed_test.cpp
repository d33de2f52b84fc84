// labels: e2e determinism mpi
// `pathways` under mpirun: compare, sensitivity and calibrate give the bytes of the threaded run on 1,
// 2 and 3 ranks; a rank killed mid-way stops the run without output, and so does the whole run killed;
// either resumes with --resume, on any number of ranks, to the same bytes without rerunning the
// replicates it finished.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "support.hpp"

namespace pathways::e2e {
namespace {

namespace fs = std::filesystem;

std::string mpirun(int ranks) {
  return std::string(std::getenv("PATHWAYS_MPIEXEC")) + " -n " + std::to_string(ranks) + " --oversubscribe ";
}

/// `mpirun -n RANKS pathways ARGS`, its output and exit code.
Result run_on(int ranks, const std::string& args) {
  return run_shell(mpirun(ranks) + binary_dir() + "/bin/pathways " + args);
}

void expect_same_files(const fs::path& a, const fs::path& b, const std::vector<std::string>& files) {
  for (const auto& f : files) {
    ASSERT_TRUE(fs::exists(b / f)) << b / f;
    EXPECT_EQ(read_file(a / f), read_file(b / f)) << f << ": " << a << " against " << b;
  }
}

const std::vector<std::string> kCompareFiles = {"series.csv", "summary.csv", "comparison.csv",
                                                "economics.csv", "retention.csv"};

std::string compare_args() {
  return "compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") + " --replicates 12 --seed 8";
}

TEST(Distributed, CompareIsTheSameBytesOnOneTwoAndThreeRanks) {
  const auto threaded = scratch("mpi_compare_threads");
  ASSERT_EQ(run(compare_args() + " --threads 2 --quiet --out " + threaded.string()).exit_code, 0);
  for (int ranks : {1, 2, 3}) {
    const auto out = scratch("mpi_compare_" + std::to_string(ranks));
    const Result r = run_on(ranks, compare_args() + " --threads 1 --quiet --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    expect_same_files(threaded, out, kCompareFiles);
    const std::string manifest = read_file(out / "manifest.json");
    EXPECT_NE(manifest.find("\"ranks\": " + std::to_string(ranks)), std::string::npos);
  }
}

TEST(Distributed, SensitivityIsTheSameBytesOnTwoRanks) {
  const std::string args = "sensitivity " + data("small_sensitivity.yaml") + " --replicates 2 --quiet --out ";
  const auto threaded = scratch("mpi_sens_threads");
  const auto two = scratch("mpi_sens_2");
  ASSERT_EQ(run(args + threaded.string()).exit_code, 0);
  const Result r = run_on(2, args + two.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_files(threaded, two, {"series.csv", "summary.csv", "sensitivity.csv"});
}

TEST(Distributed, CalibrationIsTheSameBytesOnOneTwoAndThreeRanks) {
  const std::string config = source_dir() + "/tests/calibration/data/good.yaml";
  const auto threaded = scratch("mpi_cal_threads");
  fs::remove_all(threaded.string() + ".checkpoint");
  ASSERT_EQ(run("calibrate " + config + " --threads 2 --quiet --out " + threaded.string()).exit_code, 0);
  for (int ranks : {1, 2, 3}) {
    const auto out = scratch("mpi_cal_" + std::to_string(ranks));
    fs::remove_all(out.string() + ".checkpoint");
    const Result r = run_on(ranks, "calibrate " + config + " --threads 1 --quiet --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    expect_same_files(threaded, out, {"posterior.csv", "generations.csv", "fit.csv"});
  }
}

/// Starts `mpirun -n RANKS pathways ARGS` in the background, output discarded.
pid_t start_on(int ranks, const std::string& args) {
  return start_quietly(words_of(mpirun(ranks) + binary_dir() + "/bin/pathways " + args));
}

/// The process ids of mpirun `launcher`'s ranks, by rank (read from /proc).
std::map<int, pid_t> ranks_of(pid_t launcher) {
  std::map<int, pid_t> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    const std::string stat = read_file(e.path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent != launcher) continue;
    const std::string env = read_file(e.path() / "environ");
    const std::string key = std::string("OMPI_COMM_WORLD_RANK=");
    const auto at = env.find(key);
    if (at != std::string::npos) out[std::stoi(env.substr(at + key.size()))] = std::stoi(name);
  }
  return out;
}

bool wait_for_records(const fs::path& out, int n) {
  const auto t0 = std::chrono::steady_clock::now();
  while (job_records(out) < n) {
    if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(60)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::string long_compare_args() {
  return "compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") + " --replicates 30 --seed 9";
}

void resume_and_check(const fs::path& out, int ranks, int kept) {
  const auto whole = scratch("mpi_resume_whole_" + out.filename().string());
  ASSERT_EQ(run(long_compare_args() + " --threads 2 --quiet --out " + whole.string()).exit_code, 0);
  const Result r = run_on(ranks, long_compare_args() + " --threads 1 --resume --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_files(whole, out, kCompareFiles);
  const std::string manifest = read_file(out / "manifest.json");
  const auto at = manifest.find("\"jobs_resumed\": ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::stoi(manifest.substr(at + 16)), kept);
  EXPECT_FALSE(fs::exists(jobs_folder(out)));
}

TEST(Distributed, AKilledRankStopsTheRunWithoutOutputAndTheRunResumes) {
  const auto out = scratch("mpi_kill_rank");
  const pid_t launcher = start_on(2, long_compare_args() + " --threads 1 --quiet --out " + out.string());
  ASSERT_TRUE(wait_for_records(out, 4));
  const auto ranks = ranks_of(launcher);
  ASSERT_EQ(ranks.count(1), 1u) << "rank 1 not found among mpirun's children";
  ::kill(ranks.at(1), SIGKILL);  // as a failed node would
  int status = 0;
  waitpid(launcher, &status, 0);
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a run that lost a rank reported success";
  EXPECT_FALSE(fs::exists(out)) << "no partial output";
  const int kept = job_records(out);
  ASSERT_GE(kept, 4);
  ASSERT_LT(kept, 60) << "the run had finished: make it longer";
  resume_and_check(out, 3, kept);
}

TEST(Distributed, AWholeRunKilledResumesOnAnotherRankCount) {
  const auto out = scratch("mpi_kill_all");
  const pid_t launcher = start_on(3, long_compare_args() + " --threads 1 --quiet --out " + out.string());
  ASSERT_TRUE(wait_for_records(out, 6));
  // A batch system's time limit: every process at once.
  for (const auto& [rank, pid] : ranks_of(launcher)) ::kill(pid, SIGKILL);
  ::kill(launcher, SIGKILL);
  int status = 0;
  waitpid(launcher, &status, 0);
  EXPECT_FALSE(fs::exists(out));
  const int kept = job_records(out);
  ASSERT_LT(kept, 60) << "the run had finished: make it longer";
  resume_and_check(out, 2, kept);
}

TEST(Distributed, BadInputIsOneMessageAndExitTwo) {
  const auto out = scratch("mpi_bad");
  const Result r = run_on(2, "run " + data("bad_negative_capacity.yaml") + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  // Printed by the first rank only.
  const std::string first_line = r.output.substr(0, r.output.find('\n'));
  ASSERT_FALSE(first_line.empty());
  EXPECT_EQ(r.output.find(first_line, first_line.size()), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace pathways::e2e
