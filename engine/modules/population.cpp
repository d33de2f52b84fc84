// model.population: builds the initial population of people who use drugs and adds new initiates over time.
#include <fmt/core.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

constexpr double kMinAge = 15.0, kMaxAge = 70.0;

std::string stage_key(std::size_t s) {
  return "population." + std::string(kSubstanceNames[s]) + ".stage_shares";
}
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
    initiation_ = p.lever("population.initiation_rate_per_year");
    initiate_age_min_ = p.number("population.initiate_age_min_years");
    initiate_age_max_ = p.number("population.initiate_age_max_years");
    // Where people are at the start, by main substance: a setting that admits only opioid users
    // takes its whole share from them (validated: it fits within the opioid share).
    const Settings& settings = model.settings;
    const auto shares = settings.numbers(p.map("population.setting_shares"));
    for (std::size_t sub = 0; sub < kSubstances; ++sub) {
      auto& w = placement_[sub];
      w.assign(settings.size(), 0.0);
      double placed = 0.0;
      for (std::size_t s = 1; s < settings.size(); ++s) {
        if (settings[static_cast<SettingId>(s)].opioid_only) {
          w[s] = sub == kOpioid && substance_shares_[kOpioid] > 0.0 ? shares[s] / substance_shares_[kOpioid]
                                                                    : 0.0;
        } else {
          w[s] = shares[s];
        }
        placed += w[s];
      }
      w[kCommunity] = std::max(0.0, 1.0 - placed);
    }
    cohort_event_ = p.choice("cohort.entry_event");
    if (cohort_event_ != "none") {
      cohort_setting_ = settings.id(p.entity("cohort.entry_setting"));
      cohort_size_ = static_cast<std::size_t>(p.integer("cohort.size"));
      const std::string& sub = p.choice("cohort.substance");
      cohort_substance_ = sub == "any" ? -1 : (sub == "opioid" ? static_cast<int>(kOpioid) : 1);
      const std::string& st = p.choice("cohort.stage");
      cohort_stage_ = st == "any"        ? -1
                      : st == "episodic" ? static_cast<int>(Stage::Episodic)
                      : st == "harmful"  ? static_cast<int>(Stage::Harmful)
                                         : static_cast<int>(Stage::Dependent);
      cohort_age_ = {p.number("cohort.age_min_years"), p.number("cohort.age_max_years")};
      const std::string& inj = p.choice("cohort.injecting");
      cohort_injecting_ = inj == "any" ? -1 : (inj == "yes" ? 1 : 0);
      model.set_cohort_run(true);
    }
    build_stream_ = sim.rng.global_stream("population.build");
    initiation_stream_ = sim.rng.global_stream("population.initiation");
    initiation_kind_ = sim.register_kind("population.initiation", this, KindScope::Global);
    entries_ = sim.out.metric("population.entries", MetricKind::Flow);
  }

  void start(Simulation& sim) override {
    Model& model = model_of(sim);
    if (cohort_event_ != "none") {
      start_cohort(sim, model);
      return;
    }
    sim.reserve_agents(size_ + expected_entrants_bound(sim));
    sim.add_agents(size_, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) fill_initial(sim, model, a);
    });
    schedule_initiation(sim);
  }

  void handle(Simulation& sim, const Event&) override {
    if (cohort_event_ != "none") {  // the one event of a cohort run: its admissions
      admit_cohort(sim);
      return;
    }
    sim.add_agents(1, [&](AgentId first, std::size_t) { fill_initiate(sim, first); });
    sim.out.add(entries_, 1.0);
    schedule_initiation(sim);
  }

 private:
  /// A normal age truncated to [min_age, max_age], drawn exactly by inverting its distribution
  /// function between the bounds (no rejection loop, whatever the mass in range).
  double truncated_age(Draws& d, double min_age = kMinAge, double max_age = kMaxAge) const {
    const boost::math::normal_distribution<double> normal(age_mean_, age_sd_);
    const double lo = boost::math::cdf(normal, min_age), hi = boost::math::cdf(normal, max_age);
    if (!(hi > lo)) return std::fmin(max_age, std::fmax(min_age, age_mean_));  // no mass in range at all
    return std::clamp(boost::math::quantile(normal, lo + d.uniform() * (hi - lo)), min_age, max_age);
  }

  // A cohort experiment: `cohort.size` people meeting the eligibility enter at the start by one
  // event, nobody else ever enters. People released start abstinent in the community, their release
  // dated today; people admitted to a treatment setting start abstinent too (after induction), as
  // cohort studies of treatment entrants count them; the setting's own service admits them.
  void start_cohort(Simulation& sim, Model& model) {
    const bool release = cohort_event_ == "release", recruited = cohort_event_ == "recruitment";
    const bool abstinent = release || model.settings[cohort_setting_].has_episodes();
    sim.add_agents(cohort_size_, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) {
        Draws d = sim.rng.global_draws(build_stream_);
        const std::size_t sub = cohort_substance_ >= 0 ? static_cast<std::size_t>(cohort_substance_)
                                                       : d.categorical(substance_shares_.data(), kSubstances);
        std::vector<double> using_shares = stage_shares_[sub];
        using_shares[static_cast<std::size_t>(Stage::Remission)] = 0.0;
        const std::size_t stage = cohort_stage_ >= 0 ? static_cast<std::size_t>(cohort_stage_)
                                                     : d.categorical(using_shares.data(), kStages);
        const bool injects = cohort_injecting_ == 1   ? true
                             : cohort_injecting_ == 0 ? false
                                                      : d.bernoulli(injecting_share_[sub]);
        (*people_.substance)[a] = static_cast<std::uint8_t>(sub);
        (*people_.sex)[a] = static_cast<std::uint8_t>(d.bernoulli(female_share_));
        (*people_.birth_day)[a] = -truncated_age(d, cohort_age_[0], cohort_age_[1]) * kDaysPerYear;
        (*people_.entry_day)[a] = 0.0;
        const auto packed = static_cast<std::uint8_t>(stage | (injects ? kPriorInjectingBit : 0));
        if (abstinent) {
          (*people_.stage)[a] = static_cast<std::uint8_t>(Stage::Remission);
          (*people_.prior_stage)[a] = packed;
          (*people_.injecting)[a] = 0;
        } else {
          (*people_.stage)[a] = static_cast<std::uint8_t>(stage);
          (*people_.injecting)[a] = injects ? 1 : 0;
        }
        model.place_initial(a, kCommunity, sim.now());
        if (release) model.mark_released(sim, a, cohort_setting_);
      }
    });
    // Admissions go through the setting's service once every module has started.
    if (!release && !recruited) sim.sched.schedule(initiation_kind_, kGlobalAgent, sim.now());
  }

  void admit_cohort(Simulation& sim) {
    Model& model = model_of(sim);
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!model.admit(sim, a, cohort_setting_, Referral::Transfer)) {
        throw std::runtime_error(
            "run.cohort: " + model.settings[cohort_setting_].name +
            " refused a cohort entrant (no place, or not eligible: MMT admits opioid users "
            "only); raise its capacity or change the cohort's eligibility");
      }
    }
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
    const auto& w = placement_[substance];
    // The service of the setting sets the time already spent there (its steady state).
    model.place_initial(a, static_cast<SettingId>(d.categorical(w.data(), w.size())), sim.now());
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
    model_of(sim).place_initial(a, kCommunity, sim.now());
  }

  /// New initiates are a Poisson process with mean m over the run (the lever's integral): m plus six
  /// standard deviations (and a margin for small m) is exceeded with probability about 10^-9, and
  /// then the arrays simply grow. Only a capacity hint: results do not depend on it.
  std::size_t expected_entrants_bound(const Simulation& sim) const {
    const double m =
        std::max(0.0, initiation_.integral(0.0, sim.horizon())) * per_day(1.0) / sim.config().scale;
    const double bound = m + 6.0 * std::sqrt(m) + 64.0;
    return bound < 1e9 ? static_cast<std::size_t>(bound) : 0;  // an absurd rate: leave growth to the arrays
  }

  void schedule_initiation(Simulation& sim) {
    if (cohort_event_ != "none") return;  // a closed cohort
    // The lever is in persons per year; one agent stands for `scale` persons.
    const double rate = per_day(1.0) / sim.config().scale;
    Draws d = sim.rng.global_draws(initiation_stream_);
    const Days t = next_event_time(initiation_, sim.now(), rate, d.exponential());
    if (t < sim.horizon()) sim.sched.schedule(initiation_kind_, kGlobalAgent, t);
  }

  People people_{};
  std::size_t size_ = 0;
  std::vector<double> substance_shares_;
  std::array<std::vector<double>, kSubstances> placement_;  ///< by substance: share in each setting
  std::array<std::vector<double>, kSubstances> stage_shares_;
  std::array<double, kSubstances> injecting_share_{};
  double female_share_ = 0.0, age_mean_ = 30.0, age_sd_ = 8.0, initiate_age_min_ = 18.0,
         initiate_age_max_ = 25.0;
  Lever initiation_;
  StreamHandle build_stream_, initiation_stream_;
  EventKind initiation_kind_ = 0;
  MetricId entries_ = 0;
  std::string cohort_event_ = "none";
  SettingId cohort_setting_ = kCommunity;
  std::size_t cohort_size_ = 0;
  int cohort_substance_ = -1, cohort_stage_ = -1, cohort_injecting_ = -1;
  std::array<double, 2> cohort_age_{kMinAge, kMaxAge};
};

