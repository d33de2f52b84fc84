// process.hiv_transmission: the partnership network (formation, dissolution, detention) and HIV transmission
// as events.
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "model/model.hpp"
#include "modules/harm_reduction.hpp"
#include "modules/hiv_network.hpp"

namespace pathways {

std::vector<ParamSpec> hiv_transmission_params();  // hiv_network.cpp

namespace {

// Network clock components, in the order of the categorical draw.
enum Component : std::size_t { kFormInj, kFormSex, kFormExt, kEndInj, kEndSex, kEndExt, kComponents };

class HivTransmission final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    pp_ = model_->people;
    r_ = HivRates::read(p);
    facility_weight_ = {0.0, r_.weight[1], r_.weight[2], r_.weight[3], r_.suppressed_weight};
    // Sharing scales with 1 - reduction x NSP coverage(t): a linear map of the lever keeps its knots.
    nsp_factor_ = Lever::constant(1.0);
    if (const HarmReduction* hr = harm_reduction_of(sim)) {
      nsp_factor_ = hr->nsp_coverage;
      for (double& v : nsp_factor_.values) v = 1.0 - r_.nsp_reduction * v;
    }

    stage_ = &sim.pop.column<std::uint8_t>(kHivStageColumn, 0);
    care_ = &sim.pop.column<std::uint8_t>(kHivCareColumn, 0);
    PartnerSlots none;
    none.fill(kNoPartner);
    net_.slots = &sim.pop.column<PartnerSlots>("hiv.partners", none);
    ext_ = &sim.pop.column<ExternalSlots>("hiv.external_partners", ExternalSlots{});
    targets_ = &sim.pop.column<std::array<std::uint8_t, 3>>("hiv.target_degrees", {});
    ready_ = &sim.pop.column<std::uint8_t>("hiv.network_ready", 0);
    facility_.code = &sim.pop.column<std::uint8_t>("hiv.facility_class", 0);
    pwid_flag_ = &sim.pop.column<std::uint8_t>("hiv.pwid_susceptible", 0);
    pools_[0].pos = &sim.pop.column<std::uint32_t>("hiv.pool_injecting_pos", PartnerPool::kOut);
    pools_[0].key = &sim.pop.column<std::uint16_t>("hiv.pool_injecting_key", 0);
    pools_[1].pos = &sim.pop.column<std::uint32_t>("hiv.pool_sexual_pos", PartnerPool::kOut);
    pools_[1].key = &sim.pop.column<std::uint16_t>("hiv.pool_sexual_key", 0);
    facility_.susceptible.pos = &sim.pop.column<std::uint32_t>("hiv.facility_pos", PartnerPool::kOut);
    facility_.susceptible.key = &sim.pop.column<std::uint16_t>("hiv.facility_key", 0);

    network_stream_ = sim.rng.stream("hiv.network");
    infect_stream_ = sim.rng.stream("hiv.transmission");
    facility_stream_ = sim.rng.global_stream("hiv.facility");
    network_.init(sim, "hiv.network", this, network_stream_);
    inj_.init(sim, "hiv.infect_injecting", this, infect_stream_);
    sex_.init(sim, "hiv.infect_sexual", this, infect_stream_);
    ext_infect_.init(sim, "hiv.infect_external", this, infect_stream_);
    // One mixing facility per detention setting, with its own clock and sharing rate.
    const Settings& settings = model_->settings;
    const auto sharing = settings.numbers(p.map("hiv.inside_sharing_rate_per_year"));
    facility_of_.assign(settings.size(), kOutside);
    for (SettingId s : settings.of_class(SettingClass::Detention)) {
      if (facility_kinds_.size() == FacilityMixing::kMaxFacilities) {
        throw std::logic_error("more than 50 detention settings for HIV mixing inside");
      }
      facility_of_[s] = facility_kinds_.size();
      facility_kinds_.push_back(
          sim.register_kind("hiv.facility_" + settings[s].name, this, KindScope::Global));
      facility_per_day_.push_back(per_day(sharing[s] * r_.per_act_injecting));
    }
    facility_.counts.assign(facility_kinds_.size(), {});

