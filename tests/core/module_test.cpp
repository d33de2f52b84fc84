// labels: unit
// Modules: the registry is in declared order with unique orders, every need and use points to an
// earlier module, a run orders modules by declaration whatever the list says, and notifications go
// only to subscribers, once each, in FIFO order, never re-entering a module.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/simulation.hpp"

namespace pathways {
namespace {

constexpr ChangeFlags kRed = 1u << (change::kFirstModelBit + 0);
constexpr ChangeFlags kBlue = 1u << (change::kFirstModelBit + 1);

std::vector<std::string> g_log;  ///< "module:agent:flags" of every delivery, in order
int g_depth = 0, g_max_depth = 0;

/// Red: on a red change of agent 0 it raises a blue change of agent 1 (from inside a delivery).
class Red final : public Module {
 public:
  void init(Simulation&) override {}
  void start(Simulation& sim) override { sim.add_agents(2); }
  void handle(Simulation&, const Event&) override {}
  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    ++g_depth;
    g_max_depth = std::max(g_max_depth, g_depth);
    g_log.push_back("red:" + std::to_string(a) + ":" + std::to_string(what));
    if (a == 0) sim.notify(1, kBlue);
    --g_depth;
  }
};
class Blue final : public Module {
 public:
  void init(Simulation&) override {}
  void handle(Simulation&, const Event&) override {}
  void on_agent_changed(Simulation&, AgentId a, ChangeFlags what) override {
    ++g_depth;
    g_max_depth = std::max(g_max_depth, g_depth);
    g_log.push_back("blue:" + std::to_string(a) + ":" + std::to_string(what));
    --g_depth;
  }
};
const ModuleRegistration red{ModuleInfo{.type = "test.red",
                                        .description = "subscribes to red",
                                        .create = [] { return std::unique_ptr<Module>(new Red()); },
                                        .order = 9101,
                                        .subscribes = kRed}};
const ModuleRegistration blue{ModuleInfo{.type = "test.blue",
                                         .description = "subscribes to blue and red",
                                         .create = [] { return std::unique_ptr<Module>(new Blue()); },
                                         .order = 9100,
                                         .subscribes = kBlue | kRed}};

TEST(Modules, RegistryIsInDeclaredOrderAndOrdersAreUnique) {
  const auto& all = registered_modules();
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].order, all[i].order) << all[i].type;
  EXPECT_THROW(ModuleRegistration(ModuleInfo{.type = "test.clash", .order = 9100}), std::logic_error);
  EXPECT_THROW(ModuleRegistration(ModuleInfo{.type = "test.red", .order = 9999}), std::logic_error);
}

// A module may rely on what it needs or uses being initialised before it: they come earlier.
TEST(Modules, EveryNeedAndUseIsProvidedByAnEarlierModule) {
  for (const auto& m : registered_modules()) {
    std::vector<std::string> wanted = m.needs;
    wanted.insert(wanted.end(), m.uses.begin(), m.uses.end());
    for (const auto& w : wanted) {
      bool found = false;
      for (const auto& p : registered_modules()) {
        const bool provides =
            p.type == w || std::find(p.provides.begin(), p.provides.end(), w) != p.provides.end();
        if (!provides) continue;
        found = true;
        EXPECT_LT(p.order, m.order) << m.type << " needs " << w << " from the later " << p.type;
      }
      EXPECT_TRUE(found) << m.type << " needs " << w << ", which no module provides";
    }
  }
}

TEST(Modules, ARunUsesDeclaredOrderWhateverTheListOrder) {
  RunConfig c;
  c.modules = {"test.red", "test.blue"};
  c.years = 1;
  Simulation sim(c, ParamValues{});
  EXPECT_EQ(sim.module_types(), (std::vector<std::string>{"test.blue", "test.red"}));
}

TEST(Modules, NotificationsReachSubscribersOnceInOrderWithoutReentry) {
  RunConfig c;
  c.modules = {"test.red", "test.blue"};
  c.years = 1;
  Simulation sim(c, ParamValues{});
  sim.run();
  g_log.clear();
  g_depth = g_max_depth = 0;
  sim.notify(0, kRed);
  // Blue (order 9100) then red hear the red change of 0; red's blue change of 1 is delivered after
  // the red change is done, to blue only.
  EXPECT_EQ(g_log,
            (std::vector<std::string>{"blue:0:" + std::to_string(kRed), "red:0:" + std::to_string(kRed),
                                      "blue:1:" + std::to_string(kBlue)}));
  EXPECT_EQ(g_max_depth, 1);
}

}  // namespace
}  // namespace pathways
