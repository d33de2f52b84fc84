// `pathways run` and `pathways compare`: run scenarios as ensembles, write the outputs, print the headline.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/ensemble_runner.hpp"
#include "cli/run_outputs.hpp"
#include "cli/sensitivity_runner.hpp"
#include "cluster/cluster.hpp"
#include "cluster/job_store.hpp"
#include "core/ensemble.hpp"
#include "core/rng.hpp"
#include "io/files.hpp"
#include "io/output_folder.hpp"
#include "pathways/version.hpp"
#include "report/economics.hpp"
#include "report/headline_metrics.hpp"
#include "report/html_report.hpp"
#include "report/text_format.hpp"
#include "report/writers.hpp"
#include "scenario/country_defaults.hpp"

namespace pathways::cli {

namespace {

struct RunOptions {
  std::vector<std::string> files;
  int replicates = 0;  // 0: the (baseline) scenario's own
  std::uint64_t seed = 0;
  bool seed_given = false;
  int threads = 0;
  std::string out;
  std::vector<std::string> overrides;
  std::vector<double> wtp;  // empty: the baseline scenario's economics.wtp_usd_per_qaly
  bool quiet = false;
  bool force = false;
  bool resume = false;                  // keep the finished replicates of an interrupted run
  bool sensitivity = false;             // compare --sensitivity
  std::vector<std::string> parameters;  // --parameter KEY=LOW:HIGH
};

std::vector<Scenario> load_all(const RunOptions& o) {
  std::vector<Scenario> scenarios;
  std::vector<Diagnostic> problems;
  for (const auto& f : o.files) {
    try {
      scenarios.push_back(load_scenario(f, o.overrides));
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.diagnostics.begin(), e.diagnostics.end());
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  check_comparable(scenarios);
  return scenarios;
}

// Every file a run reads (scenarios, their bases and posteriors): the output may not hold any.
std::vector<std::string> input_files(const std::vector<Scenario>& scenarios) {
  std::vector<std::string> files;
  for (const auto& s : scenarios) {
    files.push_back(s.path);
    files.insert(files.end(), s.files_read.begin(), s.files_read.end());
  }
  return files;
}

// About 40 bytes per series.csv row of an assumed 400 metrics, plus the fixed-size files.
std::uintmax_t estimated_output_bytes(const std::vector<Scenario>& scenarios, const EnsembleOptions& e) {
  std::uintmax_t rows = 0;
  for (const auto& s : scenarios) {
    rows += static_cast<std::uintmax_t>(e.replicates) * static_cast<std::uintmax_t>(s.run.years) * 400u;
  }
  return rows * 40u + (4u << 20);
}

// Bytes per agent in a running replicate (measured: Viet Nam pack, 20,000 and 200,000 agents, peak
// resident memory 21 and 106 MB, about 470 bytes an agent; rounded up) and agent-years simulated per
// second on one core (China pack, 16 million agent-years in 51 s on 2 cores; rounded down).
constexpr double kBytesPerAgent = 600.0;
constexpr double kAgentYearsPerSecondPerThread = 100000.0;

// A run that would exhaust memory or take days is refused before it starts (with --force it goes on):
// a typo such as population.size 2e8 must cost a message, not a frozen machine.
void check_resources(const std::vector<Scenario>& scenarios, const EnsembleOptions& e,
                     std::size_t runs_per_scenario, bool force) {
  const auto cores = static_cast<unsigned>(cores_available());
  const double threads = e.threads > 0 ? e.threads : cores;
  double agents = 0.0, agent_years = 0.0, result_bytes = 0.0;
  for (const auto& s : scenarios) {
    const double n = s.params.has("population.size") ? s.params.number("population.size") : 0.0;
    agents = std::max(agents, n);
    agent_years += n * s.run.years * e.replicates * static_cast<double>(runs_per_scenario);
    // Every replicate's yearly series of about 800 metrics is kept until the files are written.
    result_bytes += 800.0 * 8.0 * s.run.years * e.replicates * static_cast<double>(runs_per_scenario);
  }
  const double memory = agents * kBytesPerAgent * std::min<double>(threads, e.replicates) + result_bytes;
  const double physical =
      static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGE_SIZE));
  const double hours =
      agent_years / (kAgentYearsPerSecondPerThread * std::min<double>(threads, cores)) / 3600.0;
  const std::string gib = fmt::format("{:.1f} GiB", memory / (1u << 30));
  if (force) return;
  if (physical > 0 && memory > 0.8 * physical) {
    throw UserError(
        fmt::format("{}: this run needs about {} of memory and the machine has {:.1f} GiB; use fewer "
                    "agents (population.size with a larger run.scale), fewer replicates or fewer "
                    "threads, or --force to try anyway",
                    scenarios.front().path, gib, physical / (1u << 30)));
  }
  if (hours > 24.0) {
    throw UserError(
        fmt::format("{}: this run would take about {:.0f} hours on {} threads ({:.2g} agent-years); use "
                    "fewer agents or replicates, or --force to run it anyway",
                    scenarios.front().path, hours, std::min<double>(threads, cores), agent_years));
  }
}

// Everything that determines a run's replicates, for the store of finished jobs: a resumed run
// must be the same run. Input files are hashed by content, the scenarios as resolved.
std::string run_fingerprint(const std::vector<Scenario>& scenarios, const EnsembleOptions& e,
                            const std::vector<SensitivityParameter>& varied, const std::string& command) {
  std::string text = fmt::format("pathways {} {}\ncommand {}\nseed {}\nreplicates {}\n", kVersion, kGitCommit,
                                 command, e.seed, e.replicates);
  for (const auto& s : scenarios) text += fmt::format("scenario {:016x}\n", stream_hash(s.resolved_yaml));
  for (const auto& f : input_files(scenarios)) {
    ReadFailure why;
    text += fmt::format("file {:016x}\n", stream_hash(read_regular_file(f, why).value_or("")));
  }
  for (const auto& v : varied) text += fmt::format("vary {} {} {}\n", v.key, v.low, v.high);
  return text;
}

// The folder of finished replicates of `target`, beside it (hidden).
std::filesystem::path jobs_folder(const std::filesystem::path& target) {
  return target.parent_path() / ("." + target.filename().string() + ".pathways-jobs");
}

// Opens the store of finished jobs. Without --resume, finished replicates of an interrupted run are
// never thrown away unasked: the user chooses --resume (continue) or --force (start afresh).
std::unique_ptr<cluster::JobStore> open_job_store(const std::filesystem::path& target, const std::string& fp,
                                                  const RunOptions& o) {
  const auto dir = jobs_folder(target);
  std::error_code ec;
  if (!o.resume && !o.force && std::filesystem::exists(dir / "fingerprint.txt", ec)) {
    const std::size_t kept = cluster::JobStore::count_records(dir);
    if (kept > 0) {
      throw UserError(fmt::format(
          "--out {}: an interrupted run left {} finished replicates in {}; add --resume to continue it, or "
          "--force to discard them and start afresh",
          printable(target.string()), kept, printable(dir.string())));
    }
  }
  return std::make_unique<cluster::JobStore>(dir, fp, o.resume);
}

void print_headline(const std::vector<ScenarioResults>& results, const std::vector<SummaryRow>& summary,
                    const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ) {
  const int years = results.front().scenario.run.years;
  const int start = results.front().scenario.run.start_year;
  const std::string interval = interval_kind_name(interval_kind(sampling_of(results.front().scenario)));
  fmt::print("\nHeadline, {}-{} ({} replicates; mean and 95% {})\n\n", start, start + years - 1,
             results.front().replicates.size(), interval);
  if (comparison.empty()) {
    fmt::print("{:<50} {:>18} {:>36}\n", "", "mean", "95% interval");
    for (const auto& o : headline_outcomes(econ)) {
      for (const auto& r : summary) {
        if (r.metric != o.metrics.front() || !std::isfinite(r.value.mean)) continue;
        fmt::print("{:<50} {:>18} {:>36}\n", o.label, format_value(r.value.mean, o.kind),
                   fmt::format("[{} to {}]", format_value(r.value.lo95, o.kind),
                               format_value(r.value.hi95, o.kind)));
      }
    }
    return;
  }
  for (std::size_t s = 1; s < results.size(); ++s) {
    const std::string& name = results[s].scenario.name;
    fmt::print("{} compared with {}:\n", name, results.front().scenario.name);
    fmt::print("{:<50} {:>18} {:>18} {:>18} {:>36}\n", "", "baseline", "scenario", "difference",
               "95% interval of difference");
    for (const auto& o : headline_outcomes(econ)) {
      for (const auto& r : comparison) {
        if (r.scenario != name || r.metric != o.metrics.front() || !std::isfinite(r.baseline_mean)) continue;
        const auto f = [&](double v) { return format_difference(v, o.kind); };
        fmt::print("{:<50} {:>18} {:>18} {:>18} {:>36}\n", o.label, format_value(r.baseline_mean, o.kind),
                   format_value(r.scenario_mean, o.kind), f(r.diff.mean),
                   fmt::format("[{} to {}]", f(r.diff.lo95), f(r.diff.hi95)));
      }
    }
    double d_cost = NAN, d_qaly = NAN;
    for (const auto& r : comparison) {
      if (r.scenario != name) continue;
      if (r.metric == econ.cost_metric()) d_cost = r.diff.mean;
      if (r.metric == econ.qaly_metric()) d_qaly = r.diff.mean;
    }
    fmt::print("Valued from the {}.\n", econ.describe());
    for (const auto& r : comparison) {
      if (r.scenario != name) continue;
      if (r.metric == "icer.usd_per_qaly_gained") {
        fmt::print("{:<50} {}\n", "Incremental cost per QALY gained",
                   icer_text(r.diff.mean, d_cost, d_qaly, "QALY gained", "QALY lost"));
      } else if (r.metric.rfind("prob_cost_effective.wtp_", 0) == 0) {
        const double wtp = std::strtod(r.metric.c_str() + 24, nullptr);
        const bool headline = econ.headline_wtp > 0.0 && std::abs(wtp - econ.headline_wtp) <= 0.5;
        fmt::print("{:<50} {:>18}{}\n", "P(cost-effective) at " + format_usd(wtp) + "/QALY",
                   format_percent(r.diff.mean), headline ? "  (the headline threshold)" : "");
      }
    }
    fmt::print("\n");
  }
}

int execute(const RunOptions& o, const std::string& command) {
  const bool first = cluster::is_first();  // the rank that prints and writes (the only one without MPI)
  std::vector<Scenario> loaded, scenarios;
  EnsembleOptions e;
  std::vector<SensitivityParameter> varied;
  const bool one_way = command == "sensitivity" || o.sensitivity;
  // Every rank reads and checks the same inputs; an error on any stops them all, printed once.
  cluster::on_every_rank([&] {
    loaded = load_all(o);
    // `pathways sensitivity` reports the base case (every parameter at its central value); run and
    // compare report the scenarios as written, distributions included.
    scenarios = command == "sensitivity" ? base_case(loaded) : loaded;
    const Scenario& base = scenarios.front();
    e = ensemble_options(base, o.replicates,
                         o.seed_given ? std::optional<std::uint64_t>(o.seed) : std::nullopt, o.threads,
                         !o.quiet);
    // Checked before anything runs: a sensitivity analysis with nothing to vary is an input error.
    varied = one_way ? sensitivity_parameters(loaded, o.parameters) : std::vector<SensitivityParameter>{};
    if (one_way && varied.empty()) {
      throw UserError(
          base.path +
          ": no parameter to vary: give parameters a distribution ({dist: ...}) in the scenario, or "
          "name them with --parameter KEY=LOW:HIGH");
    }
    check_resources(scenarios, e, one_way ? 1 + 2 * varied.size() : 1, o.force);
  });
  if (first) {
    for (const auto& s : loaded) {
      if (const std::string w = country_default_summary(s); !w.empty()) fmt::print(stderr, "{}\n", w);
    }
  }
  const Scenario& base = scenarios.front();
  // The output folder is checked (and its temporary folder made) before anything runs, so a
  // refused, unwritable or full location costs no simulation time. Only the first rank writes.
  std::string out = o.out;
  if (out.empty()) {
    std::string stem = std::filesystem::path(base.path).stem().string();
    out = "out/" + (command == "run" ? stem : command + "-" + stem);
  }
  std::unique_ptr<OutputFolder> folder;
  std::unique_ptr<cluster::JobStore> store;
  cluster::on_first_rank([&] {
    folder = std::make_unique<OutputFolder>(
        OutputRequest{"--out", out, o.force, input_files(scenarios), estimated_output_bytes(scenarios, e)});
    store = open_job_store(folder->target(), run_fingerprint(scenarios, e, varied, command), o);
    if (store->records_found() > 0 && !o.quiet) {
      fmt::print(stderr, "Resuming: {} finished replicates kept from the interrupted run\n",
                 store->records_found());
    }
  });
  cluster::BatchStats load;
  e.store = store.get();
  e.load = &load;

  const EconomicsOptions econ = EconomicsOptions::from(base, o.wtp);
  if (one_way && !o.quiet && first)
    fmt::print("One-way sensitivity: {} parameters, low and high\n", varied.size());
  const RunOutputs run = run_and_report(loaded, scenarios, e, econ, varied, command, o.threads);
  if (!first) return kExitOk;
  const auto& results = run.results;
  const auto& summary = run.summary;
  const auto& comparison = run.comparison;
  const RunInfo& info = run.info;
  const double wall = info.wall_seconds;
  for (const auto& [name, text] : run.files) {
    if (name == "manifest.json") {
      folder->write_manifest(text);
    } else {
      folder->write(name, text);
    }
  }
  folder->commit();
  store->remove();  // the output is whole: the finished jobs are no longer needed

  if (!o.quiet) {
    print_headline(results, summary, comparison, econ);
    fmt::print("{} events in {:.1f} s ({:.1f} M events/s)\n", info.events, wall,
               wall > 0 ? static_cast<double>(info.events) / wall / 1e6 : 0.0);
  }
  fmt::print("Results: {}/  (report: {}/report.html)\n", folder->target().string(),
             folder->target().string());
  return kExitOk;
}

void add_common_options(CLI::App* cmd, const std::shared_ptr<RunOptions>& o) {
  cmd->add_option("--replicates", o->replicates,
                  "Replicates per scenario (default: the scenario's run.replicates)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option_function<std::uint64_t>(
         "--seed", [o](const std::uint64_t& s) { o->seed = s, o->seed_given = true; },
         "Master seed (default: the scenario's run.seed, else 20261122)")
      ->check(seed_validator());
  cmd->add_option("--threads", o->threads, "Threads (default 0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--out", o->out, "Output folder (default: out/<scenario>)");
  cmd->add_option("--set", o->overrides,
                  "Override a value in every scenario, e.g. --set run.years=5 (VALUE is YAML)");
  cmd->add_flag("--quiet", o->quiet, "Print only the output path");
  cmd->add_flag(
      "--resume", o->resume,
      "Continue an interrupted run: keep the replicates it finished (they are kept as they complete, "
      "beside --out) and run only the rest; the outputs are the same bytes as an uninterrupted run");
  cmd->add_flag(
      "--force", o->force,
      "Replace an existing output folder that pathways wrote (never anything else), discard the finished "
      "replicates of an interrupted run, and run even when the run's estimated memory or time is beyond "
      "the machine (more than 80% of its memory or a day)");
}

void add_economics_options(CLI::App* cmd, const std::shared_ptr<RunOptions>& o) {
  cmd->add_option("--wtp", o->wtp,
                  "Willingness-to-pay thresholds, US$ per QALY, comma-separated (default: the baseline "
                  "scenario's economics.wtp_usd_per_qaly)")
      ->delimiter(',')
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < 0.0 ||
                v > 1e9) {
              return "expected a willingness to pay between 0 and 1e9 US$ per QALY, found '" +
                     printable(text, 40) + "'";
            }
            return "";
          },
          "US$ per QALY", "wtp"));
}

