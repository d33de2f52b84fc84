// model.population: builds the initial population of people who use drugs and adds new initiates over time.
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

constexpr double kMinAge = 15.0, kMaxAge = 70.0;

std::string stage_key(std::size_t s) { return "population." + std::string(kSubstanceNames[s]) + ".stage_shares"; }
std::string injecting_key(std::size_t s) {
  return "population." + std::string(kSubstanceNames[s]) + ".injecting_share";
}

class PopulationModule final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    Model& model = model_of(sim);
    people_ = model.people;
    size_ = static_cast<std::size_t>(p.integer("population.size"));
    substance_shares_ = p.list("population.substance_shares");
    for (std::size_t s = 0; s < kSubstances; ++s) {
      stage_shares_[s] = p.list(stage_key(s));
      injecting_share_[s] = p.number(injecting_key(s));
    }
    female_share_ = p.number("population.female_share");
    age_mean_ = p.number("population.age_mean_years");
    age_sd_ = p.number("population.age_sd_years");
    setting_shares_ = p.list("population.setting_shares");
    elapsed_max_ = p.list("population.initial_elapsed_max_days");
    initiation_ = p.lever("population.initiation_rate_per_year");
    initiate_age_min_ = p.number("population.initiate_age_min_years");
    initiate_age_max_ = p.number("population.initiate_age_max_years");
    if (initiate_age_max_ < initiate_age_min_) {
      throw std::invalid_argument("population.initiate_age_max_years must be >= population.initiate_age_min_years");
    }
    build_stream_ = sim.rng.global_stream("population.build");
    initiation_stream_ = sim.rng.global_stream("population.initiation");
    initiation_kind_ = sim.register_kind("population.initiation", this, KindScope::Global);
    entries_ = sim.out.metric("population.entries", MetricKind::Flow);
  }

  void start(Simulation& sim) override {
    Model& model = model_of(sim);
    // Checked here, not in init: services register themselves during their own init.
    for (std::size_t s = 0; s < kSettings; ++s) {
      if (setting_shares_[s] > 0.0 && s != static_cast<std::size_t>(Setting::Community) &&
          !model.has_service(static_cast<Setting>(s))) {
        throw std::invalid_argument("population.setting_shares: share " + std::to_string(setting_shares_[s]) +
                                    " in '" + std::string(kSettingNames[s]) +
                                    "' but no module running that service is in the scenario");
      }
    }
    sim.add_agents(size_, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) fill_initial(sim, model, a);
    });
    schedule_initiation(sim);
  }

  void handle(Simulation& sim, const Event&) override {
    sim.add_agents(1, [&](AgentId first, std::size_t) { fill_initiate(sim, first); });
    sim.out.add(entries_, 1.0);
    schedule_initiation(sim);
  }

 private:
  double truncated_age(Draws& d) {
    boost::random::normal_distribution<double> normal(age_mean_, age_sd_);
    for (int i = 0; i < 1000; ++i) {
      const double age = normal(d);
      if (age >= kMinAge && age <= kMaxAge) return age;
    }
    // Only reached when the normal puts almost no mass in range; clamp rather than loop forever.
    return std::fmin(kMaxAge, std::fmax(kMinAge, age_mean_));
  }

  void fill_initial(Simulation& sim, Model& model, AgentId a) {
    Draws d = sim.rng.global_draws(build_stream_);
    const auto substance = d.categorical(substance_shares_.data(), kSubstances);
    const auto& stages = stage_shares_[substance];
    const auto stage = d.categorical(stages.data(), kStages);
    (*people_.substance)[a] = static_cast<std::uint8_t>(substance);
    (*people_.stage)[a] = static_cast<std::uint8_t>(stage);
    const bool using_now = stage != static_cast<std::size_t>(Stage::Remission);
    const bool injects = d.bernoulli(injecting_share_[substance]);
    (*people_.injecting)[a] = static_cast<std::uint8_t>(using_now && injects);
    (*people_.sex)[a] = static_cast<std::uint8_t>(d.bernoulli(female_share_));
    (*people_.birth_day)[a] = -truncated_age(d) * kDaysPerYear;
    (*people_.entry_day)[a] = 0.0;
    const auto setting = d.categorical(setting_shares_.data(), kSettings);
    // Entry uniform over a typical stay, so that initial releases are spread out, not bunched.
    const double entry = -d.uniform() * elapsed_max_[setting];
    model.place_initial(a, static_cast<Setting>(setting), entry);
  }

  void fill_initiate(Simulation& sim, AgentId a) {
    Draws d = sim.rng.global_draws(initiation_stream_);
    const auto substance = d.categorical(substance_shares_.data(), kSubstances);
    (*people_.substance)[a] = static_cast<std::uint8_t>(substance);
    (*people_.stage)[a] = static_cast<std::uint8_t>(Stage::Episodic);
    (*people_.injecting)[a] = 0;
    (*people_.sex)[a] = static_cast<std::uint8_t>(d.bernoulli(female_share_));
    const double age = initiate_age_min_ + d.uniform() * (initiate_age_max_ - initiate_age_min_);
    (*people_.birth_day)[a] = sim.now() - age * kDaysPerYear;
    (*people_.entry_day)[a] = sim.now();
    model_of(sim).place_initial(a, Setting::Community, sim.now());
  }

  void schedule_initiation(Simulation& sim) {
    // The lever is in persons per year; one agent stands for `scale` persons.
    const double rate = per_day(1.0) / sim.config().scale;
    Draws d = sim.rng.global_draws(initiation_stream_);
    const Days t = next_event_time(initiation_, sim.now(), rate, d.exponential());
    if (t < sim.horizon()) sim.sched.schedule(initiation_kind_, kGlobalAgent, t);
  }

  People people_{};
  std::size_t size_ = 0;
  std::vector<double> substance_shares_, setting_shares_, elapsed_max_;
  std::array<std::vector<double>, kSubstances> stage_shares_;
  std::array<double, kSubstances> injecting_share_{};
  double female_share_ = 0.0, age_mean_ = 30.0, age_sd_ = 8.0, initiate_age_min_ = 18.0, initiate_age_max_ = 25.0;
  Lever initiation_;
  StreamHandle build_stream_, initiation_stream_;
  EventKind initiation_kind_ = 0;
  MetricId entries_ = 0;
};