    infections_ = sim.out.metric("hiv.infections", MetricKind::Flow);
    infections_inj_ = sim.out.metric("hiv.infections_injecting", MetricKind::Flow);
    infections_sex_ = sim.out.metric("hiv.infections_sexual", MetricKind::Flow);
    infections_partners_ = sim.out.metric("hiv.infections_partners", MetricKind::Flow);
    for (const auto& info : settings.all()) {
      infections_in_.push_back(sim.out.metric("hiv.infections_in_" + info.name, MetricKind::Flow));
      in_detention_.push_back(info.closed());
    }
    // A human-rights outcome of its own: infections acquired while detained, in any detention setting.
    infections_detention_ = sim.out.metric("detention.hiv_infections", MetricKind::Flow);
    incidence_ = sim.out.metric("hiv.incidence_per_100py_pwid", MetricKind::Stock, false);
    partnerships_inj_ = sim.out.metric("hiv.partnerships_injecting", MetricKind::Stock);
    partnerships_sex_ = sim.out.metric("hiv.partnerships_sexual", MetricKind::Stock);
    partnerships_ext_ = sim.out.metric("hiv.partnerships_external", MetricKind::Stock);
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    const AgentId last = static_cast<AgentId>(first + count);
    for (AgentId a = first; a < last; ++a) {
      Draws d = sim.rng.agent_draws(network_stream_, a);
      auto& t = (*targets_)[a];
      t[0] = static_cast<std::uint8_t>(d.categorical(r_.inj_shares.data(), r_.inj_shares.size()));
      t[1] = static_cast<std::uint8_t>(d.categorical(r_.sex_shares.data(), r_.sex_shares.size()));
      t[2] = static_cast<std::uint8_t>(d.categorical(r_.ext_shares.data(), r_.ext_shares.size()));
      (*ready_)[a] = 1;
      // People present at the start already have their external partners (a stationary start).
      if (sim.now() <= 0.0 && active(sim, a)) {
        for (std::size_t k = 0; k < t[2]; ++k) (*ext_)[a][k] = new_external(d);
      }
      sync_pools(sim, a);
    }
    // The network at the start is built at once: each person, in id order, fills their open slots.
    if (sim.now() <= 0.0) {
      if (r_.end_on_detention) {
        for (AgentId a = first; a < last; ++a) {
          if (model_->closed(pp_.setting_of(a))) end_all(sim, a, true);
        }
      }
      for (AgentId a = first; a < last; ++a) {
        Draws d = sim.rng.agent_draws(network_stream_, a);
        for (Route r : {Route::Injecting, Route::Sexual}) {
          while (deficit(sim, a, r) > 0) {
            if (!form(sim, a, r, d)) break;
          }
        }
      }
    }
    for (AgentId a = first; a < last; ++a) {
      schedule_network(sim, a);
      refresh_clocks(sim, a);
      update_facility(sim, a);
    }
    track_pwid(sim, first, last);
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (!(*ready_)[a]) return;
    const bool alive = (what & change::kDeath) == 0 && sim.pop.alive(a);
    if (!alive || (r_.end_on_detention && model_->closed(pp_.setting_of(a)))) {
      end_all(sim, a, true);
    } else if (!injects(a)) {
      end_all(sim, a, false);  // stopping injection ends needle-sharing partnerships only
    }
    sync_pools(sim, a);
    if (alive) {
      schedule_network(sim, a);
      refresh_clocks(sim, a);
    }
    // A partner's hazard depends on `a` only through a's infectiousness (HIV state, changed with kHiv)
    // while active (alive and not in a closed setting: kDeath, kSetting). It is 0 for a susceptible
    // person, and one susceptible now was susceptible before this change too (infection is not undone).
    // Otherwise the partners' clocks cannot have changed (those dropped by end_all were refreshed
    // there), so skipping them is exact: refreshing would recompute the same rates and draw nothing.
    // It spares touching up to 6 partners and their 36 partners on most notifications.
    if (!susceptible(a) && (what & (change::kHiv | change::kSetting | change::kDeath)))
      refresh_partners(sim, a);
    update_facility(sim, a);
    track_pwid(sim, a, a + 1);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == network_.kind()) {
      network_event(sim, a);
    } else if (ev.kind == inj_.kind()) {
      infect(sim, a, Route::Injecting);
    } else if (ev.kind == sex_.kind()) {
      infect(sim, a, Route::Sexual);
    } else if (ev.kind == ext_infect_.kind()) {
      infect_external(sim, a);
    } else {
      const auto f =
          std::find(facility_kinds_.begin(), facility_kinds_.end(), ev.kind) - facility_kinds_.begin();
      facility_event(sim, static_cast<std::size_t>(f));
    }
  }

  void record_year(Simulation& sim, int year) override {
    pwid_susceptible_.advance(sim.now(), Discounting{});
    const double py = pwid_susceptible_.total / kDaysPerYear;
    sim.out.set(incidence_, year, py > 0.0 ? 100.0 * pwid_infections_ / py : 0.0);
    pwid_susceptible_.reset_totals();
    pwid_infections_ = 0.0;
    double inj = 0.0, sex = 0.0, ext = 0.0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!sim.pop.alive(a)) continue;
      inj += static_cast<double>(net_.degree(a, Route::Injecting));
      sex += static_cast<double>(net_.degree(a, Route::Sexual));
      ext += filled_external((*ext_)[a]);
    }
    sim.out.set(partnerships_inj_, year, inj / 2.0);
    sim.out.set(partnerships_sex_, year, sex / 2.0);
    sim.out.set(partnerships_ext_, year, ext);
  }

 private:
  bool injects(AgentId a) const { return (*pp_.injecting)[a] != 0; }
  bool active(Simulation& sim, AgentId a) const {
    return sim.pop.alive(a) && !model_->closed(pp_.setting_of(a));
  }
  bool susceptible(AgentId a) const {
    return (*stage_)[a] == static_cast<std::uint8_t>(HivStage::Susceptible);
  }
  /// Relative infectiousness: by stage, or the suppressed multiplier on suppressive ART.
  double infectiousness(AgentId a) const {
    if ((*care_)[a] & hiv_care::kSuppressed) return susceptible(a) ? 0.0 : r_.suppressed_weight;
    return r_.weight[(*stage_)[a]];
  }
  External new_external(Draws& d) const {
    return d.bernoulli(r_.ext_prevalence) ? External::Infected : External::Susceptible;
  }
  int deficit(Simulation& sim, AgentId a, Route r) const {
    if (!active(sim, a) || (r == Route::Injecting && !injects(a))) return 0;
    return static_cast<int>((*targets_)[a][r == Route::Injecting ? 0 : 1]) -
           static_cast<int>(net_.degree(a, r));
  }
  int ext_deficit(Simulation& sim, AgentId a) const {
    if (!active(sim, a)) return 0;
    return static_cast<int>((*targets_)[a][2]) - filled_external((*ext_)[a]);
  }

  void sync_pools(Simulation& sim, AgentId a) {
    const std::uint8_t region = (*pp_.region)[a];
    if (deficit(sim, a, Route::Injecting) > 0)
      pools_[0].join(a, pool_key(region, 0));
    else
      pools_[0].leave(a);
    if (deficit(sim, a, Route::Sexual) > 0)
      pools_[1].join(a, pool_key(region, static_cast<std::uint8_t>(injects(a) ? 1 : 0)));
    else
      pools_[1].leave(a);
  }

  /// Picks a partner for `a` from the pool of route r (own region with probability hiv.same_region_mixing,
  /// for sex own injecting group with hiv.sexual_injecting_assortativity) and links them; false if none
  /// found.
  bool form(Simulation& sim, AgentId a, Route r, Draws& d) {
    PartnerPool& pool = pools_[r == Route::Injecting ? 0 : 1];
    const bool own_region = d.bernoulli(r_.same_region);
    const bool own_group = r == Route::Sexual && d.bernoulli(r_.same_group);
    for (int attempt = 0; attempt < 3; ++attempt) {
      const AgentId b = pool.pick((*pp_.region)[a], injects(a) ? 1u : 0u, own_region, own_group, d.uniform());
      if (b == kNoPartner) return false;
      if (b == a || net_.linked(a, b) || !net_.add(a, b, r)) continue;  // retry
      sync_pools(sim, a);
      sync_pools(sim, b);
      if (sim.now() > 0.0) changed_pair(sim, a, b);
      return true;
    }
    return false;
  }

  void changed_pair(Simulation& sim, AgentId a, AgentId b) {
    schedule_network(sim, b);
    refresh_clocks(sim, a);
    refresh_clocks(sim, b);
  }

  void network_rates(Simulation& sim, AgentId a, std::array<double, kComponents>& w) const {
    const int ext_n = filled_external((*ext_)[a]);
    w[kFormInj] = r_.form[0] * std::max(0, deficit(sim, a, Route::Injecting));
    w[kFormSex] = r_.form[1] * std::max(0, deficit(sim, a, Route::Sexual));
    w[kFormExt] = r_.form[2] * std::max(0, ext_deficit(sim, a));
    w[kEndInj] = r_.end[0] * static_cast<double>(net_.degree(a, Route::Injecting));
    w[kEndSex] = r_.end[1] * static_cast<double>(net_.degree(a, Route::Sexual));
    w[kEndExt] = r_.end[2] * ext_n;
  }

  /// Sets the network clock to the current rate of partnership formation and dissolution.
  void schedule_network(Simulation& sim, AgentId a) {
    std::array<double, kComponents> w{};
    network_rates(sim, a, w);
    double rate = 0.0;
    for (double x : w) rate += x;
    network_.set(sim, a, rate);
  }

  void network_event(Simulation& sim, AgentId a) {
    std::array<double, kComponents> w{};
    network_rates(sim, a, w);
    if (w[kFormInj] + w[kFormSex] + w[kFormExt] + w[kEndInj] + w[kEndSex] + w[kEndExt] <= 0.0) return;
    Draws d = sim.rng.agent_draws(network_stream_, a);
    const std::size_t c = d.categorical(w.data(), kComponents);
    if (c == kFormInj || c == kFormSex) {
      form(sim, a, c == kFormInj ? Route::Injecting : Route::Sexual, d);
    } else if (c == kFormExt) {
      nth_external((*ext_)[a], External::None, 0) = new_external(d);
    } else if (c == kEndExt) {
      const int n = filled_external((*ext_)[a]);
      auto i = static_cast<int>(d.uniform() * n);
      for (External& e : (*ext_)[a]) {
        if (e != External::None && i-- == 0) e = External::None;
      }
    } else {
      const Route r = c == kEndInj ? Route::Injecting : Route::Sexual;
      const auto n = static_cast<double>(net_.degree(a, r));
      auto i = static_cast<std::size_t>(d.uniform() * n);
      for (std::size_t k = slot_begin(r); k < slot_end(r); ++k) {
        if ((*net_.slots)[a][k] == kNoPartner || i-- > 0) continue;
        const AgentId b = net_.remove_slot(a, k);
        sync_pools(sim, a);
        sync_pools(sim, b);
        changed_pair(sim, a, b);
        break;
      }
    }
    refresh_clocks(sim, a);
    schedule_network(sim, a);
  }

  /// Ends all partnerships of `a` (all, or only needle sharing) and updates the former partners.
  void end_all(Simulation& sim, AgentId a, bool all) {
    for (std::size_t k = 0; k < (all ? kPartnerSlots : kInjectingSlots); ++k) {
      const AgentId b = net_.remove_slot(a, k);
      if (b == kNoPartner) continue;
      sync_pools(sim, b);
      schedule_network(sim, b);
      refresh_clocks(sim, b);
    }
    if (all) (*ext_)[a].fill(External::None);
  }

  /// Redraws the transmission clocks of `a`: as a susceptible, the superposition of its serodiscordant
  /// partnerships (needle sharing and sex separately, so that the NSP lever scales one of them);
  /// as an infected person, infection of its susceptible external partners.
  void refresh_clocks(Simulation& sim, AgentId a) {
    double inj = 0.0, sex = 0.0, ext = 0.0;
    if (active(sim, a)) {
      const bool sus = susceptible(a);
      const PartnerSlots& s = (*net_.slots)[a];
      if (sus) {
        for (std::size_t k = 0; k < kPartnerSlots; ++k) {
          if (s[k] == kNoPartner || !active(sim, s[k])) continue;
          (k < kInjectingSlots ? inj : sex) += infectiousness(s[k]);
        }
        sex += count_external((*ext_)[a], External::Infected);
        inj *= r_.inj_per_day * (model_->settings[pp_.setting_of(a)].opioid_agonist ? r_.mmt_factor : 1.0);
        sex *= r_.sex_per_day;
      } else {
        ext = count_external((*ext_)[a], External::Susceptible) * infectiousness(a) * r_.sex_per_day;
      }
    }
    inj_.set(sim, a, inj, kNever, &nsp_factor_);
    sex_.set(sim, a, sex);
    ext_infect_.set(sim, a, ext);
  }

  void refresh_partners(Simulation& sim, AgentId a) {
    for (AgentId b : (*net_.slots)[a]) {
      if (b != kNoPartner) refresh_clocks(sim, b);
    }
  }

  void infect(Simulation& sim, AgentId a, Route route) {
    if (!susceptible(a)) return;
    (*stage_)[a] = static_cast<std::uint8_t>(HivStage::Acute);
    sim.out.add(infections_, 1.0);
    sim.out.add(route == Route::Injecting ? infections_inj_ : infections_sex_, 1.0);
    sim.out.add(infections_in_[(*pp_.setting)[a]], 1.0);
    if (in_detention_[(*pp_.setting)[a]]) sim.out.add(infections_detention_, 1.0);
    if (injects(a)) pwid_infections_ += 1.0;
    sim.notify(a, change::kHiv);  // reschedules a, its partners and the cascade through on_agent_changed
  }

  void infect_external(Simulation& sim, AgentId a) {
    Draws d = sim.rng.agent_draws(infect_stream_, a);
    const int n = count_external((*ext_)[a], External::Susceptible);
    if (n == 0) return;
    nth_external((*ext_)[a], External::Susceptible, static_cast<int>(d.uniform() * n)) = External::Infected;
    sim.out.add(infections_partners_, 1.0);
    refresh_clocks(sim, a);
  }

  // --- risk inside closed settings: injecting detainees share with a random injecting co-detainee ------
  void update_facility(Simulation& sim, AgentId a) {
    if (facility_kinds_.empty()) return;
    std::uint8_t code = 0;
    const std::size_t f = facility_of_[pp_.setting_of(a)];
    if (f != kOutside && facility_per_day_[f] > 0.0 && sim.pop.alive(a) && injects(a)) {
      std::size_t c = (*stage_)[a];
      if (c != 0 && ((*care_)[a] & hiv_care::kSuppressed)) c = 4;
      code = static_cast<std::uint8_t>(1 + f * FacilityMixing::kClasses + c);
    }
    const std::uint64_t changed = facility_.set(a, code);
    for (std::size_t g = 0; g < facility_kinds_.size(); ++g) {
      if (!(changed & (std::uint64_t{1} << g))) continue;
      const double rate = facility_.rate(g, facility_per_day_[g], facility_weight_);
      if (rate <= 0.0) {
        sim.sched.cancel(facility_kinds_[g], kGlobalAgent);
        continue;
      }
      Draws d = sim.rng.global_draws(facility_stream_);
      schedule_within_horizon(sim, facility_kinds_[g], kGlobalAgent, sim.now() + d.exponential() / rate);
    }
  }

  void facility_event(Simulation& sim, std::size_t f) {
    Draws d = sim.rng.global_draws(facility_stream_);
    const AgentId a = facility_.pick(f, d.uniform());
    if (a != kNoPartner) infect(sim, a, Route::Injecting);  // its notify redraws this facility's clock
  }

  /// Susceptible person-time of people who inject (all settings), the denominator of incidence.
  void track_pwid(Simulation& sim, AgentId first, AgentId last) {
    for (AgentId a = first; a < last; ++a) {
      const std::uint8_t now_in = sim.pop.alive(a) && injects(a) && susceptible(a);
      if (now_in == (*pwid_flag_)[a]) continue;
      pwid_susceptible_.change(sim.now(), Discounting{}, now_in ? 1.0 : -1.0);
      (*pwid_flag_)[a] = now_in;
    }
  }

  Model* model_ = nullptr;
  People pp_{};
  PartnerNetwork net_;
  std::array<PartnerPool, 2> pools_;
  FacilityMixing facility_;
  std::array<double, FacilityMixing::kClasses> facility_weight_{};
  HivRates r_;
  double pwid_infections_ = 0.0;
  Lever nsp_factor_;
  Column<std::uint8_t>*stage_ = nullptr, *care_ = nullptr, *ready_ = nullptr, *pwid_flag_ = nullptr;
  Column<ExternalSlots>* ext_ = nullptr;
  Column<std::array<std::uint8_t, 3>>* targets_ = nullptr;
  RateIntegrator pwid_susceptible_;
  StreamHandle network_stream_, infect_stream_, facility_stream_;
  HazardClock network_, inj_, sex_,
      ext_infect_;  ///< partnership changes; infection by needle sharing, sex, of partners
  static constexpr std::size_t kOutside = static_cast<std::size_t>(-1);
  std::vector<std::size_t> facility_of_;   ///< by setting: facility index, or kOutside
  std::vector<EventKind> facility_kinds_;  ///< by facility
  std::vector<double>
      facility_per_day_;  ///< by facility: sharing risk per day with one infectious co-detainee
  MetricId infections_ = 0, infections_inj_ = 0, infections_sex_ = 0, infections_partners_ = 0,
           incidence_ = 0;
  MetricId partnerships_inj_ = 0, partnerships_sex_ = 0, partnerships_ext_ = 0;
  std::vector<MetricId> infections_in_;  ///< by setting
  std::vector<bool> in_detention_;       ///< by setting: of the detention class
  MetricId infections_detention_{};
};

const ModuleRegistration registration{ModuleInfo{
    .type = "process.hiv_transmission",
    .description =
        "HIV partnership network (needle sharing, sex, external partners) and transmission as events",
    .params = hiv_transmission_params(),
    .create = [] { return std::unique_ptr<Module>(new HivTransmission()); },
    .order = 70,
    .needs = {kModelHub},
    .uses = {kHarmReductionType},
    .subscribes = change::kSetting | change::kStage | change::kHiv | change::kDeath,
}};

}  // namespace
}  // namespace pathways
