// The model hub: moves between settings, person-time and cost accounting, deaths, retention curves.
#include "model/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

namespace pathways {

namespace {
constexpr std::array<double, 4> kRetentionMonths = {3, 6, 12, 24};
constexpr double kDaysPerMonth = kDaysPerYear / 12.0;
constexpr double kFourWeeks = 28.0;
}  // namespace

Model::Model(Simulation& sim)
    : people(People::bind(sim.pop)),
      settings(Settings::from(sim.declarations())),
      cost_discount(Discounting::annual(sim.params().number("costs.discount_rate"))),
      health_discount(Discounting::annual(sim.params().number("health.discount_rate"))),
      costs_(sim, settings, cost_discount) {
  open_episode_ = &sim.pop.column<std::uint32_t>("model.open_episode", 0u);
  waiting_for_ = &sim.pop.column<std::uint8_t>("model.waiting_for", 0);
  ticket_ = &sim.pop.column<std::uint32_t>("model.wait_ticket", 0u);
  const std::size_t n = settings.size();
  services_.assign(n, nullptr);
  counts_.assign(n, 0);
  person_days_.assign(n, RateIntegrator{});
  retention_metrics_.assign(n, {});
  waitlists_.assign(n, Queue{});
  for (std::size_t s = 0; s < n; ++s) {
    const std::string& name = settings[static_cast<SettingId>(s)].name;
    setting_metrics_.push_back({sim.out.metric(name + ".occupancy", MetricKind::Stock),
                                sim.out.metric(name + ".admissions", MetricKind::Flow),
                                sim.out.metric(name + ".exits", MetricKind::Flow),
                                sim.out.metric(name + ".completions", MetricKind::Flow),
                                sim.out.metric(name + ".person_years", MetricKind::Flow),
                                sim.out.metric(name + ".deaths", MetricKind::Flow),
                                sim.out.metric(name + ".deaths_within_4w_of_release", MetricKind::Flow)});
    if (s == kCommunity) continue;
    SettingMetrics& m = setting_metrics_.back();
    for (std::size_t r = 0; r < kExitReasons; ++r) {
      m.exits_by_reason[r] =
          sim.out.metric(name + ".exits_" + std::string(kExitReasonNames[r]), MetricKind::Flow);
    }
    if (settings[static_cast<SettingId>(s)].closed()) {
      m.releases = sim.out.metric(name + ".releases", MetricKind::Flow);
      m.releases_to_mmt = sim.out.metric(name + ".releases_to_mmt_180d", MetricKind::Flow);
    }
  }
  for (const auto& [total, classes] :
       {std::pair{std::string(kReservedSettingNames[0]), std::vector{SettingClass::Detention}},
        std::pair{std::string(kReservedSettingNames[1]),
                  std::vector{SettingClass::Treatment, SettingClass::Diversion}}}) {
    ClassTotals c;
    for (std::size_t s = 0; s < n; ++s) {
      const SettingClass k = settings[static_cast<SettingId>(s)].cls;
      if (std::find(classes.begin(), classes.end(), k) != classes.end())
        c.members.push_back(static_cast<SettingId>(s));
    }
    c.occupancy = sim.out.metric(total + ".occupancy", MetricKind::Stock);
    c.admissions = sim.out.metric(total + ".admissions", MetricKind::Flow);
    c.person_years = sim.out.metric(total + ".person_years", MetricKind::Flow);
    c.exits = sim.out.metric(total + (total == "detention" ? ".releases" : ".exits"), MetricKind::Flow);
    c.deaths = sim.out.metric(total + ".deaths", MetricKind::Flow);
    class_totals_.push_back(std::move(c));
  }
  for (std::size_t s = 0; s < n; ++s) {
    if (!settings[static_cast<SettingId>(s)].has_episodes()) continue;
    for (std::size_t m = 0; m < kRetentionMonths.size(); ++m) {
      retention_metrics_[s][m] =
          sim.out.metric(settings[static_cast<SettingId>(s)].name + ".retention_" +
                             std::to_string(static_cast<int>(kRetentionMonths[m])) + "m",
                         MetricKind::Stock, false);
    }
  }
  alive_metric_ = sim.out.metric("population.alive", MetricKind::Stock);
  entries_metric_ = sim.out.metric("population.entries", MetricKind::Flow);
  deaths_metric_ = sim.out.metric("population.deaths", MetricKind::Flow);
  for (std::size_t c = 1; c < kDeathCauseNames.size(); ++c) {
    death_metrics_[c] = sim.out.metric("deaths." + std::string(kDeathCauseNames[c]), MetricKind::Flow);
  }
  life_years_metric_ = sim.out.metric("health.life_years", MetricKind::Flow);
  life_years_disc_metric_ = sim.out.metric("health.life_years_discounted", MetricKind::Flow);
  deaths_after_release_ = sim.out.metric("detention.deaths_within_4w_of_release", MetricKind::Flow);
  released_from_ = &sim.pop.column<std::uint8_t>("model.released_from", kCommunity);
  release_linked_ = &sim.pop.column<std::uint8_t>("model.release_linked", 0);
}

void Model::mark_released(Simulation& sim, AgentId a, SettingId from) {
  (*people.last_release_day)[a] = sim.now();
  (*released_from_)[a] = from;
  (*release_linked_)[a] = 0;
  if ((*people.detentions)[a] == 0) (*people.detentions)[a] = 1;
  sim.out.add(setting_metrics_[from].releases, 1.0);
}

void Model::count_exit(Simulation& sim, SettingId from, ExitReason why) {
  if (from == kCommunity) return;
  sim.out.add(setting_metrics_[from].exits, 1.0);
  sim.out.add(setting_metrics_[from].exits_by_reason[static_cast<std::size_t>(why)], 1.0);
  if (why == ExitReason::Completed) sim.out.add(setting_metrics_[from].completions, 1.0);
}

void Model::count_linkage(Simulation& sim, AgentId a, SettingId to) {
  if (!settings[to].opioid_agonist || (*release_linked_)[a]) return;
  const Days released = (*people.last_release_day)[a];
  const Days now = sim.now();
  if (!std::isfinite(released) || now - released > 180.0) return;
  (*release_linked_)[a] = 1;
  const int year = sim.calendar.year_of(released) - sim.config().start_year;
  if (year >= 0 && year < sim.config().years) {
    sim.out.add_at(setting_metrics_[(*released_from_)[a]].releases_to_mmt, year, 1.0);
  }
}

void Model::enter_remission(Simulation& sim, AgentId a) {
  if (remission_handler_) {
    remission_handler_(sim, a);
    return;
  }
  (*people.stage)[a] = static_cast<std::uint8_t>(Stage::Remission);
  sim.notify(a, change::kStage);
}

void Model::register_service(SettingId s, Service* service) {
  if (services_[s] != nullptr) throw std::logic_error("two services for setting '" + settings[s].name + "'");
  services_[s] = service;
}

bool Model::admit(Simulation& sim, AgentId a, SettingId s, Referral via) {
  Service* service = services_[s];
  if (!service || !sim.pop.alive(a)) return false;
  if (settings[s].opioid_only && (*people.substance)[a] != kOpioid) return false;
  return service->admit(sim, a, via);
}

void Model::move(Simulation& sim, AgentId a, SettingId to, ExitReason why) {
  if (!sim.pop.alive(a)) throw std::logic_error("move of a dead agent");
  const Days now = sim.now();
  const SettingId from = people.setting_of(a);
  person_days_[from].change(now, cost_discount, -1.0);
  person_days_[to].change(now, cost_discount, +1.0);
  --counts_[from];
  ++counts_[to];
  close_episode(a, from, now, why);
  count_exit(sim, from, why);
  if (settings[from].closed()) {
    (*people.last_release_day)[a] = now;
    if (!settings[to].closed()) {
      (*released_from_)[a] = from;
      (*release_linked_)[a] = 0;
      sim.out.add(setting_metrics_[from].releases, 1.0);
    }
  }
  count_linkage(sim, a, to);
  if (settings[from].has_episodes()) (*people.last_treatment_exit_day)[a] = now;
  for (const auto& c : class_totals_) {
    const bool into = std::find(c.members.begin(), c.members.end(), to) != c.members.end();
    const bool out_of = std::find(c.members.begin(), c.members.end(), from) != c.members.end();
    if (out_of && !into) sim.out.add(c.exits, 1.0);
  }
  if (to != kCommunity) {
    sim.out.add(setting_metrics_[to].admissions, 1.0);
    for (const auto& c : class_totals_) {
      const bool into = std::find(c.members.begin(), c.members.end(), to) != c.members.end();
      const bool out_of = std::find(c.members.begin(), c.members.end(), from) != c.members.end();
      if (into && !out_of) sim.out.add(c.admissions, 1.0);
    }
  }
  if (from == kCommunity && waiting(a)) leave_waitlist(a);
  (*people.last_setting)[a] = from;
  (*people.setting)[a] = to;
  (*people.setting_entry_day)[a] = now;
  if (settings[to].has_episodes()) {
    episodes_.push_back(Episode{now, 0.0f, to, 0});
    (*open_episode_)[a] = static_cast<std::uint32_t>(episodes_.size());
  }
  sim.notify(a, change::kSetting);
}

void Model::close_episode(AgentId a, SettingId from, Days now, ExitReason why) {
  std::uint32_t& open = (*open_episode_)[a];
  if (open == 0) return;
  Episode& e = episodes_[open - 1];
  if (e.setting == from) {
    e.duration = static_cast<float>(now - e.start);
    e.event =
        (why == ExitReason::Dropout || why == ExitReason::Arrested || why == ExitReason::Failed) ? 1 : 0;
  }
  open = 0;
}

void Model::place_initial(AgentId a, SettingId s, Days entry_day) {
  (*people.setting)[a] = s;
  (*people.setting_entry_day)[a] = entry_day;
}

void Model::on_agents_added(Simulation& sim, AgentId first, std::size_t count) {
  // Columns were filled before modules are notified, so initial settings are already known.
  // Integrators advance to now first: new people add person-time from their entry on, not before.
  const Days now = sim.now();
  for (AgentId a = first; a < first + count; ++a) {
    const auto s = (*people.setting)[a];
    ++counts_[s];
    person_days_[s].change(now, cost_discount, +1.0);
  }
  alive_ += static_cast<long>(count);
  life_days_.change(now, health_discount, static_cast<double>(count));
}

void Model::kill(Simulation& sim, AgentId a, DeathCause cause) {
  if (!sim.pop.alive(a)) return;
  const Days now = sim.now();
  const SettingId from = people.setting_of(a);
  person_days_[from].change(now, cost_discount, -1.0);
  life_days_.change(now, health_discount, -1.0);
  --counts_[from];
  --alive_;
  close_episode(a, from, now, ExitReason::Died);
  count_exit(sim, from, ExitReason::Died);
  if (waiting(a)) leave_waitlist(a);
  (*people.death_cause)[a] = static_cast<std::uint8_t>(cause);
  sim.out.add(deaths_metric_, 1.0);
  sim.out.add(setting_metrics_[from].deaths, 1.0);
  for (const auto& c : class_totals_) {
    if (std::find(c.members.begin(), c.members.end(), from) != c.members.end()) sim.out.add(c.deaths, 1.0);
  }
  // A death within four weeks of release from detention, counted by the setting released from.
  if (!settings[from].closed() && now < (*people.last_release_day)[a] + kFourWeeks) {
    sim.out.add(deaths_after_release_, 1.0);
    sim.out.add(setting_metrics_[(*released_from_)[a]].deaths_after_release, 1.0);
  }
  sim.out.add(death_metrics_[static_cast<std::size_t>(cause)], 1.0);
  sim.kill(a);
}

void Model::enable_waitlist(Simulation& sim, SettingId s) {
  Queue& q = waitlists_[s];
  if (q.enabled) return;
  const std::string& name = settings[s].name;
  q.enabled = true;
  q.length = sim.out.metric(name + ".waitlist", MetricKind::Stock);
  q.mean_wait = sim.out.metric(name + ".mean_wait_days", MetricKind::Stock, false);
  q.joins = sim.out.metric(name + ".waitlist_joins", MetricKind::Flow);
  q.admitted = sim.out.metric(name + ".admissions_from_waitlist", MetricKind::Flow);
}

void Model::join_waitlist(Simulation& sim, AgentId a, SettingId s, Referral via) {
  Queue& q = waitlists_[s];
  if (!q.enabled) throw std::logic_error("no waitlist for setting '" + settings[s].name + "'");
  if (waiting(a) || people.setting_of(a) != kCommunity)
    throw std::logic_error("join_waitlist: not free to wait");
  (*ticket_)[a] = ++next_ticket_;
  (*waiting_for_)[a] = static_cast<std::uint8_t>(s + 1);
  q.entries.emplace_back(a, next_ticket_);
  q.since.push_back(sim.now());
  q.via.push_back(via);
  ++q.waiting;
  sim.out.add(q.joins, 1.0);
}

void Model::leave_waitlist(AgentId a) {
  --waitlists_[(*waiting_for_)[a] - 1u].waiting;
  (*waiting_for_)[a] = 0;
  (*ticket_)[a] = 0;
}

std::optional<Model::Waiting> Model::take_next_waiting(SettingId s) {
  Queue& q = waitlists_[s];
  std::optional<Waiting> out;
  while (q.head < q.entries.size() && q.waiting > 0) {
    const std::size_t i = q.head++;
    const auto [a, ticket] = q.entries[i];
    if ((*ticket_)[a] != ticket || (*waiting_for_)[a] != s + 1u) continue;  // left the list meanwhile
    leave_waitlist(a);
    out = Waiting{a, q.via[i], q.since[i]};
    break;
  }
  // Drop the consumed front once it is most of the queue (amortised O(1) per entry).
  if (q.waiting == 0 || q.head == q.entries.size()) {
    q.entries.clear();
    q.since.clear();
    q.via.clear();
    q.head = 0;
  } else if (q.head > 4096 && 2 * q.head > q.entries.size()) {
    const auto h = static_cast<std::ptrdiff_t>(q.head);
    q.entries.erase(q.entries.begin(), q.entries.begin() + h);
    q.since.erase(q.since.begin(), q.since.begin() + h);
    q.via.erase(q.via.begin(), q.via.begin() + h);
    q.head = 0;
  }
  return out;
}

void Model::count_admission_from_waitlist(Simulation& sim, SettingId s, Days since) {
  Queue& q = waitlists_[s];
  q.year_wait_days += sim.now() - since;
  ++q.year_waited;
  sim.out.add(q.admitted, 1.0);
}

ExitReason exit_reason_for(const SettingInfo& from, Referral via) {
  if (via == Referral::Court && from.cls == SettingClass::Diversion) return ExitReason::Failed;
  if (via == Referral::Police || via == Referral::Court || via == Referral::Diversion)
    return ExitReason::Arrested;
  if (from.closed()) return ExitReason::Released;
  if (from.has_episodes() && via == Referral::Transfer) return ExitReason::Completed;
  return ExitReason::Transferred;
}

TailYears Model::future_years(const Simulation& sim, AgentId a, const Discounting& d) const {
  const std::uint8_t sub = std::min<std::uint8_t>((*people.substance)[a], kSubstances - 1);
  std::array<double, kTailStates> start{};
  bool injects = (*people.injecting)[a] != 0;
  if (tail_spec_.start) {
    tail_spec_.start(sim, a, start, injects);
  } else {
    // Without a drug-use process the stage stays as it is (remission as the remission state).
    const Stage st = people.stage_of(a);
    start[st == Stage::Remission ? 5 : static_cast<std::size_t>(st) - 1] = 1.0;  // remission after dependence
  }
  auto& tail = tails_[sub * 2 + (injects ? 1 : 0)];
  if (!tail) {
    TailChain chain = tail_spec_.rates ? tail_spec_.rates(sub, injects) : TailChain{};
    for (std::size_t j = 0; j < kTailStates; ++j) {
      const Stage st = tail_stage(j);
      for (const auto& h : stage_hazards_) chain.death_per_year[j] += h(sim, sub, st, injects && j < 3);
    }
    tail.emplace(chain, reference_life_table_);
  }
  double own = 0.0;
  for (const auto& h : person_hazards_) own += h(sim, a);
  const Days now = sim.now();
  TailYears y = tail->years(start, people.age_years(a, now), gompertz_a_[(*people.sex)[a] & 1u], gompertz_b_,
                            own, d.delta_per_day * kDaysPerYear);
  for (double& v : y.discounted) v *= d.factor(now);
  y.yll_discounted *= d.factor(now);
  return y;
}

void Model::record_year(Simulation& sim, int year) {
  const Days now = sim.now();
  long total_people = 0;
  std::vector<double> person_years(settings.size(), 0.0), days(settings.size(), 0.0),
      days_disc(settings.size(), 0.0);
  for (std::size_t s = 0; s < settings.size(); ++s) {
    RateIntegrator& pd = person_days_[s];
    pd.advance(now, cost_discount);
    person_years[s] = pd.total / kDaysPerYear;
    days[s] = pd.total;
    days_disc[s] = pd.discounted;
    sim.out.set(setting_metrics_[s].occupancy, year, static_cast<double>(counts_[s]));
    sim.out.add(setting_metrics_[s].person_years, person_years[s]);
    pd.reset_totals();
    total_people += counts_[s];
  }
  costs_.close_year(sim, year, sim.calendar.year_start(sim.config().start_year + year), days, days_disc);
  for (const auto& c : class_totals_) {
    double occ = 0.0, py = 0.0;
    for (SettingId s : c.members) {
      occ += static_cast<double>(counts_[s]);
      py += person_years[s];
    }
    sim.out.set(c.occupancy, year, occ);
    sim.out.add(c.person_years, py);
  }
  if (total_people != alive_) {
    throw std::logic_error("conservation of people failed: settings hold " + std::to_string(total_people) +
                           " people but " + std::to_string(alive_) + " are alive");
  }
  life_days_.advance(now, health_discount);
  sim.out.add(life_years_metric_, life_days_.total / kDaysPerYear);
  sim.out.add(life_years_disc_metric_, life_days_.discounted / kDaysPerYear);
  life_days_.reset_totals();
  sim.out.set(alive_metric_, year, static_cast<double>(alive_));

  for (auto& q : waitlists_) {
    if (!q.enabled) continue;
    sim.out.set(q.length, year, static_cast<double>(q.waiting));
    sim.out.set(q.mean_wait, year,
                q.year_waited > 0 ? q.year_wait_days / static_cast<double>(q.year_waited) : 0.0);
    q.year_wait_days = 0.0;
    q.year_waited = 0;
  }
  ++invariant_checks_;
  record_retention(sim, year);
}

void Model::record_retention(Simulation& sim, int year) {
  const Days now = sim.now();
  // Open episodes are censored at the current time.
  std::vector<Episode> snapshot = episodes_;
  for (AgentId a = 0; a < open_episode_->size(); ++a) {
    const std::uint32_t open = (*open_episode_)[a];
    if (open != 0) snapshot[open - 1].duration = static_cast<float>(now - snapshot[open - 1].start);
  }
  std::vector<double> grid;
  for (double m : kRetentionMonths) grid.push_back(m * kDaysPerMonth);
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (!settings[static_cast<SettingId>(s)].has_episodes()) continue;
    const auto km = kaplan_meier(snapshot, static_cast<SettingId>(s), grid);
    for (std::size_t m = 0; m < grid.size(); ++m) sim.out.set(retention_metrics_[s][m], year, km[m]);
  }
}