ParamSpec shares(ParamSpec s) {
  s.list_sums_to_one = true;
  return s;
}

std::vector<ParamSpec> population_params() {
  std::vector<ParamSpec> v = {
      integer_param("population.size", "agents", 20000, 0, 1e9,
                    "assumption: 20,000 agents; with run scale 10 they stand for about 200,000 people, the size of "
                    "Viet Nam's PWID population (seed_facts.csv id 159: 206,000 in 2008, 000_ac8646728de38624.txt "
                    "line 2126)",
                    "Initial number of agents (persons = agents x run scale)."),
      shares(list_param("population.substance_shares", "share", {0.8, 0.2}, 0, 1, kSubstances,
                        "seed_facts.csv id 160: Viet Nam, 80% of people who inject drugs used opiates "
                        "(000_ac8646728de38624.txt line 2127); the rest assigned to methamphetamine",
                        "Share of people by main substance, in the order opioid, methamphetamine.")),
      number_param("population.female_share", "share", 0.05, 0, 1,
                   "assumption: people who use drugs in Viet Nam are overwhelmingly men; 5% women",
                   "Share of women."),
      number_param("population.age_mean_years", "years", 32, 15, 70,
                   "assumption: PWID in Viet Nam are mostly in their late 20s to 30s",
                   "Mean of the initial age distribution (normal truncated to 15..70)."),
      number_param("population.age_sd_years", "years", 8, 0.1, 50, "assumption: spread of adult working ages",
                   "Standard deviation of the initial age distribution before truncation."),
      shares(list_param("population.setting_shares", "share", {1, 0, 0, 0, 0, 0, 0, 0}, 0, 1, kSettings,
                        "assumption: everyone starts in the community; country packs place people in centres, "
                        "prison and MMT (only settings whose service is in the run may be non-zero)",
                        "Share of people in each setting at the start, in the order " +
                            std::string("community, compulsory_centre, prison, diversion, mmt, outpatient, "
                                        "residential, aftercare."))),
      list_param("population.initial_elapsed_max_days", "days", {0, 730, 730, 42, 365, 90, 90, 90}, 0, 36525,
                 kSettings,
                 "assumption: the time already spent in the setting at the start is uniform over a typical stay: "
                 "Viet Nam standard centre stay 2 years (HRW 2011 in literature_figures.md), prison assumed the "
                 "same, diversion 3-4 sessions 12 days apart (seed_facts.csv ids 133-137), other services assumed",
                 "Per setting: time already spent there at the start is uniform on [0, this]."),
      lever_param("population.initiation_rate_per_year", "persons per year", 1000, 0, 1e9,
                  "assumption: about 5% of a 20,000-person population per year, keeping numbers roughly stable",
                  "New initiates per year (Poisson process); a lever."),
      number_param("population.initiate_age_min_years", "years", 18, 10, 70,
                   "assumption: initiation mostly at ages 18-25", "Youngest age of new initiates (uniform)."),
      number_param("population.initiate_age_max_years", "years", 25, 10, 70,
                   "assumption: initiation mostly at ages 18-25", "Oldest age of new initiates (uniform)."),
  };
  const std::array<std::vector<double>, kSubstances> stage_defaults = {
      std::vector<double>{0.10, 0.15, 0.25, 0.50}, std::vector<double>{0.10, 0.40, 0.30, 0.20}};
  const std::array<double, kSubstances> injecting_defaults = {0.7, 0.05};
  for (std::size_t s = 0; s < kSubstances; ++s) {
    const std::string name(kSubstanceNames[s]);
    v.push_back(shares(list_param(stage_key(s), "share", stage_defaults[s], 0, 1, kStages,
                                  "assumption: among " + name +
                                      " users known to services most use harmfully or are dependent",
                                  "Share of " + name +
                                      " users by stage at the start (remission, episodic, harmful, dependent).")));
    v.push_back(number_param(injecting_key(s), "share", injecting_defaults[s], 0, 1,
                             s == kOpioid ? "assumption: most opioid users in Viet Nam inject (seed_facts.csv ids "
                                            "159-160: 206,000 PWID, 80% opiates)"
                                          : "assumption: methamphetamine is mostly smoked",
                             "Share of current " + name + " users who inject at the start."));
  }
  return v;
}

const ModuleRegistration registration{ModuleInfo{
    "model.population", "Initial population of people who use drugs and new initiates (a lever)",
    population_params(), [] { return std::unique_ptr<Module>(new PopulationModule()); }}};

}  // namespace
}  // namespace pathways
