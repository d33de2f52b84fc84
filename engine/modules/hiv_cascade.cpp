// process.hiv_cascade: HIV natural history, testing, ART and suppression, interruptions, HIV deaths, costs
// and utility.
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "modules/hiv_network.hpp"

namespace pathways {
namespace {

enum class CareStep : std::uint8_t { Test, StartArt, Suppress, Interrupt };

class HivCascade final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    pp_ = model_->people;
    prev_pwid_ = p.number("hiv.initial_prevalence_pwid");
    prev_other_ = p.list("hiv.initial_prevalence_non_injecting");
    stage_shares_ = p.list("hiv.initial_stage_shares");
    diagnosed_share_ = p.number("hiv.initial_diagnosed_share");
    art_share_ = p.number("hiv.initial_art_share");
    suppressed_share_ = p.number("hiv.initial_suppressed_share");
    progression_ = {0.0, 12.0 / p.number("hiv.acute_duration_months"),
                    p.number("hiv.chronic_to_late_rate_per_year"), 0.0};
    const auto& m = p.list("hiv.mortality_rate_per_year");
    mortality_ = {0.0, m[0], m[1], m[2]};
    art_mortality_ = p.number("hiv.art_mortality_multiplier");
    art_progression_ = p.number("hiv.art_progression_multiplier");
    community_test_ = Lever::constant(p.number("hiv.test_rate_per_year"));
    service_test_ = Lever::constant(p.number("hiv.service_test_rate_per_year"));
    facility_test_ = p.lever("hiv.facility_test_rate_per_year");
    art_start_ = per_day(p.number("hiv.art_start_rate_per_year"));
    suppression_ = per_day(p.number("hiv.suppression_rate_per_year"));
    interruption_ = per_day(p.number("hiv.art_interruption_rate_per_year"));
    art_inside_ = model_->settings.levers(p.map("hiv.art_continuity_inside"));
    art_usd_per_day_ = p.number("hiv.art_cost_usd_per_year") / kDaysPerYear;
    test_usd_ = p.number("hiv.test_cost_usd");
    const auto& u = p.list("hiv.utility_multiplier");
    utility_ = {1.0f, static_cast<float>(u[0]), static_cast<float>(u[1]), static_cast<float>(u[2])};
    suppressed_utility_ = static_cast<float>(u[3]);
    const auto& w = p.list("hiv.disability_weight");
    weight_ = {0.0f, static_cast<float>(w[0]), static_cast<float>(w[1]), static_cast<float>(w[2])};
    suppressed_weight_ = static_cast<float>(w[3]);
    // Survivors' futures after the horizon face the HIV death hazard of their state for life.
    model_->add_person_hazard([this](const Simulation&, AgentId a) {
      const std::uint8_t st = (*stage_)[a];
      return mortality_[st] * (((*care_)[a] & hiv_care::kOnArt) ? art_mortality_ : 1.0);
    });

    stage_ = &sim.pop.column<std::uint8_t>(kHivStageColumn, 0);
    care_ = &sim.pop.column<std::uint8_t>(kHivCareColumn, 0);
    utility_col_ = &sim.pop.column<float>("hiv.utility_multiplier", 1.0f);
    weight_col_ = &sim.pop.column<float>("hiv.disability_weight", 0.0f);
    seen_ = &sim.pop.column<std::uint8_t>("hiv.cascade_seen", 0);
    care_key_ = &sim.pop.column<std::uint8_t>("hiv.care_key", 255);
    initial_stream_ = sim.rng.stream("hiv.initial");
    progress_stream_ = sim.rng.stream("hiv.progress");
    care_stream_ = sim.rng.stream("hiv.care");
    progress_kind_ = sim.register_kind("hiv.progress", this);
    care_kind_ = sim.register_kind("hiv.care", this);
    flush_kind_ = sim.register_kind("hiv.art_cost_flush", this, KindScope::Global);
    art_account_ = model_->cost_account("hiv.art", Payer::Health);
    test_account_ = model_->cost_account("hiv.testing", Payer::Health);
    tests_ = sim.out.metric("hiv.tests", MetricKind::Flow);
    diagnoses_ = sim.out.metric("hiv.diagnoses", MetricKind::Flow);
    art_py_ = sim.out.metric("hiv.art_person_years", MetricKind::Flow);
    interruptions_detention_ = sim.out.metric("hiv.art_interruptions_detention", MetricKind::Flow);
    living_ = sim.out.metric("hiv.living", MetricKind::Stock);
    diagnosed_ = sim.out.metric("hiv.diagnosed", MetricKind::Stock);
    on_art_ = sim.out.metric("hiv.on_art", MetricKind::Stock);
    suppressed_ = sim.out.metric("hiv.suppressed", MetricKind::Stock);
    share_diagnosed_ = sim.out.metric("hiv.share_diagnosed", MetricKind::Stock, false);
    share_on_art_ = sim.out.metric("hiv.share_on_art", MetricKind::Stock, false);
    share_suppressed_ = sim.out.metric("hiv.share_suppressed", MetricKind::Stock, false);
    prevalence_ = sim.out.metric("hiv.prevalence", MetricKind::Stock, false);
    prevalence_pwid_ = sim.out.metric("hiv.prevalence_pwid", MetricKind::Stock, false);
  }

