// Mortality: background deaths by age and sex (Gompertz) and overdoses, fatal or not, with naloxone.
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "model/model.hpp"
#include "modules/harm_reduction.hpp"

namespace pathways {
namespace {

constexpr double kWeek = 7.0;

class Mortality final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    const auto& a = p.list("mortality.gompertz_a_per_year");
    gompertz_a_ = {a[0], a[1]};
    gompertz_b_ = p.number("mortality.gompertz_b_per_year");
    const auto& r = p.list("overdose.rate_per_year");
    for (std::size_t s = 0; s < kSubstances; ++s) base_per_day_[s] = per_day(r[s]);
    const auto& f = p.list("overdose.fatality");
    for (std::size_t s = 0; s < kSubstances; ++s) fatality_[s] = f[s];
    const auto& sm = p.list("overdose.stage_multiplier");
    for (std::size_t s = 0; s < kStages; ++s) stage_mult_[s] = sm[s];
    setting_mult_ = model_->settings.numbers(p.map("overdose.setting_multiplier"));
    injecting_mult_ = p.number("overdose.injecting_multiplier");
    const auto& pr = p.list("overdose.post_release_multiplier");
    release_mult_ = {pr[0], pr[1]};
    treatment_exit_mult_ = p.number("overdose.post_treatment_multiplier");
    treatment_exit_days_ = p.number("overdose.post_treatment_weeks") * kWeek;
    naloxone_effect_ = p.number("overdose.naloxone_effectiveness");
    cost_usd_ = p.number("overdose.cost_usd");
    const auto& other = p.list("mortality.drug_related_other_rate_per_year");
    for (std::size_t s = 0; s < kSubstances; ++s) other_per_day_[s] = per_day(other[s]);
    other_noninjecting_ = p.number("mortality.drug_related_other_noninjecting_multiplier");
    other_setting_mult_ = model_->settings.numbers(p.map("mortality.drug_related_other_setting_multiplier"));
    const HarmReduction* hr = harm_reduction_of(sim);
    naloxone_ = hr ? &hr->naloxone_coverage : &zero_lever_;

    background_kind_ = sim.register_kind("mortality.background", this);
    background_draws_ = sim.rng.stream("mortality.background");
    overdose_.init(sim, "overdose.event", this, sim.rng.stream("overdose.clock"));
    outcome_draws_ = sim.rng.stream("overdose.outcome");
    other_.init(sim, "mortality.drug_related_other", this, sim.rng.stream("mortality.drug_related_other"));
    events_ = sim.out.metric("overdose.events", MetricKind::Flow);
    deaths_ = sim.out.metric("overdose.deaths", MetricKind::Flow);
    account_ = model_->cost_account("overdose", Payer::Health);
    // Survivors' futures after the horizon face background mortality and the overdose death hazard of
    // each stage in the community, with no service: no setting, release or treatment effects, and no
    // naloxone. Naloxone after the horizon would be a benefit whose cost nobody pays (as MMT's
    // would), so it stops at the horizon like every service but ART (docs/economics.md).
    model_->set_background_mortality(gompertz_a_, gompertz_b_);
    model_->add_stage_hazard([this](const Simulation&, std::uint8_t substance, Stage stage, bool injecting) {
      return overdose_death_rate_per_year(substance, stage, injecting, 0.0) +
             other_rate_per_day(substance, stage, injecting) * kDaysPerYear;
    });
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      schedule_background(sim, a);
      schedule_overdose(sim, a);
      schedule_other(sim, a);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags) override {
    if (!sim.pop.alive(a)) return;
    schedule_overdose(sim, a);
    schedule_other(sim, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == background_kind_) {
      model_->kill(sim, a, DeathCause::Background);
      return;
    }
    if (ev.kind == other_.kind()) {
      model_->kill(sim, a, DeathCause::DrugRelated);
      return;
    }
    if (overdose_.fired_at_break(sim, a)) {
      schedule_overdose(sim, a);
      return;
    }
    sim.out.add(events_, 1.0);
    model_->charge(sim, account_, cost_usd_);
    const std::uint8_t sub = (*model_->people.substance)[a];
    double fatal = fatality_[sub];
    if (sub == kOpioid) fatal *= 1.0 - naloxone_->at(sim.now()) * naloxone_effect_;
    Draws d = sim.rng.agent_draws(outcome_draws_, a);
    if (d.bernoulli(fatal)) {
      sim.out.add(deaths_, 1.0);
      model_->kill(sim, a, DeathCause::Overdose);
    } else {
      schedule_overdose(sim, a);
    }
  }