ParamSpec setting_shares_param() {
  ParamSpec s =
      map_param("population.setting_shares", kSettingDomain, "", "share", {}, 0.0, 0, 1,
                "assumption: everyone starts in the community; country packs place people in centres, "
                "prison and MMT",
                "Share of all people in each setting at the start (a map from setting name to share; the "
                "community holds the rest). A setting that admits only opioid users (MMT) takes its share "
                "from them.");
  s.map_filter_attribute = "class";
  s.map_filter_values = {"detention", "diversion", "treatment"};
  return s;
}

ParamSpec shares(ParamSpec s) {
  s.list_sums_to_one = true;
  return s;
}

std::vector<ParamSpec> cohort_params() {
  const std::string why = "a population run unless run.cohort is given (docs/validation.md)";
  return {
      choice_param(
          "cohort.entry_event", "none", {"none", "release", "admission", "recruitment"}, why,
          "run.cohort.entry before the colon: how the cohort enters (release from, or admission to, "
          "cohort.entry_setting; recruitment:community for people using drugs found in the community)."),
      choice_param("cohort.injecting", "any", {"any", "yes", "no"}, why,
                   "run.cohort.injecting: whether members inject (any: by the substance's injecting share)."),
      entity_param(
          "cohort.entry_setting", kSettingDomain, "community", {"community"}, why,
          "run.cohort.entry after the colon: the setting the cohort is released from or admitted to."),
      integer_param("cohort.size", "agents", 1000, 1, 1e8, why, "run.cohort.size: people in the cohort."),
      choice_param(
          "cohort.substance", "any", {"any", "opioid", "methamphetamine"}, why,
          "run.cohort.substance: main substance of every member (any: by population.substance_shares)."),
      choice_param("cohort.stage", "any", {"any", "episodic", "harmful", "dependent"}, why,
                   "run.cohort.stage: stage of use before entry (any: by the substance's stage shares)."),
      number_param(
          "cohort.age_min_years", "years", kMinAge, kMinAge, kMaxAge, why,
          "run.cohort.age[0]: youngest age at entry (the population's age distribution, truncated)."),
      number_param("cohort.age_max_years", "years", kMaxAge, kMinAge, kMaxAge, why,
                   "run.cohort.age[1]: oldest age at entry."),
  };
}