  void start(Simulation& sim) override { schedule_flush(sim); }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      (*seen_)[a] = 1;
      // Everyone present at the start draws the same five numbers, so scenarios keep common draws.
      if (sim.now() <= 0.0) {
        Draws d = sim.rng.agent_draws(initial_stream_, a);
        const double prev = (*pp_.injecting)[a] ? prev_pwid_ : prev_other_[(*pp_.substance)[a]];
        const bool infected = d.bernoulli(prev);
        const auto stage = 1 + d.categorical(stage_shares_.data(), stage_shares_.size());
        const bool diagnosed = d.bernoulli(diagnosed_share_);
        const bool art = diagnosed && d.bernoulli(art_share_) && art_allowed(sim, a);
        const bool suppressed = art && d.bernoulli(suppressed_share_);
        if (infected) {
          (*stage_)[a] = static_cast<std::uint8_t>(stage);
          (*seen_)[a] = 2;
          set_care(sim, a,
                   static_cast<std::uint8_t>((diagnosed ? hiv_care::kDiagnosed : 0) |
                                             (art ? hiv_care::kOnArt : 0) |
                                             (suppressed ? hiv_care::kSuppressed : 0)));
          schedule_progress(sim, a);
        }
      }
      schedule_care(sim, a);
      if ((*seen_)[a] == 2) sim.notify(a, change::kHiv);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (!(*seen_)[a]) return;
    if (what & change::kDeath) {
      if ((*care_)[a] & hiv_care::kOnArt) change_art_count(sim, -1.0);
      return;
    }
    if ((what & change::kHiv) && (*seen_)[a] == 1 && (*stage_)[a] != 0) {
      (*seen_)[a] = 2;  // a new infection (written by process.hiv_transmission)
      schedule_progress(sim, a);
      schedule_care(sim, a);
      if (update_utility(a)) sim.notify(a, change::kHiv);
      return;
    }
    if (what & change::kSetting) {
      if (((*care_)[a] & hiv_care::kOnArt) && !art_allowed(sim, a)) {
        sim.out.add(interruptions_detention_, 1.0);
        set_care(sim, a, hiv_care::kDiagnosed);
        schedule_progress(sim, a);
        sim.notify(a, change::kHiv);
      }
      schedule_care(sim, a);
    }
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == flush_kind_) {
      charge_art(sim);
      schedule_flush(sim);
    } else if (ev.kind == progress_kind_) {
      progress(sim, a);
    } else {
      care(sim, a);
    }
  }

  // People on ART at the horizon keep it for life (the one service the future after the horizon
  // keeps, since stopping it would kill them): the ART cost times their expected remaining years.
  void finish(Simulation& sim) override {
    double usd = 0.0, usd_disc = 0.0;
    const double per_year = art_usd_per_day_ * kDaysPerYear;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!sim.pop.alive(a) || !((*care_)[a] & hiv_care::kOnArt)) continue;
      const TailYears y = model_->future_years(sim, a, model_->cost_discount);
      usd += per_year * y.total();
      usd_disc += per_year * y.total_discounted();
    }
    model_->charge_after_horizon(sim, art_account_, usd, usd_disc);
  }

  void record_year(Simulation& sim, int year) override {
    double alive = 0, living = 0, diagnosed = 0, on_art = 0, suppressed = 0, pwid = 0, pwid_living = 0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!sim.pop.alive(a)) continue;
      alive += 1;
      const bool inj = (*pp_.injecting)[a] != 0;
      pwid += inj;
      if ((*stage_)[a] == 0) continue;
      living += 1;
      pwid_living += inj;
      const std::uint8_t c = (*care_)[a];
      diagnosed += (c & hiv_care::kDiagnosed) != 0;
      on_art += (c & hiv_care::kOnArt) != 0;
      suppressed += (c & hiv_care::kSuppressed) != 0;
    }
    const auto share = [](double x, double n) { return n > 0 ? x / n : 0.0; };
    sim.out.set(living_, year, living);
    sim.out.set(diagnosed_, year, diagnosed);
    sim.out.set(on_art_, year, on_art);
    sim.out.set(suppressed_, year, suppressed);
    // The UNAIDS cascade convention: diagnosed among living, on ART among diagnosed, suppressed among on ART.
    sim.out.set(share_diagnosed_, year, share(diagnosed, living));
    sim.out.set(share_on_art_, year, share(on_art, diagnosed));
    sim.out.set(share_suppressed_, year, share(suppressed, on_art));
    sim.out.set(prevalence_, year, share(living, alive));
    sim.out.set(prevalence_pwid_, year, share(pwid_living, pwid));
  }

 private:
  bool art_allowed(Simulation& sim, AgentId a) const {
    const SettingId s = pp_.setting_of(a);
    return !model_->closed(s) || art_inside_[s].at(sim.now()) >= 0.5;
  }
  const Lever& test_lever(AgentId a) const {
    const SettingId s = pp_.setting_of(a);
    if (model_->closed(s)) return facility_test_;
    return model_->has_episodes(s) ? service_test_ : community_test_;
  }

  /// Sets the care bits, keeping the count on ART (and its cost) and the utility multiplier in step.
  void set_care(Simulation& sim, AgentId a, std::uint8_t c) {
    const bool was = ((*care_)[a] & hiv_care::kOnArt) != 0, is = (c & hiv_care::kOnArt) != 0;
    if (was != is) change_art_count(sim, is ? 1.0 : -1.0);
    (*care_)[a] = c;
    update_utility(a);
  }
  /// Keeps the utility multiplier and disability weight of `a` (read by model.health) in step with
  /// the HIV state; true if either changed.
  bool update_utility(AgentId a) {
    const std::uint8_t st = (*stage_)[a];
    const bool suppressed = st != 0 && ((*care_)[a] & hiv_care::kSuppressed);
    const float u = suppressed ? suppressed_utility_ : utility_[st];
    const float w = suppressed ? suppressed_weight_ : weight_[st];
    if ((*utility_col_)[a] == u && (*weight_col_)[a] == w) return false;
    (*utility_col_)[a] = u;
    (*weight_col_)[a] = w;
    return true;
  }

  // ART person-time is charged as it accrues (at every change of the number on ART and just before each
  // year end), so each year's account holds exactly that year's person-time.
  void change_art_count(Simulation& sim, double delta) {
    charge_art(sim);
    art_.rate += delta;
  }
  void charge_art(Simulation& sim) {
    art_.advance(sim.now(), Discounting{});
    if (art_.total > 0.0) {
      model_->charge(sim, art_account_, art_.total * art_usd_per_day_);
      sim.out.add(art_py_, art_.total / kDaysPerYear);
    }
    art_.reset_totals();
  }
  // Just before each year end (the hub closes the year's accounts at the year-end event itself).
  void schedule_flush(Simulation& sim) {
    ++flush_year_;
    const Days end = sim.calendar.year_start(sim.config().start_year + flush_year_);
    if (end <= sim.horizon()) sim.sched.schedule(flush_kind_, kGlobalAgent, std::nextafter(end, 0.0));
  }

  void progress_rates(AgentId a, double& prog, double& death) const {
    const std::uint8_t st = (*stage_)[a];
    const bool art = ((*care_)[a] & hiv_care::kOnArt) != 0;
    prog = per_day(progression_[st]) * (art && st == 2 ? art_progression_ : 1.0);
    death = per_day(mortality_[st]) * (art ? art_mortality_ : 1.0);
  }
  void schedule_progress(Simulation& sim, AgentId a) {
    double prog = 0.0, death = 0.0;
    progress_rates(a, prog, death);
    if (prog + death <= 0.0) {
      sim.sched.cancel(progress_kind_, a);
      return;
    }
    Draws d = sim.rng.agent_draws(progress_stream_, a);
    schedule_within_horizon(sim, progress_kind_, a, sim.now() + d.exponential() / (prog + death));
  }
  void progress(Simulation& sim, AgentId a) {
    double prog = 0.0, death = 0.0;
    progress_rates(a, prog, death);
    Draws d = sim.rng.agent_draws(progress_stream_, a);
    if (d.uniform() * (prog + death) < death) {
      model_->kill(sim, a, DeathCause::Hiv);
      return;
    }
    ++(*stage_)[a];
    update_utility(a);
    schedule_progress(sim, a);
    sim.notify(a, change::kHiv);
  }

  CareStep next_step(AgentId a) const {
    const std::uint8_t c = (*care_)[a];
    if (!(c & hiv_care::kDiagnosed)) return CareStep::Test;
    if (!(c & hiv_care::kOnArt)) return CareStep::StartArt;
    return (c & hiv_care::kSuppressed) ? CareStep::Interrupt : CareStep::Suppress;
  }
  /// Redraws the care clock unless what its rate depends on (step, setting group, ART allowed) is
  /// unchanged, which keeps the pending draw (exact for an exponential clock); `force` after it fired.
  void schedule_care(Simulation& sim, AgentId a, bool force = false) {
    if (!sim.pop.alive(a)) return;
    const SettingId s = pp_.setting_of(a);
    const auto key = static_cast<std::uint8_t>(static_cast<unsigned>(next_step(a)) * 8u +
                                               (model_->closed(s)         ? 4u
                                                : model_->has_episodes(s) ? 2u
                                                                          : 0u) +
                                               (art_allowed(sim, a) ? 1u : 0u));
    if (!force && key == (*care_key_)[a]) return;
    (*care_key_)[a] = key;
    Draws d = sim.rng.agent_draws(care_stream_, a);
    Days t = kNever;
    switch (next_step(a)) {
      case CareStep::Test:
        t = next_event_time(test_lever(a), sim.now(), per_day(1.0), d.exponential());
        break;
      case CareStep::StartArt:
        if (art_allowed(sim, a) && art_start_ > 0.0) t = sim.now() + d.exponential() / art_start_;
        break;
      case CareStep::Suppress:  // suppression and interruption compete
        if (suppression_ + interruption_ > 0.0)
          t = sim.now() + d.exponential() / (suppression_ + interruption_);
        break;
      case CareStep::Interrupt:
        if (interruption_ > 0.0) t = sim.now() + d.exponential() / interruption_;
        break;
    }
    schedule_within_horizon(sim, care_kind_, a, t);
  }
  void care(Simulation& sim, AgentId a) {
    const std::uint8_t c = (*care_)[a];
    switch (next_step(a)) {
      case CareStep::Test:
        sim.out.add(tests_, 1.0);
        model_->charge(sim, test_account_, test_usd_);
        if ((*stage_)[a] == 0) break;  // negative: test again later
        sim.out.add(diagnoses_, 1.0);
        set_care(sim, a, hiv_care::kDiagnosed);
        break;
      case CareStep::StartArt:
        set_care(sim, a, hiv_care::kDiagnosed | hiv_care::kOnArt);
        break;
      case CareStep::Suppress: {
        Draws d = sim.rng.agent_draws(care_stream_, a);
        const bool suppress = d.uniform() * (suppression_ + interruption_) < suppression_;
        set_care(sim, a,
                 suppress ? static_cast<std::uint8_t>(c | hiv_care::kSuppressed) : hiv_care::kDiagnosed);
        break;
      }
      case CareStep::Interrupt:
        set_care(sim, a, hiv_care::kDiagnosed);
        break;
    }
    schedule_care(sim, a, true);
    if ((*care_)[a] != c) {
      schedule_progress(sim, a);
      sim.notify(a, change::kHiv);
    }
  }

  Model* model_ = nullptr;
  People pp_{};
  double prev_pwid_ = 0.0, diagnosed_share_ = 0.0, art_share_ = 0.0, suppressed_share_ = 0.0;
  std::vector<double> prev_other_, stage_shares_;
  std::array<double, kHivStages> progression_{}, mortality_{};
  double art_mortality_ = 1.0, art_progression_ = 1.0, art_start_ = 0.0, suppression_ = 0.0,
         interruption_ = 0.0;
  double art_usd_per_day_ = 0.0, test_usd_ = 0.0;
  Lever community_test_, service_test_, facility_test_;
  std::vector<Lever> art_inside_;  ///< by setting: ART continued inside a detention setting when >= 0.5
  std::array<float, kHivStages> utility_{}, weight_{};
  float suppressed_utility_ = 1.0f, suppressed_weight_ = 0.0f;
  Column<std::uint8_t>*stage_ = nullptr, *care_ = nullptr, *seen_ = nullptr, *care_key_ = nullptr;
  Column<float>*utility_col_ = nullptr, *weight_col_ = nullptr;
  RateIntegrator art_;
  int flush_year_ = 0;
  StreamHandle initial_stream_, progress_stream_, care_stream_;
  EventKind progress_kind_ = 0, care_kind_ = 0, flush_kind_ = 0;
  CostAccount art_account_ = 0, test_account_ = 0;
  MetricId tests_ = 0, diagnoses_ = 0, art_py_ = 0, interruptions_detention_ = 0, living_ = 0, diagnosed_ = 0;
  MetricId on_art_ = 0, suppressed_ = 0, share_diagnosed_ = 0, share_on_art_ = 0, share_suppressed_ = 0;
  MetricId prevalence_ = 0, prevalence_pwid_ = 0;
};