 private:
  // Gompertz hazard a exp(b x) at age x: the cumulative hazard from age x0 is a/b (exp(b x) - exp(b x0)),
  // so a unit exponential e gives the age at death x = ln(exp(b x0) + e b / a) / b exactly.
  void schedule_background(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    const double ga = gompertz_a_[std::min<std::size_t>((*pp.sex)[a], 1)];
    if (ga <= 0.0) return;
    const double x0 = std::max(0.0, pp.age_years(a, sim.now()));
    Draws d = sim.rng.agent_draws(background_draws_, a);
    const double e = d.exponential();
    const double x = gompertz_b_ > 1e-12
                         ? std::log(std::exp(gompertz_b_ * x0) + e * gompertz_b_ / ga) / gompertz_b_
                         : x0 + e / ga;
    const Days t = std::max(sim.now(), sim.now() + (x - x0) * kDaysPerYear);
    sim.sched.schedule(background_kind_, a, t);
  }

  /// Overdose deaths per year in the community for a stage, with naloxone at `naloxone_coverage`.
  double overdose_death_rate_per_year(std::uint8_t sub, Stage stage, bool injecting,
                                      double naloxone_coverage) const {
    double rate = base_per_day_[sub] * kDaysPerYear * stage_mult_[static_cast<std::size_t>(stage)];
    if (injecting) rate *= injecting_mult_;
    double fatal = fatality_[sub];
    if (sub == kOpioid) fatal *= 1.0 - naloxone_coverage * naloxone_effect_;
    return rate * fatal;
  }

  /// The other drug-related death hazard of a stage, outside any setting effect (per day).
  double other_rate_per_day(std::uint8_t sub, Stage stage, bool injecting) const {
    return other_per_day_[sub] * stage_mult_[static_cast<std::size_t>(stage)] *
           (injecting ? 1.0 : other_noninjecting_);
  }

  void schedule_other(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    other_.set(sim, a,
               other_rate_per_day((*pp.substance)[a], pp.stage_of(a), (*pp.injecting)[a] != 0) *
                   other_setting_mult_[(*pp.setting)[a]]);
  }

  // Overdose hazard: base(substance) x stage x injecting x setting x post-release x post-treatment.
  // The last two are piecewise constant in time since release / treatment exit: the clock is cut
  // at the next breakpoint and redrawn there.
  void schedule_overdose(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    const Days now = sim.now();
    const std::uint8_t sub = (*pp.substance)[a];
    double rate = base_per_day_[sub] * stage_mult_[(*pp.stage)[a]] * setting_mult_[(*pp.setting)[a]];
    if ((*pp.injecting)[a]) rate *= injecting_mult_;
    Days next_break = kNever;
    // Breakpoints are compared exactly as they were scheduled (now < release + w), never as
    // now - release < w, so that a clock stopped at a breakpoint always moves to the next piece.
    const Days released = (*pp.last_release_day)[a], left = (*pp.last_treatment_exit_day)[a];
    if (now < released + 2 * kWeek) {
      rate *= release_mult_[0];
      next_break = released + 2 * kWeek;
    } else if (now < released + 12 * kWeek) {
      rate *= release_mult_[1];
      next_break = released + 12 * kWeek;
    }
    if (now < left + treatment_exit_days_) {
      rate *= treatment_exit_mult_;
      next_break = std::min(next_break, left + treatment_exit_days_);
    }
    overdose_.set(sim, a, rate, next_break);
  }