void Model::finish(Simulation& sim) {
  const Days now = sim.now();
  for (AgentId a = 0; a < open_episode_->size(); ++a) {
    const std::uint32_t open = (*open_episode_)[a];
    if (open != 0) episodes_[open - 1].duration = static_cast<float>(now - episodes_[open - 1].start);
  }
  std::vector<double> grid;
  for (double d = 0; d <= std::min(now, 3.0 * kDaysPerYear); d += kDaysPerMonth) grid.push_back(d);
  for (std::size_t s = 0; s < settings.size(); ++s) {
    const SettingInfo& info = settings[static_cast<SettingId>(s)];
    if (!info.has_episodes()) continue;
    sim.out.set_curve(
        Curve{"retention." + info.name, grid, kaplan_meier(episodes_, static_cast<SettingId>(s), grid)});
  }
}

std::vector<double> kaplan_meier(const std::vector<Episode>& episodes, SettingId setting,
                                 const std::vector<double>& days) {
  std::vector<std::pair<float, std::uint8_t>> obs;
  for (const auto& e : episodes) {
    if (e.setting == setting) obs.emplace_back(e.duration, e.event);
  }
  return kaplan_meier(std::move(obs), days);
}

std::vector<double> kaplan_meier(std::vector<std::pair<float, std::uint8_t>> obs,
                                 const std::vector<double>& days) {
  std::sort(obs.begin(), obs.end());
  std::vector<double> out(days.size(), obs.empty() ? std::numeric_limits<double>::quiet_NaN() : 1.0);
  if (obs.empty()) return out;
  double survival = 1.0;
  std::size_t at_risk = obs.size(), i = 0, g = 0;
  while (g < days.size()) {
    // Apply all events with duration <= days[g] before reporting S(days[g]).
    if (i < obs.size() && obs[i].first <= days[g]) {
      const float t = obs[i].first;
      std::size_t events = 0, leaving = 0;
      while (i < obs.size() && obs[i].first == t) {
        events += obs[i].second;
        ++leaving;
        ++i;
      }
      if (at_risk > 0) survival *= 1.0 - static_cast<double>(events) / static_cast<double>(at_risk);
      at_risk -= leaving;
    } else {
      out[g++] = survival;
    }
  }
  return out;
}

