// `pathways calibrate`: fit free parameters of a baseline scenario to country targets and write the
// posterior, the fit and a report into an atomic output folder; resumable by generation.
#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "calibration/calibration.hpp"
#include "calibration/output.hpp"
#include "cli/commands.hpp"
#include "cluster/cluster.hpp"
#include "io/output_folder.hpp"
#include "report/writers.hpp"

namespace pathways::cli {

namespace {

struct CalibrateCli {
  std::string config;
  std::string out;
  calibration::CalibrateOptions options;
  bool quiet = false;
  bool force = false;
};

int execute(CalibrateCli& o) {
  // A ScenarioError (bad config, targets or base scenario) reaches main: every diagnostic, exit 2.
  // Every rank reads the same inputs and agrees on any error, printed once.
  calibration::CalibrationConfig c;
  cluster::on_every_rank([&] { c = calibration::load_calibration(o.config); });
  const std::string target = output_target(o.out).string();
  std::vector<std::string> inputs = {c.path, c.base.path};
  inputs.insert(inputs.end(), c.base.files_read.begin(), c.base.files_read.end());
  // Checked before the first simulation; posterior, fit and report are small. Only the first rank
  // writes. --resume continues the same calibration, so it may replace the output that calibration wrote.
  std::unique_ptr<OutputFolder> folder;
  cluster::on_first_rank([&] {
    folder = std::make_unique<OutputFolder>(
        OutputRequest{"--out", target, o.force || o.options.resume, inputs, 64u << 20});
  });
  o.options.checkpoint_dir = target + ".checkpoint";
  o.options.progress = !o.quiet;
  const auto t0 = std::chrono::steady_clock::now();
  calibration::CalibrationOutcome r;
  try {
    r = calibration::calibrate(c, o.options);
  } catch (const cluster::RemoteError&) {
    throw;
  } catch (const std::runtime_error& e) {
    if (o.options.resume) throw UserError(e.what());
    throw;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!cluster::is_first()) return kExitOk;

  folder->write("posterior.csv", calibration::posterior_csv(r.keys, r.posterior));
  folder->write("generations.csv", calibration::generations_csv(r.history));
  folder->write("fit.csv", calibration::fit_csv(r.fit));
  folder->write("report.html", calibration::calibration_report_html(c, r));
  folder->write_manifest(
      calibration::calibration_manifest_json(c, r, cluster::threads_per_rank(o.options.threads), wall));
  folder->commit();

  if (!o.quiet) {
    fmt::print("{} simulations in {:.1f} s; stopped: {}\n", r.simulations, wall, r.stop_reason);
    int met = 0;
    for (const auto& f : r.fit) met += f.within ? 1 : 0;
    fmt::print("{} of {} targets inside the posterior predictive 95% interval\n", met, r.fit.size());
  }
  fmt::print("Results: {}/  (report: {}/report.html; checkpoints: {}/)\n", folder->target().string(),
             folder->target().string(), o.options.checkpoint_dir);
  return kExitOk;
}

}  // namespace

std::pair<CLI::App*, std::function<int()>> add_calibrate_command(CLI::App& app) {
  auto o = std::make_shared<CalibrateCli>();
  auto* cmd =
      app.add_subcommand("calibrate",
                         "Calibrate a baseline scenario to country targets (ABC-SMC or Latin hypercube + "
                         "Nelder-Mead); writes posterior.csv, fit.csv and a report");
  cmd->add_option("config", o->config, "Calibration file (YAML), e.g. calibration/viet_nam.yaml")->required();
  cmd->add_option("--out", o->out, "Output folder (checkpoints go to OUT.checkpoint)")->required();
  cmd->add_option("--particles", o->options.particles, "Particles (default: the config's method.particles)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--generations", o->options.generations,
                  "Generations including the prior sample (default: the config's method.generations)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--threads", o->options.threads,
                  "Threads (default 0: all cores); results do not depend on it")
      ->check(CLI::Range(0, 4096));
  cmd->add_option_function<std::uint64_t>(
         "--seed", [o](const std::uint64_t& s) { o->options.seed = s, o->options.seed_given = true; },
         "Seed (default: the config's method.seed)")
      ->check(seed_validator());
  cmd->add_flag("--resume", o->options.resume,
                "Continue from the last finished generation in OUT.checkpoint (same config and settings)");
  cmd->add_flag("--quiet", o->quiet, "Print only the output path");
  cmd->add_flag("--force", o->force,
                "Replace an existing output folder that pathways wrote (never anything else)");
  return {cmd, [o]() { return execute(*o); }};
}

}  // namespace pathways::cli
