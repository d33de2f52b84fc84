// A fixture module ("test.scenario") declaring one parameter of every type, a share group and
// ranges suited to each distribution, for the scenario loader's tests.
#include <memory>

#include "core/module.hpp"

namespace pathways {
namespace {

class NoOp final : public Module {
 public:
  void init(Simulation&) override {}
  void handle(Simulation&, const Event&) override {}
};

std::vector<ParamSpec> test_params() {
  const std::string src = "test fixture";
  auto warn = lever_param("test.scenario.route.warn", "share", 0.5, 0, 1, src, "Share warned.");
  auto detain = lever_param("test.scenario.route.detain", "share", 0.3, 0, 1, src, "Share detained.");
  auto divert = lever_param("test.scenario.route.divert", "share", 0.2, 0, 1, src, "Share diverted.");
  for (auto* s : {&warn, &detain, &divert}) s->share_group = "route";
  auto shares = list_param("test.scenario.shares", "share", {0.2, 0.3, 0.5}, 0, 1, 3, src, "Three shares.");
  shares.list_sums_to_one = true;
  return {
      number_param("test.scenario.prob", "probability", 0.5, 0, 1, src, "A probability."),
      number_param("test.scenario.rate_per_year", "per year", 1.0, 0, 1e6, src, "A rate."),
      number_param("test.scenario.effect", "", 0.0, -100, 100, src, "A signed effect."),
      integer_param("test.scenario.count", "people", 10, 0, 1000, src, "A count."),
      bool_param("test.scenario.enabled", false, src, "A switch."),
      lever_param("test.scenario.capacity", "persons", 1000, 0, 1e9, src, "A capacity lever."),
      choice_param("test.scenario.mode", "fast", {"fast", "slow"}, src, "A choice."),
      shares,
      warn,
      detain,
      divert,
  };
}

const ModuleRegistration registration{ModuleInfo{.type = "test.scenario",
                                                 .description = "Fixture module for scenario tests",
                                                 .params = test_params(),
                                                 .create = [] { return std::unique_ptr<Module>(new NoOp()); },
                                                 .order = 9009}};

}  // namespace
}  // namespace pathways
