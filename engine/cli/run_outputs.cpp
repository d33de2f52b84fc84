// Runs an ensemble and builds every output file's text (see run_outputs.hpp).
#include "cli/run_outputs.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "cli/commands.hpp"
#include "cluster/cluster.hpp"
#include "report/html_report.hpp"

namespace pathways::cli {

const std::string& RunOutputs::file(const std::string& name) const {
  for (const auto& [n, text] : files) {
    if (n == name) return text;
  }
  throw std::out_of_range("this run wrote no " + name);
}

void check_comparable(const std::vector<Scenario>& scenarios) {
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    // Rows of every output are keyed by name: two plans of one name could not be told apart.
    for (std::size_t j = 0; j < i; ++j) {
      if (scenarios[i].name == scenarios[j].name) {
        throw UserError(
            fmt::format("{}: name: expected a name different from every other scenario of the "
                        "comparison, found '{}' as in {}",
                        scenarios[i].path, scenarios[i].name, scenarios[j].path));
      }
    }
    const auto& a = scenarios.front().run;
    const auto& b = scenarios[i].run;
    if (scenarios[i].inner_replicates != scenarios.front().inner_replicates) {
      throw UserError(fmt::format(
          "{}: run.inner_replicates: expected {} as in the baseline {}, found {}; a comparison pairs "
          "parameter draws",
          scenarios[i].path, scenarios.front().inner_replicates, scenarios.front().path,
          scenarios[i].inner_replicates));
    }
    if (a.start_year != b.start_year || a.years != b.years || a.scale != b.scale) {
      throw UserError(
          fmt::format("{}: run: expected the same start_year, years and scale as the baseline {} ({}, {}, "
                      "{}), found ({}, {}, {}); a comparison pairs replicates year by year",
                      scenarios[i].path, scenarios.front().path, a.start_year, a.years, a.scale, b.start_year,
                      b.years, b.scale));
    }
  }
}

EnsembleOptions ensemble_options(const Scenario& base, int replicates, std::optional<std::uint64_t> seed,
                                 int threads, bool progress) {
  EnsembleOptions e;
  e.seed = seed ? *seed : base.seed.value_or(kDefaultSeed);
  e.replicates = replicates > 0 ? replicates : base.replicates;
  if (e.replicates % base.inner_replicates != 0) {
    throw UserError(
        fmt::format("--replicates: expected a multiple of run.inner_replicates ({}) of {}, found {}",
                    base.inner_replicates, base.path, e.replicates));
  }
  e.threads = threads;
  e.progress = progress;
  return e;
}

RunOutputs run_and_report(const std::vector<Scenario>& loaded, const std::vector<Scenario>& scenarios,
                          const EnsembleOptions& e, const EconomicsOptions& econ,
                          const std::vector<SensitivityParameter>& varied, const std::string& command,
                          int threads_requested) {
  RunOutputs out;
  const auto t0 = std::chrono::steady_clock::now();
  out.results = run_ensemble(scenarios, e);
  std::optional<Sensitivity> sensitivity;
  if (!varied.empty()) {
    // The scenarios' own results are the base case when no parameter of theirs is drawn.
    const bool drawn = std::any_of(scenarios.begin(), scenarios.end(),
                                   [](const Scenario& s) { return !s.uncertain.empty(); });
    sensitivity =
        run_sensitivity(loaded, varied, e, econ, drawn ? std::vector<ScenarioResults>{} : out.results);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  RunInfo& info = out.info;
  info.command = command;
  info.seed = e.seed;
  info.threads = cluster::threads_per_rank(threads_requested);  // the number used, not the number asked for
  info.ranks = cluster::ranks();
  if (e.load) {
    info.jobs_per_rank = e.load->jobs;
    info.busy_seconds_per_rank = e.load->busy_seconds;
    info.jobs_resumed = e.load->resumed;
  }
  info.replicates = e.replicates;
  info.wall_seconds = wall;
  info.economics = econ;
  for (const auto& r : out.results) {
    for (const auto& t : r.replicates) info.events += t.events;
    const auto& mods = r.scenario.run.modules;
    if (std::find(mods.begin(), mods.end(), "model.settings") != mods.end()) {
      info.invariant_checks +=
          static_cast<std::uint64_t>(r.replicates.size()) * static_cast<std::uint64_t>(r.scenario.run.years);
    }
  }
  info.invariants = {"people across settings equal people alive, at every year end of every replicate",
                     "every replicate's event loop reached the horizon"};

  const bool comparing = out.results.size() > 1;
  out.summary = summarise(out.results);
  if (comparing) out.comparison = compare(out.results, econ);

  auto& f = out.files;
  f.emplace_back("series.csv", series_csv(out.results));
  f.emplace_back("summary.csv", summary_csv(out.summary));
  f.emplace_back("retention.csv", retention_csv(out.results));
  if (comparing) {
    f.emplace_back("comparison.csv", comparison_csv(out.comparison));
    const Incremental inc = incremental_analysis(out.results, econ);
    f.emplace_back("economics.csv", economics_csv(inc, econ));
    if (!inc.wtp.empty()) {
      f.emplace_back("value_of_information.csv",
                     value_of_information_csv(inc, parameter_value_of_information(out.results, inc, e.seed)));
    }
  }
  if (sensitivity) f.emplace_back("sensitivity.csv", sensitivity_csv(*sensitivity));
  f.emplace_back("report.html", render_report(out.results, out.summary, out.comparison, info,
                                              sensitivity ? &*sensitivity : nullptr));
  f.emplace_back("manifest.json", manifest_json(out.results, info));
  return out;
}

}  // namespace pathways::cli