  Model* model_ = nullptr;
  std::array<double, 2> gompertz_a_{}, release_mult_{};
  double gompertz_b_ = 0.0, injecting_mult_ = 1.0, treatment_exit_mult_ = 1.0, treatment_exit_days_ = 0.0;
  double naloxone_effect_ = 0.0, cost_usd_ = 0.0;
  std::array<double, kSubstances> base_per_day_{}, fatality_{};
  std::array<double, kStages> stage_mult_{};
  std::vector<double> setting_mult_;  ///< by setting id
  Lever zero_lever_ = Lever::constant(0.0);
  const Lever* naloxone_ = nullptr;
  EventKind background_kind_ = 0;
  HazardClock overdose_, other_;
  std::array<double, kSubstances> other_per_day_{};
  double other_noninjecting_ = 1.0;
  std::vector<double> other_setting_mult_;
  StreamHandle background_draws_, outcome_draws_;
  MetricId events_ = 0, deaths_ = 0;
  CostAccount account_ = 0;
};

std::vector<ParamSpec> mortality_params() {
  return {
      list_param(
          "mortality.gompertz_a_per_year", "per year", {8.54e-5, 5.24e-5}, 0, 1, 2,
          "assumption: Gompertz level fitted (with b = 0.09) to life expectancy at birth 71.0 years for men "
          "and 76.4 for women, Viet Nam General Statistics Office 2021 (Statistical Yearbook 2021, as "
          "reported by vietnaminsider.vn, 4 August 2022); a one-parameter fit, not the full life table",
          "Gompertz level a (men, women): background death hazard a exp(b x) at age x."),
      number_param(
          "mortality.gompertz_b_per_year", "per year of age", 0.09, 0, 1,
          "assumption: adult mortality doubles about every 7.7 years (ln 2 / 0.09), the usual human Gompertz "
          "slope",
          "Gompertz slope b of the background death hazard."),
      list_param(
          "mortality.drug_related_other_rate_per_year", "per year", {0.0106, 0.005}, 0, 10, kSubstances,
          "opioid: people who inject extramedical opioids die at 2.71 per 100 person-years (pooled, 124 "
          "studies [larney2020]); at the dependent stage the model's overdose, HIV and background deaths "
          "give "
          "1.65 (a Viet Nam cohort run), so other causes (injury, suicide, liver disease, infections) make "
          "up "
          "the remaining 1.06; methamphetamine: assumption 0.5 per 100 person-years (range 0.2-1.0; no "
          "regional cohort found)",
          "Death hazard from drug-related causes other than overdose and HIV, of people dependent on the "
          "substance who inject (opioid, methamphetamine); other stages by overdose.stage_multiplier."),
      number_param("mortality.drug_related_other_noninjecting_multiplier", "multiplier", 0.61, 0, 10,
                   "all-cause standardised mortality ratios 10.03 for people using extramedical opioids and "
                   "16.37 for those who inject [larney2020]: 10.03 / 16.37 = 0.61",
                   "Multiplier of the other drug-related death hazard for people who do not inject."),
      [] {
        ParamSpec s = map_param(
            "mortality.drug_related_other_setting_multiplier", kSettingDomain, "class", "multiplier",
            {{"mmt", 0.4}}, 1.0, 0, 100,
            "MMT: all-cause mortality 11.3 vs 36.1 per 1,000 person-years in and out of methadone (RR 3.20) "
            "against "
            "RR 4.80 for overdose [sordo2017], so non-overdose deaths fall by about 0.4; elsewhere 1 "
            "(assumption)",
            "Multiplier of the other drug-related death hazard by setting (a map from setting or class).");
        return s;
      }(),
      list_param(
          "overdose.rate_per_year", "per year", {0.08, 0.01}, 0, 100, kSubstances,
          "assumption: 8% of people dependent on opioids overdose each year (Bangkok PWID: 29.8% ever had a "
          "non-fatal overdose, Milloy et al., Harm Reduct J 2010;7:9 [milloy2010]); methamphetamine 1% per "
          "year",
          "Overdose hazard at the dependent stage (opioid, methamphetamine), outside any setting effect."),
      list_param("overdose.stage_multiplier", "multiplier", {0.0, 0.25, 0.6, 1.0}, 0, 100, kStages,
                 "assumption: no overdose in remission; risk rises with frequency of use",
                 "Overdose hazard multiplier by stage (remission, episodic, harmful, dependent)."),
      number_param("overdose.injecting_multiplier", "multiplier", 2.0, 0, 100,
                   "assumption: injecting doubles overdose risk against other routes",
                   "Overdose hazard multiplier for people who inject."),
      map_param(
          "overdose.setting_multiplier", kSettingDomain, "class", "multiplier",
          {{"detention", 0.5}, {"mmt", 0.21}, {"outpatient", 0.8}, {"residential", 0.05}, {"aftercare", 0.8}},
          1.0, 0, 100,
          "MMT: overdose mortality 2.6 vs 12.7 per 1,000 person-years in and out of methadone treatment, RR "
          "4.80 (2.90-7.96) [sordo2017], so 1/4.8 = 0.21 (0.13-0.34); detention: assumption 0.5 (0.2-1) for "
          "people who use inside (only they have an overdose risk there: the stage multiplier of remission "
          "is "
          "0), for scarcer and weaker supply; residential 0.05 (assumption: little access); outpatient and "
          "aftercare 0.8 (assumption); diversion and community 1",
          "Overdose hazard multiplier by setting: a map from setting name (or class: detention, diversion, "
          "treatment) to a multiplier; settings not named take 1."),
      list_param(
          "overdose.post_release_multiplier", "multiplier", {8.0, 1.5}, 0, 1000, 2,
          "Merrall et al., Addiction 2010;105:1545 [merrall2010]: drug-related deaths 3-8 times higher in "
          "weeks 1-2 than "
          "in weeks 3-12 after prison release; weeks 3-12 at 1.5 (assumption), weeks 1-2 at 8 (ratio 5.3, "
          "inside 3-8)",
          "Overdose hazard multiplier in weeks 1-2 and weeks 3-12 after release from detention."),
      number_param(
          "overdose.post_treatment_multiplier", "multiplier", 2.0, 0, 1000,
          "assumption: loss of tolerance after leaving treatment doubles overdose risk for four weeks",
          "Overdose hazard multiplier after leaving any treatment setting."),
      number_param("overdose.post_treatment_weeks", "weeks", 4, 0, 520,
                   "assumption: four weeks of raised risk after leaving treatment",
                   "Length of the raised overdose risk after leaving treatment."),
      list_param(
          "overdose.fatality", "probability", {0.1, 0.05}, 0, 1, kSubstances,
          "assumption: one opioid overdose in ten is fatal without naloxone (gives about 0.8% overdose "
          "deaths per year among people dependent on opioids); methamphetamine 5%",
          "Probability that an overdose is fatal without naloxone (opioid, methamphetamine)."),
      number_param(
          "overdose.naloxone_effectiveness", "share", 0.9, 0, 1,
          "assumption: naloxone at hand reverses nine in ten otherwise fatal opioid overdoses; China Ping An "
          "peer naloxone saved 23 lives with 2,546 kits ([seed-27]-[seed-29])",
          "Share of fatal opioid overdoses averted when naloxone is at hand (coverage from harm_reduction)."),
      number_param("overdose.cost_usd", "USD per overdose", 50, 0, 1e6,
                   "assumption: emergency response and care for one overdose",
                   "Cost per overdose event (payer: health)."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = "process.mortality",
    .description = "Background mortality (Gompertz by sex) and overdoses with post-release risk and naloxone",
    .params = mortality_params(),
    .create = [] { return std::unique_ptr<Module>(new Mortality()); },
    .order = 90,
    .needs = {kModelHub},
    .uses = {kHarmReductionType},
    .subscribes = change::kSetting | change::kStage,
}};

}  // namespace
}  // namespace pathways
