// labels: e2e
// Crash safety: `compare` and `calibrate` killed (SIGKILL) at several points leave no half-written
// output; a compare resumes from its finished replicates and calibration from its checkpoint (even
// when killed before its first generation) to the bytes of an uninterrupted run; a resumed run never
// silently returns more generations than asked.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "support.hpp"

namespace pathways::e2e {
namespace {

/// Starts `pathways ARGS... --quiet` in the background, its output discarded.
pid_t start_pathways(std::vector<std::string> args) {
  args.insert(args.begin(), binary_dir() + "/bin/pathways");
  args.push_back("--quiet");
  const pid_t pid = start_quietly(std::move(args));
  EXPECT_GT(pid, 0);
  return pid;
}

/// Starts `pathways ARGS...`, kills it with SIGKILL after `after` (if still running), and reports
/// whether it was killed before finishing.
bool run_and_kill(const std::vector<std::string>& args, std::chrono::milliseconds after) {
  const pid_t pid = start_pathways(args);
  std::this_thread::sleep_for(after);
  const bool killed = ::kill(pid, SIGKILL) == 0;
  int status = 0;
  waitpid(pid, &status, 0);
  return killed && WIFSIGNALED(status);
}

std::string calibration_config() {
  return source_dir() + "/tests/calibration/data/good.yaml";
}

TEST(CrashSafety, ACompareKilledAnywhereLeavesNothingAndTheRerunHasTheSameBytes) {
  const auto whole = scratch("crash_compare_whole");
  const std::string args =
      "compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") + " --replicates 12 --seed 3";
  ASSERT_EQ(run(args + " --quiet --out " + whole.string()).exit_code, 0);
  int killed = 0;
  for (int ms : {5, 60, 250, 600}) {
    const auto out = scratch("crash_compare_" + std::to_string(ms));
    if (run_and_kill(words_of(args + " --out " + out.string()), std::chrono::milliseconds(ms))) {
      ++killed;
      // Killed: the target is absent (the folder appears whole or not at all).
      EXPECT_FALSE(std::filesystem::exists(out)) << ms << " ms";
    }
    // Run again (the stale temporary folder of the killed run is cleaned), same bytes as the whole run.
    ASSERT_EQ(run(args + " --quiet --force --out " + out.string()).exit_code, 0);
    for (const char* f : {"series.csv", "summary.csv", "comparison.csv", "economics.csv", "retention.csv"}) {
      EXPECT_EQ(read_file(out / f), read_file(whole / f)) << f << " after a kill at " << ms << " ms";
    }
    for (const auto& e : std::filesystem::directory_iterator(out.parent_path())) {
      EXPECT_EQ(e.path().filename().string().find("." + out.filename().string() + ".tmp-"), std::string::npos)
          << e.path();
    }
  }
  EXPECT_GE(killed, 2) << "the runs finished before they could be killed: make the test's run longer";
}

TEST(CrashSafety, ACompareKilledMidwayResumesWithoutRedoingFinishedReplicates) {
  const auto whole = scratch("resume_compare_whole");
  const auto out = scratch("resume_compare");
  const std::string args =
      "compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") + " --replicates 24 --seed 3";
  ASSERT_EQ(run(args + " --threads 2 --quiet --out " + whole.string()).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(jobs_folder(whole))) << "a finished run keeps no job records";

  const pid_t pid = start_pathways(words_of(args + " --threads 2 --out " + out.string()));
  const auto t0 = std::chrono::steady_clock::now();
  while (job_records(out) < 4 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed: make it longer";
  EXPECT_FALSE(std::filesystem::exists(out));
  const int kept = job_records(out);
  ASSERT_GE(kept, 4);
  ASSERT_LT(kept, 48);

  // Finished replicates are never discarded unasked.
  Result r = run(args + " --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("add --resume to continue it"), std::string::npos) << r.output;
  EXPECT_EQ(job_records(out), kept);
  // They belong to this run only.
  r = run("compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") +
          " --replicates 26 --seed 3 --resume --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("belong to a different run"), std::string::npos) << r.output;

  // Resumed on one thread: the bytes of the uninterrupted run, the kept replicates not run again.
  r = run(args + " --threads 1 --resume --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"series.csv", "summary.csv", "comparison.csv", "economics.csv", "retention.csv"}) {
    EXPECT_EQ(read_file(out / f), read_file(whole / f)) << f;
  }
  const std::string manifest = read_file(out / "manifest.json");
  const auto at = manifest.find("\"jobs_resumed\": ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::stoi(manifest.substr(at + 16)), kept);
  EXPECT_FALSE(std::filesystem::exists(jobs_folder(out)));
}

TEST(CrashSafety, ACalibrationKilledAnywhereResumesToTheSameBytes) {
  const auto whole = scratch("crash_cal_whole");
  std::filesystem::remove_all(whole.string() + ".checkpoint");
  ASSERT_EQ(
      run("calibrate " + calibration_config() + " --threads 2 --quiet --out " + whole.string()).exit_code, 0);
  int killed = 0, particles_kept = 0;
  // 2 ms: before the first generation (only the fingerprint, or nothing, is written); later: mid-way.
  for (int ms : {2, 40, 150, 400}) {
    const auto out = scratch("crash_cal_" + std::to_string(ms));
    std::filesystem::remove_all(out.string() + ".checkpoint");
    if (run_and_kill({"calibrate", calibration_config(), "--threads", "2", "--out", out.string()},
                     std::chrono::milliseconds(ms))) {
      ++killed;
      EXPECT_FALSE(std::filesystem::exists(out)) << ms << " ms";
      // Particles of the generation under way, kept as they finished.
      particles_kept += static_cast<int>(cluster::JobStore::count_records(out.string() + ".checkpoint/jobs"));
    }
    // Resume from whatever the checkpoint holds (a fresh start when it holds nothing).
    const Result r =
        run("calibrate " + calibration_config() + " --threads 1 --resume --quiet --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << "resume after a kill at " << ms << " ms:\n" << r.output;
    for (const char* f : {"posterior.csv", "generations.csv", "fit.csv"}) {
      EXPECT_EQ(read_file(out / f), read_file(whole / f)) << f << " after a kill at " << ms << " ms";
    }
    EXPECT_FALSE(std::filesystem::exists(out.string() + ".checkpoint/jobs"))
        << "kept particles are removed at the end";
  }
  EXPECT_GE(killed, 2);
  EXPECT_GT(particles_kept, 0) << "no kill fell inside a generation: the resumes did not reuse particles";
}

TEST(CrashSafety, ResumingWithFewerGenerationsThanTheCheckpointHoldsIsRefused) {
  const auto out = scratch("crash_cal_fewer");
  std::filesystem::remove_all(out.string() + ".checkpoint");
  ASSERT_EQ(run("calibrate " + calibration_config() + " --quiet --out " + out.string()).exit_code, 0);
  const Result r =
      run("calibrate " + calibration_config() + " --generations 2 --resume --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("already holds 3 generations, more than the 2 asked for"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace pathways::e2e