void add_parameter_option(CLI::App* cmd, const std::shared_ptr<RunOptions>& o) {
  cmd->add_option("--parameter", o->parameters,
                  "One-way sensitivity: also vary KEY over LOW:HIGH (repeatable), e.g. "
                  "--parameter mmt.dropout_rate_per_year=0.1:0.4");
}

}  // namespace

std::pair<CLI::App*, std::function<int()>> add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd =
      app.add_subcommand("run", "Run one scenario as an ensemble of replicates and write its outputs");
  cmd->add_option("scenario", o->files, "Scenario file (YAML)")->required()->expected(1);
  add_common_options(cmd, o);
  return {cmd, [o]() { return execute(*o, "run"); }};
}

std::pair<CLI::App*, std::function<int()>> add_sensitivity_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "sensitivity",
      "One-way sensitivity analysis: the base case (parameters at their central values), then each "
      "uncertain parameter at the low and high ends of its range; tornado charts and sensitivity.csv");
  cmd->add_option("scenarios", o->files, "BASELINE.yaml [ALTERNATIVE.yaml...]")
      ->required()
      ->expected(1, 1000);
  add_common_options(cmd, o);
  add_economics_options(cmd, o);
  add_parameter_option(cmd, o);
  return {cmd, [o]() { return execute(*o, "sensitivity"); }};
}

std::pair<CLI::App*, std::function<int()>> add_compare_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "compare", "Compare alternatives with a baseline scenario (common random numbers, paired differences)");
  cmd->add_option("scenarios", o->files, "BASELINE.yaml ALTERNATIVE.yaml...")->required()->expected(2, 1000);
  add_common_options(cmd, o);
  add_economics_options(cmd, o);
  cmd->add_flag("--sensitivity", o->sensitivity,
                "Also run a one-way sensitivity analysis over every uncertain parameter (and --parameter) "
                "and add its tornado charts to the report");
  add_parameter_option(cmd, o);
  return {cmd, [o]() { return execute(*o, "compare"); }};
}

}  // namespace pathways::cli