// --- the hub module ---------------------------------------------------------------------------

namespace {

class SettingsModule final : public Module {
 public:
  std::unique_ptr<Model> model;
  void init(Simulation& sim) override { model = std::make_unique<Model>(sim); }
  void handle(Simulation&, const Event&) override {}
  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    model->on_agents_added(sim, first, count);
  }
  void record_year(Simulation& sim, int year) override { model->record_year(sim, year); }
  void finish(Simulation& sim) override { model->finish(sim); }
};

const ModuleRegistration registration{ModuleInfo{
    .type = "model.settings",
    .description =
        "Settings and moves between them, person-time, costs by service and payer, deaths, retention",
    .params =
        {
            number_param(
                "costs.discount_rate", "per year", 0.03, 0, 0.2,
                "WHO guide to cost-effectiveness analysis (WHO-CHOICE, 2003) [who-choice2003]: 3% per year",
                "Annual discount rate for costs."),
            number_param(
                "health.discount_rate", "per year", 0.03, 0, 0.2,
                "WHO guide to cost-effectiveness analysis (WHO-CHOICE, 2003) [who-choice2003]: 3% per year",
                "Annual discount rate for life-years, QALYs and DALYs."),
            choice_param(
                "economics.perspective", "government", {"health", "government", "societal"},
                "iDSI reference case [wilkinson2016-idsi]: the health sector at least, others where costs "
                "fall on them; "
                "transition "
                "plans move money between health, justice, public security and social affairs, so the "
                "government is the headline (health and societal are reported too)",
                "Whose costs the headline and the incremental analysis count: health (the health sector), "
                "government (every ministry) or societal (the government and households)."),
            choice_param(
                "economics.horizon", "lifetime", {"lifetime", "policy_period"},
                "iDSI reference case [wilkinson2016-idsi] and CHEERS 2022 [wilkinson2016-idsi] "
                "[husereau2022-cheers]: outcomes over a lifetime, so that a death always costs "
                "health",
                "lifetime: the policy period plus each survivor's expected future (life-years, QALYs, YLD, "
                "lifelong ART and MMT costs); policy_period: the simulated years only."),
            list_param(
                "economics.wtp_usd_per_qaly", "US$ per QALY", {}, 0, 1e7, 0,
                "none by default: thresholds are a country's own (a pack declares them with their sources)",
                "Willingness-to-pay values for net monetary benefit and acceptability (--wtp overrides)."),
            number_param(
                "economics.headline_wtp_usd_per_qaly", "US$ per QALY", 0, 0, 1e7,
                "none by default: a country pack names the one its headline uses",
                "The willingness-to-pay value the headline verdict uses (one of economics.wtp_usd_per_qaly; "
                "0: the headline states no verdict)."),
            integer_param("economics.price_year", "year", 2023, 1990, 2100,
                          "the year of the country packs' price figures once converted (CHEERS item 15 "
                          "[husereau2022-cheers])",
                          "Year of the prices (US$ of that year): reported, not used in computation."),
        },
    .create = [] { return std::unique_ptr<Module>(new SettingsModule()); },
    .order = 0,
    .provides = {kModelHub},
    .declares = {setting_declaration("community", SettingClass::Community, "Community (no service)",
                                     "model.settings")},
    .rules = {ParamRule{
        {"economics.wtp_usd_per_qaly", "economics.headline_wtp_usd_per_qaly"},
        "a headline willingness-to-pay value that is one of economics.wtp_usd_per_qaly (or 0)",
        [](const ParamValues& p, const std::vector<Declaration>&) {
          const double h = p.number("economics.headline_wtp_usd_per_qaly");
          const auto& all = p.list("economics.wtp_usd_per_qaly");
          if (h == 0.0 || std::find(all.begin(), all.end(), h) != all.end()) return std::string();
          return "US$" + std::to_string(static_cast<long long>(h)) + ", not in the list";
        }}},
}};

}  // namespace

Model& model_of(Simulation& sim) {
  auto* hub = dynamic_cast<SettingsModule*>(sim.module("model.settings"));
  // Loading checks every module's needs, and the hub initialises first (order 0).
  if (!hub || !hub->model) throw std::logic_error("the policy model needs the module 'model.settings' first");
  return *hub->model;
}

}  // namespace pathways