std::vector<ParamSpec> population_params() {
  std::vector<ParamSpec> v = {
      integer_param(
          "population.size", "agents", 20000, 0, 1e9,
          "assumption: 20,000 agents; with run scale 10 they stand for about 200,000 people, the size of "
          "Viet Nam's PWID population ([seed-159]: 206,000 in 2008)",
          "Initial number of agents (persons = agents x run scale)."),
      shares(list_param("population.substance_shares", "share", {0.8, 0.2}, 0, 1, kSubstances,
                        "[seed-160]: Viet Nam, 80% of people who inject drugs used opiates "
                        "([seed-160]); the rest assigned to methamphetamine",
                        "Share of people by main substance, in the order opioid, methamphetamine.")),
      number_param("population.female_share", "share", 0.05, 0, 1,
                   "assumption: people who use drugs in Viet Nam are overwhelmingly men; 5% women",
                   "Share of women."),
      number_param("population.age_mean_years", "years", 32, 15, 70,
                   "assumption: PWID in Viet Nam are mostly in their late 20s to 30s",
                   "Mean of the initial age distribution (normal truncated to 15..70)."),
      number_param("population.age_sd_years", "years", 8, 0.1, 50, "assumption: spread of adult working ages",
                   "Standard deviation of the initial age distribution before truncation."),
      setting_shares_param(),
      lever_param(
          "population.initiation_rate_per_year", "persons per year", 1000, 0, 1e9,
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
    v.push_back(shares(list_param(
        stage_key(s), "share", stage_defaults[s], 0, 1, kStages,
        "assumption: among " + name + " users known to services most use harmfully or are dependent",
        "Share of " + name + " users by stage at the start (remission, episodic, harmful, dependent).")));
    v.push_back(number_param(injecting_key(s), "share", injecting_defaults[s], 0, 1,
                             s == kOpioid
                                 ? "assumption: most opioid users in Viet Nam inject ([seed-159] [seed-160]: "
                                   "206,000 PWID, 80% opiates)"
                                 : "assumption: methamphetamine is mostly smoked",
                             "Share of current " + name + " users who inject at the start."));
  }
  for (auto& c : cohort_params()) v.push_back(std::move(c));
  return v;
}

std::vector<ParamRule> population_rules() {
  return {
      ParamRule{
          {"cohort.entry_event", "cohort.entry_setting", "cohort.substance"},
          "a cohort released from a detention setting, or admitted to a setting other than the community",
          [](const ParamValues& p, const std::vector<Declaration>& decls) {
            const std::string& event = p.choice("cohort.entry_event");
            if (event == "none") return std::string();
            const std::string& setting = p.entity("cohort.entry_setting");
            if ((setting == "community") != (event == "recruitment")) return "entry " + event + ":" + setting;
            const Settings settings = Settings::from(decls);
            if (event == "release" && !settings[settings.id(setting)].closed()) {
              return "release from '" + setting + "', which is not a detention setting";
            }
            if (event == "admission" && settings[settings.id(setting)].opioid_only &&
                p.choice("cohort.substance") != "opioid") {
              return "admission to '" + setting +
                     "', which admits opioid users only, of a cohort with substance " +
                     p.choice("cohort.substance");
            }
            return std::string();
          }},
      ParamRule{{"cohort.age_min_years", "cohort.age_max_years"},
                "cohort.age_max_years >= cohort.age_min_years",
                [](const ParamValues& p, const std::vector<Declaration>&) {
                  const double lo = p.number("cohort.age_min_years"), hi = p.number("cohort.age_max_years");
                  return hi >= lo ? std::string() : fmt::format("{} < {}", hi, lo);
                }},
      ParamRule{{"population.initiate_age_min_years", "population.initiate_age_max_years"},
                "population.initiate_age_max_years >= population.initiate_age_min_years",
                [](const ParamValues& p, const std::vector<Declaration>&) {
                  const double lo = p.number("population.initiate_age_min_years");
                  const double hi = p.number("population.initiate_age_max_years");
                  return hi >= lo ? std::string() : fmt::format("{} < {}", hi, lo);
                }},
      ParamRule{{"population.setting_shares"},
                "initial shares of the settings summing to at most 1 (the community "
                "holds the rest)",
                [](const ParamValues& p, const std::vector<Declaration>& decls) {
                  const Settings settings = Settings::from(decls);
                  double sum = 0.0;
                  for (double x : settings.numbers(p.map("population.setting_shares"))) sum += x;
                  return sum <= 1.0 + 1e-9 ? std::string() : fmt::format("a sum of {:.6g}", sum);
                }},
      ParamRule{
          {"population.substance_shares", "population.setting_shares"},
          "the initial share of each setting that admits only opioid users (MMT) within the opioid share",
          [](const ParamValues& p, const std::vector<Declaration>& decls) {
            const Settings settings = Settings::from(decls);
            const auto shares = settings.numbers(p.map("population.setting_shares"));
            const double opioid = p.list("population.substance_shares")[kOpioid];
            double sum = 0.0;
            std::string names;
            for (std::size_t s = 0; s < shares.size(); ++s) {
              if (!settings[static_cast<SettingId>(s)].opioid_only || shares[s] <= 0.0) continue;
              sum += shares[s];
              names += (names.empty() ? "" : " + ") + settings[static_cast<SettingId>(s)].name;
            }
            return sum <= opioid + 1e-9
                       ? std::string()
                       : fmt::format("{} = {:.6g} > opioid share {:.6g}", names, sum, opioid);
          }},
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = "model.population",
    .description = "Initial population of people who use drugs and new initiates (a lever)",
    .params = population_params(),
    .create = [] { return std::unique_ptr<Module>(new PopulationModule()); },
    .order = 10,
    .needs = {kModelHub},
    .rules = population_rules(),
}};

}  // namespace
}  // namespace pathways
