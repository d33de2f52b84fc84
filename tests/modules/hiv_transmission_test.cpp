// labels: oracle statistical
// process.hiv_transmission against closed forms: infection time of a fixed partnership (with the NSP lever
// and MMT), the logistic SI epidemic under complete mixing, degree distribution and mixing of the built
// network, partnership dynamics, detention and viral suppression.
#include <boost/graph/graph_traits.hpp>
#include <cmath>

#include "hiv_support.hpp"
#include "modules/harm_reduction.hpp"

namespace pathways {
namespace {

using namespace hiv_testing;
using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

const std::vector<std::string> kModules = {"model.settings", "test.hiv_cohort", "process.hiv_transmission",
                                           "test.holding"};

/// n pairs (2k infected chronic, 2k + 1 susceptible) joined by one partnership of type r.
void pairs(std::size_t n_pairs, Route r,
           const std::function<void(Simulation&, Model&, AgentId)>& extra = {}) {
  g_cohort = Cohort{};
  g_cohort.n = 2 * n_pairs;
  g_cohort.fill = [=](Simulation& sim, Model& m, AgentId a) {
    PartnerNetwork net = network(sim);
    if (a % 2 == 0) hiv_stage(sim)[a] = static_cast<std::uint8_t>(HivStage::Chronic);
    (*net.slots)[a][slot_begin(r)] = a % 2 == 0 ? a + 1 : a - 1;
    if (r == Route::Injecting) (*m.people.injecting)[a] = 1;
    if (extra) extra(sim, m, a);
  };
}

// One partnership at constant rate lambda: P(infected by t) = 1 - exp(-lambda t), checked at each year
// end with four binomial SEs (pairs are independent).
TEST(HivTransmission, FixedPartnershipInfectionTimeIsExponential) {
  const double n = 4000;
  const double lambda = 0.5;  // per year = 365 acts x 0.5/365 per act, no condoms
  pairs(4000, Route::Sexual);
  auto p = params_for(kModules, [&](ParamValues& v) {
    static_network(v);
    v.set_number("hiv.sex_acts_per_year", 365);
    v.set_number("hiv.per_act_sexual", lambda / 365);
    v.set_number("hiv.condom_use", 0);
  });
  const auto t = run_once(kModules, p, 11, 0, 4);
  double cumulative = 0;
  for (int k = 0; k < 4; ++k) {
    cumulative += value(t, "hiv.infections", k);
    const double years = year_end_day(k) / kDaysPerYear;
    expect_binomial(cumulative, n, 1 - std::exp(-lambda * years), "year " + std::to_string(k));
  }
  EXPECT_EQ(total(t, "hiv.infections_injecting"), 0);
  EXPECT_EQ(total(t, "hiv.infections_sexual"), total(t, "hiv.infections"));
}

// Needle sharing with the NSP lever stepping from 0 to 1 at the start of 2027 (reduction 0.5), for
// susceptible partners in the community and in MMT (sharing x 0.46): cumulative hazard
// H(t) = lambda m (t - 0.5 max(0, t - t_step)).
TEST(HivTransmission, NspLeverAndMmtScaleNeedleSharing) {
  const double n = 4000;
  const double lambda = 0.6;
  const Days step = Calendar{2025}.year_start(2027);
  pairs(4000, Route::Injecting, [](Simulation&, Model& m, AgentId a) {
    if (a % 2 == 1 && a % 4 == 3) m.place_initial(a, m.settings.id("mmt"), 0.0);
  });
  const std::vector<std::string> modules = {"model.settings", "test.hiv_cohort", "process.harm_reduction",
                                            "process.hiv_transmission", "test.stand_in_mmt"};
  auto p = params_for(modules, [&](ParamValues& v) {
    static_network(v);
    v.set_number("hiv.sharing_acts_per_year", 100);
    v.set_number("hiv.per_act_injecting", lambda / 100);
    v.set_number("hiv.nsp_sharing_reduction", 0.5);
    v.set_number("hiv.mmt_sharing_reduction", 0.54);
    v.set_lever("harm_reduction.nsp_coverage", Lever{{0.0, step}, {0.0, 1.0}, Interpolation::Step});
  });
  const auto t = run_once(modules, p, 12, 0, 4);
  double community = 0, mmt = 0;
  for (int k = 0; k < 4; ++k) {
    community += value(t, "hiv.infections_in_community", k);
    mmt += value(t, "hiv.infections_in_mmt", k);
    const double d = year_end_day(k);
    const double exposure = (d - 0.5 * std::max(0.0, d - step)) / kDaysPerYear;
    expect_binomial(community, n / 2.0, 1 - std::exp(-lambda * exposure), "community " + std::to_string(k));
    expect_binomial(mmt, n / 2.0, 1 - std::exp(-lambda * 0.46 * exposure), "mmt " + std::to_string(k));
  }
}

// Complete mixing: N injecting detainees each share with a random co-detainee, so a susceptible is
// infected at rate beta I / N (a complete graph with per-pair rate beta / N). The mean epidemic follows
// the logistic I(t) = N / (1 + (N / I0 - 1) exp(-beta t)) up to O(1) terms. Replicates are independent,
// so the mean over R replicates is within 4 empirical SE / sqrt(R) of it (plus 2 persons for the O(1)
// mean-field bias, negligible against the SE here).
TEST(HivTransmission, CompleteMixingFollowsLogisticSi) {
  const std::size_t n = 4000;
  const AgentId i0 = 200;
  const double beta = 1.5;
  g_cohort = Cohort{};
  g_cohort.n = n;
  g_cohort.fill = [=](Simulation& sim, Model& m, AgentId a) {
    (*m.people.injecting)[a] = 1;
    m.place_initial(a, m.settings.id("test_detention"), 0.0);
    if (a < i0) hiv_stage(sim)[a] = static_cast<std::uint8_t>(HivStage::Chronic);
  };
  auto p = params_for(kModules, [&](ParamValues& v) {
    static_network(v);
    v.set_map_entry("hiv.inside_sharing_rate_per_year", "detention", Lever::constant(100));
    v.set_number("hiv.per_act_injecting", beta / 100);
    v.set_number("hiv.acute_multiplier", 1.0);  // no cascade here: the newly infected stay acute
  });
  const int reps = 12, years = 4;
  std::vector<std::vector<double>> curves(years);
  for (int r = 0; r < reps; ++r) {
    const auto t = run_once(kModules, p, 13, static_cast<std::uint64_t>(r), years);
    double infected = i0;
    for (int k = 0; k < years; ++k) {
      infected += value(t, "hiv.infections_in_test_detention", k);
      curves[static_cast<std::size_t>(k)].push_back(infected);
    }
  }
  for (int k = 0; k < years; ++k) {
    const auto& c = curves[static_cast<std::size_t>(k)];
    double mean = 0, ss = 0;
    for (double x : c) mean += x / reps;
    for (double x : c) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / (reps - 1) / reps);
    const double t = year_end_day(k) / kDaysPerYear;
    const double logistic = 4000.0 / (1.0 + (4000.0 / 200.0 - 1.0) * std::exp(-beta * t));
    EXPECT_NEAR(mean, logistic, 4 * se + 2.0) << "year " << k << " se " << se;
  }
}

// The network built at the start: degrees follow the target shares (chi-square, 4 df, p = 0.001 critical
// value 18.47) and the share of partnerships within a region is m + (1 - m) / 2 with two equal regions
// (4 binomial SEs over partnerships). Read through the Boost.Graph interface.
TEST(HivNetwork, DegreeDistributionAndMixingMatchTargets) {
  const std::vector<double> shares = {0.3, 0.3, 0.2, 0.1, 0.1};
  const double m = 0.7;
  std::vector<double> degree_counts(5, 0.0);
  double within = 0, edges = 0;
  g_cohort = Cohort{};
  g_cohort.n = 20000;
  g_cohort.fill = [](Simulation&, Model& mod, AgentId a) {
    (*mod.people.injecting)[a] = 1;
    (*mod.people.region)[a] = static_cast<std::uint8_t>(a % 2);
  };
  g_cohort.after = [&](Simulation& sim) {
    const PartnerNetwork g = network(sim);
    const auto& region = *model_of(sim).people.region;
    using Traits = boost::graph_traits<PartnerNetwork>;
    Traits::vertex_iterator v, v_end;
    for (boost::tie(v, v_end) = vertices(g); v != v_end; ++v) {
      degree_counts[out_degree(*v, g)] += 1;
      Traits::out_edge_iterator e, e_end;
      for (boost::tie(e, e_end) = out_edges(*v, g); e != e_end; ++e) {
        if (source(*e, g) > target(*e, g)) continue;  // count each partnership once
        edges += 1;
        within += region[source(*e, g)] == region[target(*e, g)];
      }
    }
  };
  auto p = params_for(kModules, [&](ParamValues& v) {
    static_network(v);
    v.set_list("hiv.injecting_degree_shares", shares);
    v.set_number("hiv.same_region_mixing", m);
  });
  run_once(kModules, p, 14, 0, 1);
  double chi2 = 0;
  for (std::size_t d = 0; d < 5; ++d) {
    const double expected = 20000 * shares[d];
    chi2 += (degree_counts[d] - expected) * (degree_counts[d] - expected) / expected;
  }
  EXPECT_LT(chi2, 18.47);
  expect_binomial(within, edges, m + (1 - m) / 2, "within-region partnerships");
}

// Sexual mixing by injecting status: half the people inject; a partner is sought in one's own group with
// probability a, else anywhere, so the share of same-group partnerships is a + (1 - a) / 2 (4 binomial SEs).
TEST(HivNetwork, SexualMixingByInjectingStatus) {
  const double a_same = 0.6;
  double same = 0, edges = 0;
  g_cohort = Cohort{};
  g_cohort.n = 20000;
  g_cohort.fill = [](Simulation&, Model& mod, AgentId a) { (*mod.people.injecting)[a] = a % 2 ? 1 : 0; };
  g_cohort.after = [&](Simulation& sim) {
    const PartnerNetwork g = network(sim);
    const auto& inj = *model_of(sim).people.injecting;
    for (AgentId a = 0; a < 20000; ++a) {
      for (std::size_t k = slot_begin(Route::Sexual); k < slot_end(Route::Sexual); ++k) {
        const AgentId b = (*g.slots)[a][k];
        if (b == kNoPartner || b < a) continue;
        edges += 1;
        same += inj[a] == inj[b];
      }
    }
  };
  auto p = params_for(kModules, [&](ParamValues& v) {
    static_network(v);
    v.set_list("hiv.sexual_degree_shares", {0.2, 0.5, 0.3});
    v.set_number("hiv.sexual_injecting_assortativity", a_same);
  });
  run_once(kModules, p, 17, 0, 1);
  EXPECT_GT(edges, 10000);
  expect_binomial(same, edges, a_same + (1 - a_same) / 2, "same injecting status");
}

// Partnership dynamics. External partners: each slot is a two-state chain (formation rho, dissolution
// mu), full at the start, so P(filled at t) = rho/(rho+mu) + mu/(rho+mu) exp(-(rho+mu) t). Internal
// sexual partnerships with no formation end at rate mu (each end carries mu/2): E(t) = E0 exp(-mu t).
// Both checked with 4 binomial SEs.
TEST(HivNetwork, PartnershipsFormAndDissolveAtTheirRates) {
  const double rho = 1.5, mu_ext = 0.5, mu_sex = 0.4;
  double e0 = 0;
  g_cohort = Cohort{};
  g_cohort.n = 10000;
  g_cohort.after = [&](Simulation& sim) {
    const PartnerNetwork g = network(sim);
    for (AgentId a = 0; a < 10000; ++a) e0 += static_cast<double>(g.degree(a, Route::Sexual)) / 2.0;
  };
  auto p = params_for(kModules, [&](ParamValues& v) {
    static_network(v);
    v.set_list("hiv.external_degree_shares", {0, 1, 0});
    v.set_list("hiv.sexual_degree_shares", {0, 1, 0});
    v.set_number("hiv.external_formation_rate_per_year", rho);
    v.set_number("hiv.external_dissolution_rate_per_year", mu_ext);
    v.set_number("hiv.sexual_dissolution_rate_per_year", mu_sex);
  });
  const auto t = run_once(kModules, p, 15, 0, 3);
  EXPECT_GT(e0, 4900);
  for (int k = 0; k < 3; ++k) {
    const double years = year_end_day(k) / kDaysPerYear;
    const double filled = rho / (rho + mu_ext) + mu_ext / (rho + mu_ext) * std::exp(-(rho + mu_ext) * years);
    expect_binomial(value(t, "hiv.partnerships_external", k), 10000, filled, "external " + std::to_string(k));
    expect_binomial(value(t, "hiv.partnerships_sexual", k), e0, std::exp(-mu_sex * years),
                    "sexual " + std::to_string(k));
  }
}

// Infected partners all detained: with 'pause' their partnerships carry no risk (and survive); with
// 'end' they are ended. Suppressed partners do not transmit when the suppressed multiplier is 0, and do
// when it is 1 (so the lever is exercised).
TEST(HivTransmission, DetentionAndSuppressionStopTransmission) {
  const std::size_t n = 2000;
  const double nd = 2000;
  const auto run = [&](const std::string& mode, bool detained, bool suppressed, double multiplier) {
    pairs(n, Route::Sexual, [=](Simulation& sim, Model& m, AgentId a) {
      if (a % 2 == 1) return;
      if (detained) m.place_initial(a, m.settings.id("test_detention"), 0.0);
      if (suppressed) hiv_care_bits(sim)[a] = hiv_care::kDiagnosed | hiv_care::kOnArt | hiv_care::kSuppressed;
    });
    auto p = params_for(kModules, [&](ParamValues& v) {
      static_network(v);
      v.set_number("hiv.sex_acts_per_year", 365);
      v.set_number("hiv.per_act_sexual", 1.0 / 365);
      v.set_number("hiv.condom_use", 0);
      v.set_choice("hiv.detention_partnerships", mode);
      v.set_number("hiv.suppressed_multiplier", multiplier);
    });
    return run_once(kModules, p, 16, 0, 2);
  };
  const auto paused = run("pause", true, false, 0);
  EXPECT_EQ(total(paused, "hiv.infections"), 0);
  EXPECT_EQ(value(paused, "hiv.partnerships_sexual", 1), nd);
  const auto ended = run("end", true, false, 0);
  EXPECT_EQ(total(ended, "hiv.infections"), 0);
  EXPECT_EQ(value(ended, "hiv.partnerships_sexual", 0), 0);
  EXPECT_GT(total(run("pause", false, false, 0), "hiv.infections"),
            0.5 * nd);  // control: free partners transmit
  EXPECT_EQ(total(run("pause", false, true, 0.0), "hiv.infections"), 0);
  EXPECT_GT(total(run("pause", false, true, 1.0), "hiv.infections"), 0.5 * nd);
}

// Issue 11: each detention setting is its own mixing pool, so detainees of one kind of facility never
// infect those of another, even with sharing inside both.
TEST(HivTransmission, DetentionSettingsDoNotMixWithEachOther) {
  g_cohort = Cohort{};
  g_cohort.n = 2000;
  g_cohort.fill = [](Simulation& sim, Model& m, AgentId a) {
    (*m.people.injecting)[a] = 1;
    const bool first = a < 1000;
    m.place_initial(a, m.settings.id(first ? "test_detention" : "test_detention_2"), 0.0);
    if (first && a < 500) hiv_stage(sim)[a] = static_cast<std::uint8_t>(HivStage::Chronic);
  };
  auto p = params_for(kModules, [&](ParamValues& v) {
    static_network(v);
    v.set_map_entry("hiv.inside_sharing_rate_per_year", "detention", Lever::constant(100));
    v.set_number("hiv.per_act_injecting", 0.02);
  });
  const auto t = run_once(kModules, p, 18, 0, 1);
  EXPECT_GT(value(t, "hiv.infections_in_test_detention", 0), 100.0);
  EXPECT_EQ(value(t, "hiv.infections_in_test_detention_2", 0), 0.0);
  // Everyone is detained: every infection is one acquired in detention.
  EXPECT_EQ(value(t, "detention.hiv_infections", 0), value(t, "hiv.infections", 0));
}

}  // namespace
}  // namespace pathways
