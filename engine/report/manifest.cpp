// manifest.json: what was run, with which inputs and software, and which checks passed.
#include <fmt/core.h>
#include <tbb/version.h>
#include <yaml-cpp/yaml.h>

#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "pathways/version.hpp"
#include "report/headline_metrics.hpp"
#include "report/writers.hpp"

namespace pathways {

std::string manifest_json(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  nlohmann::ordered_json j;
  j["pathways_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["compiler"] = kCompiler;
  j["libraries"] = {
      {"boost", BOOST_LIB_VERSION},
      {"tbb", TBB_VERSION_STRING},
      {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
      {"random123", "Philox4x64-10"}};
  j["command"] = info.command;
  j["seed"] = info.seed;
  j["threads"] = info.threads;
  j["ranks"] = info.ranks;
  j["jobs_per_rank"] = info.jobs_per_rank;
  j["busy_seconds_per_rank"] = info.busy_seconds_per_rank;
  j["jobs_resumed"] = info.jobs_resumed;
  j["replicates"] = info.replicates;
  j["wall_seconds"] = info.wall_seconds;
  j["events_processed"] = info.events;
  j["invariant_checks_passed"] = info.invariant_checks;
  j["invariants"] = info.invariants;
  j["economics"] = {
      {"perspective", std::string(kPerspectiveNames[static_cast<std::size_t>(info.economics.perspective)])},
      {"horizon", info.economics.lifetime ? "lifetime" : "policy_period"},
      {"wtp_usd_per_qaly", info.economics.wtp_usd_per_qaly},
      {"headline_wtp_usd_per_qaly", info.economics.headline_wtp},
      {"price_year", info.economics.price_year},
      {"cost_metric", info.economics.cost_metric()},
      {"qaly_metric", info.economics.qaly_metric()}};
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const auto& r : results) {
    nlohmann::ordered_json s;
    s["name"] = r.scenario.name;
    s["path"] = r.scenario.path;
    s["description"] = r.scenario.description;
    s["start_year"] = r.scenario.run.start_year;
    s["years"] = r.scenario.run.years;
    s["scale"] = r.scenario.run.scale;
    s["modules"] = r.scenario.run.modules;
    nlohmann::ordered_json uncertain = nlohmann::ordered_json::array();
    for (const auto& u : r.scenario.uncertain)
      uncertain.push_back({{"key", u.key}, {"dist", u.dist}, {"args", u.args}});
    s["uncertain_parameters"] = uncertain;
    if (r.scenario.posterior) {
      s["parameters_from"] = {{"path", r.scenario.posterior->path},
                              {"particles", r.scenario.posterior->rows.size()},
                              {"keys", r.scenario.posterior->keys}};
    }
    s["resolved_yaml"] = r.scenario.resolved_yaml;
    scenarios.push_back(s);
  }
  j["scenarios"] = scenarios;
  j["headline"] = nlohmann::ordered_json::parse(headline_json(info.economics));
  return j.dump(2) + "\n";
}

}  // namespace pathways
