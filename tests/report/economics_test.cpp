// The incremental analysis against a hand-worked example with a strongly dominated and an
// extendedly dominated strategy (Drummond et al., Methods for the Economic Evaluation of Health
// Care Programmes, 4th ed., ch. 4 rules), and net benefit, acceptability and EVPI on replicates.
#include "report/economics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pathways {
namespace {

TEST(IncrementalAnalysis, HandWorkedExampleWithDominanceAndExtendedDominance) {
  // Cost and QALYs, by hand:
  //   A 10,000 10.0
  //   B 12,000 10.5   vs A: 2,000 / 0.5 = 4,000 per QALY
  //   C 15,000 10.4   costs more than B and gains less: dominated by B
  //   D 20,000 10.9   vs B: 8,000 / 0.4 = 20,000
  //   E 24,000 11.5   vs D: 4,000 / 0.6 = 6,667 < 20,000, so D is extendedly dominated
  // Frontier A, B, E; E vs B: 12,000 / 1.0 = 12,000 per QALY.
  const Incremental inc =
      incremental_from_means({"A", "B", "C", "D", "E"}, {10000, 12000, 15000, 20000, 24000},
                             {10.0, 10.5, 10.4, 10.9, 11.5}, {10000.0, 15000.0});
  ASSERT_EQ(inc.strategies.size(), 5u);
  const auto& s = inc.strategies;
  EXPECT_EQ(s[0].status, Strategy::Status::Frontier);
  EXPECT_EQ(s[1].status, Strategy::Status::Frontier);
  EXPECT_EQ(s[2].status, Strategy::Status::Dominated);
  EXPECT_EQ(s[2].dominated_by, "B");
  EXPECT_EQ(s[3].status, Strategy::Status::ExtendedlyDominated);
  EXPECT_EQ(s[3].dominated_by, "B and E");
  EXPECT_EQ(s[4].status, Strategy::Status::Frontier);
  EXPECT_TRUE(std::isnan(s[0].icer));
  EXPECT_NEAR(s[1].icer, 4000.0, 1e-9);
  EXPECT_NEAR(s[4].icer, 12000.0, 1e-9);
  EXPECT_TRUE(std::isnan(s[2].icer));
  EXPECT_TRUE(std::isnan(s[3].icer));
  // Net monetary benefit at 10,000: A 90,000, B 93,000, C 89,000, D 89,000, E 91,000: B is optimal.
  EXPECT_NEAR(s[1].nmb[0], 93000.0, 1e-9);
  EXPECT_EQ(s[1].prob_optimal[0], 1.0);
  // At 15,000 (above E's ICER of 12,000) E is optimal: 148,500 against B's 145,500.
  EXPECT_EQ(s[4].prob_optimal[1], 1.0);
  EXPECT_EQ(s[1].prob_optimal[1], 0.0);
}

TEST(IncrementalAnalysis, EqualCostAndEffectIsNotDominance) {
  const Incremental inc = incremental_from_means({"A", "B"}, {100, 100}, {1.0, 1.0}, {});
  EXPECT_EQ(inc.strategies[0].status, Strategy::Status::Frontier);
  EXPECT_EQ(inc.strategies[1].status, Strategy::Status::Frontier);
}

ScenarioResults with_replicates(const std::string& name, const std::vector<double>& cost,
                                const std::vector<double>& qalys) {
  ScenarioResults r;
  r.scenario.name = name;
  r.scenario.uncertain.push_back(UncertainParam{"x", "normal", {0.0, 1.0}, ""});
  for (std::size_t i = 0; i < cost.size(); ++i) {
    SeriesTable t;
    t.years = 1;
    t.metrics = {MetricInfo{"cost.perspective_government_usd_discounted", MetricKind::Flow, true},
                 MetricInfo{"health.lifetime_qalys_discounted", MetricKind::Flow, true}};
    t.values = {{cost[i]}, {qalys[i]}};
    r.replicates.push_back(t);
  }
  return r;
}

TEST(IncrementalAnalysis, AcceptabilityAndEvpiFromPairedReplicates) {
  // Two replicates (parameter draws). At 1,000 per QALY the net benefits are
  //   A: 1000*10 - 5000 = 5000,    1000*10 - 5000 = 5000
  //   B: 1000*12 - 6000 = 6000,    1000*9  - 6000 = 3000
  // B is best in draw 1, A in draw 2: each optimal half the time. Choosing on the means picks B
  // (4,500) or A (5,000): A; with perfect information 0.5 * 6000 + 0.5 * 5000 = 5,500, so EVPI 500.
  EconomicsOptions econ;
  econ.wtp_usd_per_qaly = {1000.0};
  const std::vector<ScenarioResults> results = {with_replicates("A", {5000, 5000}, {10, 10}),
                                                with_replicates("B", {6000, 6000}, {12, 9})};
  const Incremental inc = incremental_analysis(results, econ);
  ASSERT_EQ(inc.strategies.size(), 2u);
  EXPECT_EQ(inc.strategies[0].prob_optimal[0], 0.5);
  EXPECT_EQ(inc.strategies[1].prob_optimal[0], 0.5);
  EXPECT_NEAR(inc.strategies[0].nmb[0], 5000.0, 1e-9);
  EXPECT_NEAR(inc.strategies[1].nmb[0], 4500.0, 1e-9);
  EXPECT_NEAR(inc.evpi_usd[0], 500.0, 1e-9);
  // B costs 1,000 more for 0.5 more QALYs on average: 2,000 per QALY along the frontier.
  EXPECT_NEAR(inc.strategies[1].icer, 2000.0, 1e-9);
}

TEST(IncrementalAnalysis, PartialValueOfInformationByBinning) {
  // 36 draws of x = 0..35; at 1 per QALY, A's net benefit is 0 and B's is x - 17.5 (mean 0, so
  // on current information either is best: 0). Six bins of six draws have mean x - 17.5 of
  // -15, -9, -3, 3, 9, 15; knowing the bin one picks B in the last three: (3 + 9 + 15) / 6 = 4.5.
  Incremental inc = incremental_from_means({"A", "B"}, {0, 0}, {0, 0}, {1.0});
  std::vector<double> x(36);
  inc.draw_cost = {std::vector<double>(36, 0.0), std::vector<double>(36, 0.0)};
  inc.draw_qalys = {std::vector<double>(36, 0.0), std::vector<double>(36, 0.0)};
  for (int d = 0; d < 36; ++d) {
    x[static_cast<std::size_t>(d)] = d;
    inc.draw_qalys[1][static_cast<std::size_t>(d)] = d - 17.5;
  }
  const auto voi = partial_value_of_information(inc, {"x"}, {x});
  ASSERT_EQ(voi.size(), 1u);
  EXPECT_NEAR(voi[0].evppi_usd[0], 4.5, 1e-12);
  // Too few draws for bins of several draws each: nothing rather than a noisy number.
  inc.draw_cost[0].resize(10);
  EXPECT_TRUE(partial_value_of_information(inc, {"x"}, {x}).empty());
}

}  // namespace
}  // namespace pathways
