// Voluntary community treatment: outpatient, residential rehabilitation and aftercare services.
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "model/model.hpp"
#include "modules/harm_reduction.hpp"

namespace pathways {
namespace {

constexpr std::size_t kServices = 3;
constexpr std::array<Setting, kServices> kSettingOf = {Setting::Outpatient, Setting::Residential, Setting::Aftercare};
constexpr std::array<const char*, kServices> kPrefix = {"outpatient", "residential", "aftercare"};
constexpr std::size_t kOutpatient = 0, kResidential = 1, kAftercare = 2;
constexpr std::size_t kNone = kServices;

/// Index of the service running setting s, or kNone.
std::size_t service_index(Setting s) {
  for (std::size_t i = 0; i < kServices; ++i) {
    if (kSettingOf[i] == s) return i;
  }
  return kNone;
}

/// Reason recorded for leaving the previous setting when a service admits someone.
ExitReason exit_reason_into_treatment(Setting from, Referral via) {
  if (is_detention(from)) return ExitReason::Released;
  if (is_treatment(from) && via == Referral::Transfer) return ExitReason::Completed;
  return ExitReason::Transferred;
}

class CommunityTreatment;

/// Adapter so that each of the three settings has its own Service object.
struct ServiceOf final : Service {
  CommunityTreatment* owner = nullptr;
  std::size_t index = 0;
  bool admit(Simulation& sim, AgentId a, Referral via) override;
};

class CommunityTreatment final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    scale_ = sim.config().scale;
    const HarmReduction* hr = harm_reduction_of(sim);
    outreach_ = hr ? &hr->outreach_multiplier : &unit_lever_;
    for (std::size_t i = 0; i < kServices; ++i) {
      const std::string k = kPrefix[i];
      Spec& s = spec_[i];
      s.capacity = p.lever(k + ".capacity");
      s.duration_days = p.number(k + ".duration_days");
      s.dropout_per_day = per_day(p.number(k + ".dropout_rate_per_year"));
      s.remission_share = p.number(k + ".remission_share_at_completion");
      s.turned_away = sim.out.metric(k + ".turned_away", MetricKind::Flow);
      s.dropouts = sim.out.metric(k + ".dropouts", MetricKind::Flow);
      s.remissions = sim.out.metric(k + ".completers_in_remission", MetricKind::Flow);
      adapters_[i].owner = this;
      adapters_[i].index = i;
      model_->register_service(kSettingOf[i], &adapters_[i]);
      model_->set_day_cost(kSettingOf[i], p.number(k + ".cost_usd_per_day"), Payer::Health);
    }
    // Seeking rates by substance: outpatient and residential (aftercare is entered by referral).
    for (std::size_t i : {kOutpatient, kResidential}) {
      const auto& r = p.list(std::string(kPrefix[i]) + ".seeking_rate_per_year");
      for (std::size_t sub = 0; sub < kSubstances; ++sub) seek_rate_[sub][i] = r[sub];
    }
    is_completion_ = &sim.pop.column<std::uint8_t>("community_treatment.exit_is_completion", 0);
    seek_.init(sim, "community_treatment.seek", this, sim.rng.stream("community_treatment.seek"));
    exit_kind_ = sim.register_kind("community_treatment.exit", this);
    exit_draws_ = sim.rng.stream("community_treatment.exit");
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      const std::size_t i = service_index(model_->people.setting_of(a));
      if (i != kNone) {
        schedule_exit(sim, a, i);
      } else {
        schedule_seek(sim, a);
      }
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (!(what & (change::kSetting | change::kStage | change::kEntered)) || !sim.pop.alive(a)) return;
    if (service_index(model_->people.setting_of(a)) == kNone) sim.sched.cancel(exit_kind_, a);
    schedule_seek(sim, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == seek_.kind()) {
      const auto& r = seek_rate_[(*model_->people.substance)[a]];
      Draws d = sim.rng.agent_draws(seek_.stream(), a);
      const std::size_t i = d.categorical(r.data(), 2);
      if (!admit(sim, a, i, Referral::Voluntary)) schedule_seek(sim, a);
      return;
    }
    const std::size_t i = service_index(model_->people.setting_of(a));
    if (i == kNone) return;
    if (!(*is_completion_)[a]) {
      sim.out.add(spec_[i].dropouts, 1.0);
      model_->move(sim, a, Setting::Community, ExitReason::Dropout);
      return;
    }
    People& pp = model_->people;
    Draws d = sim.rng.agent_draws(exit_draws_, a);
    if (pp.using_drugs(a) && d.bernoulli(spec_[i].remission_share)) {
      (*pp.stage)[a] = static_cast<std::uint8_t>(Stage::Remission);
      sim.out.add(spec_[i].remissions, 1.0);
      sim.notify(a, change::kStage);
    } else if (!pp.using_drugs(a)) {
      sim.out.add(spec_[i].remissions, 1.0);
    }
    if (i == kResidential && admit(sim, a, kAftercare, Referral::Transfer)) return;
    model_->move(sim, a, Setting::Community, ExitReason::Completed);
  }