ParamSpec shares(ParamSpec s) {
  s.list_sums_to_one = true;
  return s;
}

std::vector<ParamSpec> hiv_cascade_params() {
  const std::string cascade =
      "assumption: Viet Nam-like cascade among people who inject, near the 2020 national "
      "estimates (about 70% diagnosed, 75% of them on ART, 85% of those suppressed); ";
  return {
      number_param(
          "hiv.initial_prevalence_pwid", "share", 0.10, 0, 1,
          "[nguyen2017] [unidentified-drive-in]: Viet Nam HIV prevalence among people who inject fell from "
          "about 30% "
          "(2009) to about 10% (2013) (DRIVE-IN; Nguyen et al. 2017 [nguyen2017] [unidentified-drive-in])",
          "HIV prevalence at the start among people who inject."),
      list_param(
          "hiv.initial_prevalence_non_injecting", "share", {0.03, 0.02}, 0, 1, kSubstances,
          "assumption: well below prevalence among people who inject; Indonesia found 10.2% among people "
          "who use crystal methamphetamine ([seed-34], [seed-34]), "
          "a high-prevalence setting",
          "HIV prevalence at the start among people who do not inject, by substance (opioid, "
          "methamphetamine)."),
      shares(list_param(
          "hiv.initial_stage_shares", "share", {0.03, 0.82, 0.15}, 0, 1, 3,
          "assumption: acute share = incidence x 3 months; late share from a long-established epidemic",
          "Stage of people living with HIV at the start (acute, chronic, late).")),
      number_param("hiv.initial_diagnosed_share", "share", 0.70, 0, 1, cascade + "diagnosed",
                   "Share of people living with HIV diagnosed at the start."),
      number_param(
          "hiv.initial_art_share", "share", 0.75, 0, 1, cascade + "on ART among diagnosed",
          "Share on ART among those diagnosed at the start (none in detention without ART continuity)."),
      number_param("hiv.initial_suppressed_share", "share", 0.85, 0, 1, cascade + "suppressed among on ART",
                   "Share virally suppressed among those on ART at the start."),
      number_param("hiv.acute_duration_months", "months", 2.9, 0.1, 24,
                   "Hollingsworth, Anderson & Fraser, J Infect Dis 2008;198:687 [hollingsworth2008] (early "
                   "infection about 2.9 months)",
                   "Mean duration of the acute stage (exponential)."),
      number_param("hiv.chronic_to_late_rate_per_year", "per year", 0.11, 0, 10,
                   "assumption: about 9 years from infection to AIDS without treatment (CASCADE-era cohorts "
                   "[unidentified-cascade-era-cohorts])",
                   "Rate of progression from chronic to late stage (AIDS) without ART."),
      list_param("hiv.mortality_rate_per_year", "per year", {0.0, 0.01, 0.6}, 0, 10, 3,
                 "assumption: little HIV mortality before AIDS; about 1.7 years survival with untreated AIDS "
                 "(Hollingsworth 2008 [hollingsworth2008]: late stage about 9 months infectious before AIDS "
                 "death ~10 months later)",
                 "HIV death rate by stage without ART (acute, chronic, late)."),
      number_param("hiv.art_mortality_multiplier", "multiplier", 0.2, 0, 1,
                   "assumption: ART cuts HIV mortality by about 80%",
                   "Multiplier on HIV death rates while on ART."),
      number_param("hiv.art_progression_multiplier", "multiplier", 0.1, 0, 1,
                   "assumption: ART nearly halts progression to AIDS",
                   "Multiplier on chronic-to-late progression "
                   "while on ART."),
      number_param("hiv.test_rate_per_year", "per year", 0.3, 0, 365,
                   "assumption: people who use drugs outside services test about every 3 years",
                   "HIV testing rate in the community (people not yet diagnosed, HIV-negative or not)."),
      number_param(
          "hiv.service_test_rate_per_year", "per year", 2.0, 0, 365,
          "assumption: MMT, community treatment and diversion offer testing about every 6 months; the "
          "Ping An centre tested 580 and linked 348 ([seed-30] [seed-31])",
          "HIV testing rate while in MMT, community treatment (outpatient, residential, aftercare) or "
          "diversion."),
      lever_param("hiv.facility_test_rate_per_year", "per year", 1.0, 0, 365,
                  "assumption: routine testing about once a year in compulsory centres and prisons",
                  "HIV testing rate in compulsory centres and prisons; a lever (routine testing)."),
      number_param(
          "hiv.art_start_rate_per_year", "per year", 2.0, 0, 365,
          "assumption: about 6 months from diagnosis (or interruption) to starting ART",
          "Rate of starting (or restarting) ART once diagnosed, outside detention without continuity."),
      number_param("hiv.suppression_rate_per_year", "per year", 4.0, 0, 365,
                   "assumption: viral suppression about 3 months after starting ART",
                   "Rate of reaching viral suppression on ART."),
      number_param("hiv.art_interruption_rate_per_year", "per year", 0.1, 0, 365,
                   "assumption: about 10% of people on ART interrupt each year (treatment dropout)",
                   "Rate of ART interruption (dropout); suppression is lost with it."),
      with_levers(
          map_param("hiv.art_continuity_inside", kSettingDomain, "class", "0/1", {}, 0.0, 0, 1,
                    "assumption: ART is not reliably continued in Viet Nam's compulsory centres and prisons "
                    "(a policy lever)",
                    "By detention setting (a map of levers): 1 = ART continues inside; 0 = ART is "
                    "interrupted on entry and not started inside.")),
      number_param(
          "hiv.art_cost_usd_per_year", "USD per person-year", 303, 0, 1e6,
          "Viet Nam outpatient HIV care, median cost per adult on ART after the first year US$303 (first "
          "year 316, second line 1,557) [duong2014-art-cost]",
          "Cost of ART per person-year (payer: health); people on ART at the horizon keep it for life "
          "(costed after the horizon)."),
      number_param("hiv.test_cost_usd", "USD per test", 10, 0, 1e5,
                   "assumption: rapid HIV test with counselling about US$10",
                   "Cost per HIV test (payer: health)."),
      list_param(
          "hiv.utility_multiplier", "multiplier", {0.97, 0.97, 0.78, 0.96}, 0, 1, 4,
          "EQ-5D decrements against asymptomatic HIV: symptomatic -0.025, AIDS -0.176 [tran2015-hiv-meta], "
          "relative to an EQ-5D of 0.80 with HIV [thai-hiv-eq5d]: 0.97 and 0.78; suppressed on ART 0.96 "
          "(assumption, between the two, below untreated asymptomatic as GBD's weight for ART is higher)",
          "Utility multiplier (read by model.health) in the acute, chronic, late stage, and when suppressed "
          "on ART."),
      list_param(
          "hiv.disability_weight", "disability weight", {0.012, 0.012, 0.582, 0.078}, 0, 1, 4,
          "GBD disability weights [gbd2021-dw]: early HIV 0.012 (acute and chronic stages), AIDS without ART "
          "0.582 (late stage), HIV on ART 0.078 (suppressed)",
          "Disability weight (read by model.health, combined with drug use multiplicatively) in the acute, "
          "chronic, late stage, and when suppressed on ART."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = "process.hiv_cascade",
    .description = "HIV natural history (acute, chronic, late), testing, ART, suppression, interruptions, "
                   "HIV deaths and costs",
    .params = hiv_cascade_params(),
    .create = [] { return std::unique_ptr<Module>(new HivCascade()); },
    .order = 80,
    .needs = {kModelHub},
    .provides = {"hiv.care"},
    .subscribes = change::kSetting | change::kHiv | change::kDeath,
}};

}  // namespace
}  // namespace pathways
