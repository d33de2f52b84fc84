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
}  // namespace

Model::Model(Simulation& sim) : people(People::bind(sim.pop)) {
  const auto& p = sim.params();
  cost_discount = Discounting::annual(p.number("costs.discount_rate"));
  health_discount = Discounting::annual(p.number("health.discount_rate"));
  open_episode_ = &sim.pop.column<std::uint32_t>("model.open_episode", 0u);
  for (std::size_t s = 0; s < kSettings; ++s) {
    const std::string n(kSettingNames[s]);
    setting_metrics_[s] = {sim.out.metric(n + ".occupancy", MetricKind::Stock),
                           sim.out.metric(n + ".admissions", MetricKind::Flow),
                           sim.out.metric(n + ".exits", MetricKind::Flow),
                           sim.out.metric(n + ".completions", MetricKind::Flow),
                           sim.out.metric(n + ".person_years", MetricKind::Flow)};
    setting_account_[s] = cost_account(n, Payer::Health);
    day_payer_[s] = Payer::Health;
  }
  for (std::size_t s = 0; s < kSettings; ++s) {
    if (!is_treatment(static_cast<Setting>(s))) continue;
    for (std::size_t m = 0; m < kRetentionMonths.size(); ++m) {
      retention_metrics_[s][m] = sim.out.metric(
          std::string(kSettingNames[s]) + ".retention_" + std::to_string(static_cast<int>(kRetentionMonths[m])) + "m",
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
  cost_total_ = sim.out.metric("cost.total_usd", MetricKind::Flow);
  cost_total_disc_ = sim.out.metric("cost.total_usd_discounted", MetricKind::Flow);
  for (std::size_t p2 = 0; p2 < kPayerNames.size(); ++p2) {
    payer_metrics_[p2] = sim.out.metric("cost.payer_" + std::string(kPayerNames[p2]) + "_usd", MetricKind::Flow);
    payer_metrics_disc_[p2] =
        sim.out.metric("cost.payer_" + std::string(kPayerNames[p2]) + "_usd_discounted", MetricKind::Flow);
  }
}

bool Model::admit(Simulation& sim, AgentId a, Setting s, Referral via) {
  Service* service = services_[static_cast<std::size_t>(s)];
  if (!service || !sim.pop.alive(a)) return false;
  return service->admit(sim, a, via);
}

void Model::move(Simulation& sim, AgentId a, Setting to, ExitReason why) {
  if (!sim.pop.alive(a)) throw std::logic_error("move of a dead agent");
  const Days now = sim.now();
  const Setting from = people.setting_of(a);
  const auto f = static_cast<std::size_t>(from), t = static_cast<std::size_t>(to);
  person_days_[f].change(now, cost_discount, -1.0);
  person_days_[t].change(now, cost_discount, +1.0);
  --counts_[f];
  ++counts_[t];
  close_episode(a, from, now, why);
  if (from != Setting::Community) {
    sim.out.add(setting_metrics_[f].exits, 1.0);
    if (why == ExitReason::Completed) sim.out.add(setting_metrics_[f].completions, 1.0);
  }
  if (is_detention(from)) (*people.last_release_day)[a] = now;
  if (is_treatment(from)) (*people.last_treatment_exit_day)[a] = now;
  if (to != Setting::Community) sim.out.add(setting_metrics_[t].admissions, 1.0);
  (*people.setting)[a] = static_cast<std::uint8_t>(to);
  (*people.setting_entry_day)[a] = now;
  if (is_treatment(to)) {
    episodes_.push_back(Episode{now, 0.0f, static_cast<std::uint8_t>(to), 0});
    (*open_episode_)[a] = static_cast<std::uint32_t>(episodes_.size());
  }
  sim.notify(a, change::kSetting);
}

void Model::close_episode(AgentId a, Setting from, Days now, ExitReason why) {
  std::uint32_t& open = (*open_episode_)[a];
  if (open == 0) return;
  Episode& e = episodes_[open - 1];
  if (e.setting == static_cast<std::uint8_t>(from)) {
    e.duration = static_cast<float>(now - e.start);
    e.event = (why == ExitReason::Dropout || why == ExitReason::Arrested || why == ExitReason::Failed) ? 1 : 0;
  }
  open = 0;
}

void Model::place_initial(AgentId a, Setting s, Days entry_day) {
  (*people.setting)[a] = static_cast<std::uint8_t>(s);
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
  const Setting from = people.setting_of(a);
  const auto f = static_cast<std::size_t>(from);
  person_days_[f].change(now, cost_discount, -1.0);
  life_days_.change(now, health_discount, -1.0);
  --counts_[f];
  --alive_;
  close_episode(a, from, now, ExitReason::Died);
  (*people.death_cause)[a] = static_cast<std::uint8_t>(cause);
  sim.out.add(deaths_metric_, 1.0);
  sim.out.add(death_metrics_[static_cast<std::size_t>(cause)], 1.0);
  sim.kill(a);
}

void Model::set_day_cost(Setting s, double usd_per_day, Payer payer) {
  const auto i = static_cast<std::size_t>(s);
  day_cost_[i] = usd_per_day;
  day_payer_[i] = payer;
  accounts_[setting_account_[i]].payer = payer;
}

CostAccount Model::cost_account(std::string_view name, Payer payer) {
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    if (accounts_[i].name == name) return static_cast<CostAccount>(i);
  }
  // Metrics are registered lazily by record_year through the accounts' names.
  accounts_.push_back(Account{std::string(name), payer, 0.0, 0.0, 0, 0});
  return static_cast<CostAccount>(accounts_.size() - 1);
}

void Model::charge(Simulation& sim, CostAccount account, double usd) {
  Account& acc = accounts_[account];
  acc.total += usd;
  acc.discounted += usd * cost_discount.factor(sim.now());
}

void Model::record_year(Simulation& sim, int year) {
  const Days now = sim.now();
  long total_people = 0;
  for (std::size_t s = 0; s < kSettings; ++s) {
    RateIntegrator& pd = person_days_[s];
    pd.advance(now, cost_discount);
    sim.out.set(setting_metrics_[s].occupancy, year, static_cast<double>(counts_[s]));
    sim.out.add(setting_metrics_[s].person_years, pd.total / kDaysPerYear);
    Account& acc = accounts_[setting_account_[s]];
    acc.total += pd.total * day_cost_[s];
    acc.discounted += pd.discounted * day_cost_[s];
    pd.reset_totals();
    total_people += counts_[s];
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

  double total = 0.0, discounted = 0.0;
  std::array<double, 3> by_payer{}, by_payer_disc{};
  for (auto& acc : accounts_) {
    if (acc.metric == 0 && acc.metric_discounted == 0) {
      acc.metric = sim.out.metric("cost." + acc.name + "_usd", MetricKind::Flow);
      acc.metric_discounted = sim.out.metric("cost." + acc.name + "_usd_discounted", MetricKind::Flow);
    }
    sim.out.add(acc.metric, acc.total);
    sim.out.add(acc.metric_discounted, acc.discounted);
    total += acc.total;
    discounted += acc.discounted;
    by_payer[static_cast<std::size_t>(acc.payer)] += acc.total;
    by_payer_disc[static_cast<std::size_t>(acc.payer)] += acc.discounted;
    acc.total = acc.discounted = 0.0;
  }
  sim.out.add(cost_total_, total);
  sim.out.add(cost_total_disc_, discounted);
  for (std::size_t p = 0; p < kPayerNames.size(); ++p) {
    sim.out.add(payer_metrics_[p], by_payer[p]);
    sim.out.add(payer_metrics_disc_[p], by_payer_disc[p]);
  }
  ++invariant_checks_;
  record_retention(sim, year, false);
}

void Model::record_retention(Simulation& sim, int year, bool /*final*/) {
  const Days now = sim.now();
  // Open episodes are censored at the current time.
  std::vector<Episode> snapshot = episodes_;
  for (AgentId a = 0; a < open_episode_->size(); ++a) {
    const std::uint32_t open = (*open_episode_)[a];
    if (open != 0) snapshot[open - 1].duration = static_cast<float>(now - snapshot[open - 1].start);
  }
  std::vector<double> grid;
  for (double m : kRetentionMonths) grid.push_back(m * kDaysPerMonth);
  for (std::size_t s = 0; s < kSettings; ++s) {
    if (!is_treatment(static_cast<Setting>(s))) continue;
    const auto km = kaplan_meier(snapshot, static_cast<Setting>(s), grid);
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
  for (std::size_t s = 0; s < kSettings; ++s) {
    if (!is_treatment(static_cast<Setting>(s))) continue;
    sim.out.set_curve(Curve{"retention." + std::string(kSettingNames[s]), grid,
                            kaplan_meier(episodes_, static_cast<Setting>(s), grid)});
  }
}

std::vector<double> kaplan_meier(const std::vector<Episode>& episodes, Setting setting, const std::vector<double>& days) {
  std::vector<std::pair<float, std::uint8_t>> obs;
  for (const auto& e : episodes) {
    if (e.setting == static_cast<std::uint8_t>(setting)) obs.emplace_back(e.duration, e.event);
  }
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
  void init(Simulation& sim) override {
    if (!model) model = std::make_unique<Model>(sim);
  }
  void handle(Simulation&, const Event&) override {}
  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    model->on_agents_added(sim, first, count);
  }
  void record_year(Simulation& sim, int year) override { model->record_year(sim, year); }
  void finish(Simulation& sim) override { model->finish(sim); }
};

const ModuleRegistration registration{ModuleInfo{
    "model.settings",
    "Settings and moves between them, person-time, costs by service and payer, deaths, retention",
    {
        number_param("costs.discount_rate", "per year", 0.03, 0, 0.2,
                     "WHO guide to cost-effectiveness analysis (WHO-CHOICE, 2003): 3% per year",
                     "Annual discount rate for costs."),
        number_param("health.discount_rate", "per year", 0.03, 0, 0.2,
                     "WHO guide to cost-effectiveness analysis (WHO-CHOICE, 2003): 3% per year",
                     "Annual discount rate for life-years, QALYs and DALYs."),
    },
    [] { return std::unique_ptr<Module>(new SettingsModule()); }}};

}  // namespace

Model& model_of(Simulation& sim) {
  auto* hub = dynamic_cast<SettingsModule*>(sim.module("model.settings"));
  if (!hub) throw std::invalid_argument("the policy model needs the module 'model.settings' in the scenario");
  if (!hub->model) hub->model = std::make_unique<Model>(sim);
  return *hub->model;
}

}  // namespace pathways