  bool admit(Simulation& sim, AgentId a, std::size_t i, Referral via) {
    if (!sim.pop.alive(a)) return false;
    const People& pp = model_->people;
    const Setting from = pp.setting_of(a);
    if (from == kSettingOf[i]) return false;
    if (via == Referral::Voluntary &&
        (from != Setting::Community || (pp.stage_of(a) != Stage::Harmful && pp.stage_of(a) != Stage::Dependent))) {
      return false;
    }
    const double needed = static_cast<double>(model_->occupancy(kSettingOf[i]) + 1) * scale_;
    if (needed > spec_[i].capacity.at(sim.now()) + 1e-9) {
      sim.out.add(spec_[i].turned_away, 1.0);
      return false;
    }
    model_->move(sim, a, kSettingOf[i], exit_reason_into_treatment(from, via));
    schedule_exit(sim, a, i);
    return true;
  }

 private:
  struct Spec {
    Lever capacity;
    double duration_days = 0.0, dropout_per_day = 0.0, remission_share = 0.0;
    MetricId turned_away = 0, dropouts = 0, remissions = 0;
  };

  // Completion at the end of the programme unless the constant dropout hazard fires first.
  void schedule_exit(Simulation& sim, AgentId a, std::size_t i) {
    const Spec& s = spec_[i];
    const Days complete = std::max(sim.now(), (*model_->people.setting_entry_day)[a] + s.duration_days);
    Days drop = kNever;
    if (s.dropout_per_day > 0.0) {
      Draws d = sim.rng.agent_draws(exit_draws_, a);
      drop = sim.now() + d.exponential() / s.dropout_per_day;
    }
    (*is_completion_)[a] = complete <= drop ? 1 : 0;
    sim.sched.schedule(exit_kind_, a, std::min(complete, drop));
  }

  void schedule_seek(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    const Stage st = pp.stage_of(a);
    const auto& r = seek_rate_[(*pp.substance)[a]];
    const double rate = per_day(r[0] + r[1]);
    if (pp.setting_of(a) != Setting::Community || (st != Stage::Harmful && st != Stage::Dependent) || rate <= 0.0) {
      seek_.cancel(sim, a);
      return;
    }
    seek_.set(sim, a, rate, kNever, outreach_);
  }

  Model* model_ = nullptr;
  double scale_ = 1.0;
  Lever unit_lever_ = Lever::constant(1.0);
  const Lever* outreach_ = nullptr;
  std::array<Spec, kServices> spec_{};
  std::array<ServiceOf, kServices> adapters_{};
  std::array<std::array<double, 2>, kSubstances> seek_rate_{};
  std::vector<std::uint8_t>* is_completion_ = nullptr;
  HazardClock seek_;
  EventKind exit_kind_ = 0;
  StreamHandle exit_draws_;
};

bool ServiceOf::admit(Simulation& sim, AgentId a, Referral via) { return owner->admit(sim, a, index, via); }

std::vector<ParamSpec> community_treatment_params() {
  const std::string no_cap = "assumption: not binding by default; scenarios and country packs set real capacities";
  return {
      lever_param("outpatient.capacity", "persons", 1e9, 0, 1e9, no_cap,
                  "Outpatient places in persons (compared with occupancy x run scale)."),
      number_param("outpatient.duration_days", "days", 90, 1, 3650,
                   "assumption: about three months of weekly then monthly contact (Lao PDR Sisattanak: weekly "
                   "follow-up for the first two months, then every one to two months; seed_facts.csv ids 63-65)",
                   "Programme length; completion when reached without dropping out."),
      number_param("outpatient.dropout_rate_per_year", "per year", 1.5, 0, 100,
                   "assumption: 1.5 per year gives 69% completion of a 90-day programme (exp(-1.5 x 90/365.25))",
                   "Constant dropout hazard during outpatient treatment."),
      number_param("outpatient.cost_usd_per_day", "USD per person-day", 1.0, 0, 1e5,
                   "assumption: about US$365 per person-year, close to Viet Nam MMT at US$339 (seed_facts.csv id 185)",
                   "Cost per person-day in outpatient treatment (payer: health)."),
      number_param("outpatient.remission_share_at_completion", "share", 0.47, 0, 1,
                   "seed_facts.csv id 79: Lao PDR Sisattanak, 47% abstinent six months after completing outpatient "
                   "treatment (000_ac8646728de38624.txt line 1210); used as the share entering remission at "
                   "completion (a lower bound: some relapse within six months)",
                   "Share of people using drugs at completion who enter remission."),
      list_param("outpatient.seeking_rate_per_year", "per year", {0.05, 0.10}, 0, 100, kSubstances,
                 "assumption: meth users seek outpatient care more often than opioid users, who have MMT; Lao PDR "
                 "Sisattanak clients were 95% methamphetamine users (seed_facts.csv id 70)",
                 "Hazard of seeking outpatient treatment (opioid, methamphetamine) at the harmful or dependent stage."),
      lever_param("residential.capacity", "persons", 1e9, 0, 1e9, no_cap,
                  "Residential rehabilitation places in persons (compared with occupancy x run scale)."),
      number_param("residential.duration_days", "days", 180, 1, 3650,
                   "assumption: six-month residential rehabilitation programme",
                   "Programme length; completion when reached without dropping out."),
      number_param("residential.dropout_rate_per_year", "per year", 0.8, 0, 100,
                   "assumption: 0.8 per year gives 67% completion of a 180-day programme",
                   "Constant dropout hazard during residential rehabilitation."),
      number_param("residential.cost_usd_per_day", "USD per person-day", 2.31, 0, 1e5,
                   "assumption: same as a Viet Nam compulsory centre, 19,670,000 VND = US$845 per person-year "
                   "(seed_facts.csv id 186): 845 / 365.25 = 2.31",
                   "Cost per person-day in residential rehabilitation (payer: health)."),
      number_param("residential.remission_share_at_completion", "share", 0.47, 0, 1,
                   "assumption: as outpatient completion in Lao PDR (seed_facts.csv id 79)",
                   "Share of people using drugs at completion who enter remission."),
      list_param("residential.seeking_rate_per_year", "per year", {0.02, 0.02}, 0, 100, kSubstances,
                 "assumption: residential care is sought less often than outpatient care",
                 "Hazard of seeking residential rehabilitation (opioid, methamphetamine) at the harmful or dependent "
                 "stage."),
      lever_param("aftercare.capacity", "persons", 1e9, 0, 1e9, no_cap,
                  "Aftercare places in persons; residential completers are referred here."),
      number_param("aftercare.duration_days", "days", 180, 1, 3650, "assumption: six months of aftercare",
                   "Programme length; completion when reached without dropping out."),
      number_param("aftercare.dropout_rate_per_year", "per year", 1.0, 0, 100,
                   "assumption: 1 per year gives 61% completion of 180 days",
                   "Constant dropout hazard during aftercare."),
      number_param("aftercare.cost_usd_per_day", "USD per person-day", 0.5, 0, 1e5,
                   "assumption: light-touch follow-up, half the outpatient cost",
                   "Cost per person-day in aftercare (payer: health)."),
      number_param("aftercare.remission_share_at_completion", "share", 0.0, 0, 1,
                   "assumption: the stage effect is applied at residential completion, not again at aftercare",
                   "Share of people using drugs at completion who enter remission."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    "service.community_treatment",
    "Voluntary outpatient, residential and aftercare services: capacity, seeking, completion and dropout",
    community_treatment_params(), [] { return std::unique_ptr<Module>(new CommunityTreatment()); }}};

}  // namespace
}  // namespace pathways
