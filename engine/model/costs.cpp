// Cost accounts, setting costs with funded places, payers and perspectives.
#include "model/costs.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pathways {

std::optional<Payer> payer_named(std::string_view name) {
  for (std::size_t i = 0; i < kPayerNames.size(); ++i) {
    if (kPayerNames[i] == name) return static_cast<Payer>(i);
  }
  return std::nullopt;
}

bool counts_in(Payer payer, Perspective perspective) {
  switch (perspective) {
    case Perspective::Health:
      return payer == Payer::Health;
    case Perspective::Government:
      return payer != Payer::Households;
    case Perspective::Societal:
      return true;
  }
  return false;
}

CostBook::CostBook(Simulation& sim, const Settings& settings, Discounting discount)
    : discount_(discount), scale_(sim.config().scale) {
  total_ = sim.out.metric("cost.total_usd", MetricKind::Flow);
  total_disc_ = sim.out.metric("cost.total_usd_discounted", MetricKind::Flow);
  for (std::size_t p = 0; p < kPayerNames.size(); ++p) {
    const std::string n(kPayerNames[p]);
    payer_[p] = sim.out.metric("cost.payer_" + n + "_usd", MetricKind::Flow);
    payer_disc_[p] = sim.out.metric("cost.payer_" + n + "_usd_discounted", MetricKind::Flow);
  }
  for (std::size_t p = 0; p < kPerspectiveNames.size(); ++p) {
    const std::string n(kPerspectiveNames[p]);
    perspective_[p] = sim.out.metric("cost.perspective_" + n + "_usd", MetricKind::Flow);
    perspective_disc_[p] = sim.out.metric("cost.perspective_" + n + "_usd_discounted", MetricKind::Flow);
    window_[p] = sim.out.metric("cost.perspective_" + n + "_policy_period_usd", MetricKind::Flow);
    window_disc_[p] =
        sim.out.metric("cost.perspective_" + n + "_policy_period_usd_discounted", MetricKind::Flow);
  }
  for (const auto& s : settings.all()) {
    SettingBook b;
    b.service = account(s.name, Payer::Health);
    b.households = account(s.name + ".households", Payer::Households);
    b.capacity_changes = account(s.name + ".capacity_changes", Payer::Health);
    b.funded_place_years = sim.out.metric(s.name + ".funded_place_years", MetricKind::Flow);
    b.utilisation = sim.out.metric(s.name + ".utilisation", MetricKind::Stock, false);
    by_setting_.push_back(b);
  }
}

CostAccount CostBook::account(std::string_view name, Payer payer) {
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    if (accounts_[i].name == name) return static_cast<CostAccount>(i);
  }
  accounts_.push_back(Account{std::string(name), payer});
  return static_cast<CostAccount>(accounts_.size() - 1);
}

void CostBook::charge(Simulation& sim, CostAccount account, double usd) {
  Account& acc = accounts_[account];
  acc.total += usd;
  acc.discounted += usd * discount_.factor(sim.now());
}

void CostBook::charge_after_horizon(Simulation& sim, CostAccount account, double usd, double usd_discounted) {
  Account& acc = accounts_[account];
  if (acc.after == 0) {
    acc.after = sim.out.metric("cost." + acc.name + ".after_horizon_usd", MetricKind::Flow);
    acc.after_discounted =
        sim.out.metric("cost." + acc.name + ".after_horizon_usd_discounted", MetricKind::Flow);
  }
  const int last = sim.config().years - 1;
  sim.out.add_at(acc.after, last, usd);
  sim.out.add_at(acc.after_discounted, last, usd_discounted);
  for (std::size_t p = 0; p < kPerspectiveNames.size(); ++p) {
    if (!counts_in(acc.payer, static_cast<Perspective>(p))) continue;
    sim.out.add_at(perspective_[p], last, usd);
    sim.out.add_at(perspective_disc_[p], last, usd_discounted);
  }
}

std::size_t CostBook::stream(CostAccount account, double usd_per_day) {
  streams_.push_back(Stream{account, usd_per_day, RateIntegrator{}});
  return streams_.size() - 1;
}

void CostBook::change_stream(Simulation& sim, std::size_t stream, double delta) {
  streams_[stream].days.change(sim.now(), discount_, delta);
}

void CostBook::set_setting_costs(SettingId s, SettingCosts c) {
  if (c.fixed_share < 0.0 || c.fixed_share > 1.0) throw std::logic_error("fixed cost share outside [0, 1]");
  SettingBook& b = by_setting_[s];
  b.costs = c;
  accounts_[b.service].payer = c.payer;
  accounts_[b.capacity_changes].payer = c.payer;
}

bool CostBook::funded(const SettingBook& b) const {
  return b.costs.capacity != nullptr && b.costs.capacity->max_value() < kUnlimitedPlaces;
}

void CostBook::register_metrics(Simulation& sim, Account& acc) {
  if (acc.metric != 0 || acc.metric_discounted != 0) return;
  acc.metric = sim.out.metric("cost." + acc.name + "_usd", MetricKind::Flow);
  acc.metric_discounted = sim.out.metric("cost." + acc.name + "_usd_discounted", MetricKind::Flow);
}

void CostBook::close_year(Simulation& sim, int year, Days year_start, const std::vector<double>& person_days,
                          const std::vector<double>& person_days_discounted) {
  const Days now = sim.now();
  const double delta = discount_.delta_per_day;
  for (Stream& st : streams_) {
    st.days.advance(now, discount_);
    accounts_[st.account].total += st.usd_per_day * st.days.total;
    accounts_[st.account].discounted += st.usd_per_day * st.days.discounted;
    st.days.reset_totals();
  }
  for (std::size_t s = 0; s < by_setting_.size(); ++s) {
    SettingBook& b = by_setting_[s];
    const SettingCosts& c = b.costs;
    const bool with_places = funded(b);
    // Places in use pay the variable part; with funded places the fixed part is paid per place.
    const double per_use = c.unit_usd_per_day * (with_places ? 1.0 - c.fixed_share : 1.0);
    Account& service = accounts_[b.service];
    service.total += per_use * person_days[s];
    service.discounted += per_use * person_days_discounted[s];
    Account& home = accounts_[b.households];
    home.total += c.household_usd_per_day * person_days[s];
    home.discounted += c.household_usd_per_day * person_days_discounted[s];
    if (!with_places) {
      sim.out.set(b.utilisation, year, NAN);
      continue;
    }
    // Funded places are in persons; the book is in agents until the outputs scale it.
    const Lever& cap = *c.capacity;
    const double place_days = cap.integral(year_start, now) / scale_;
    const double place_days_disc = cap.discounted_integral(year_start, now, delta) / scale_;
    const double fixed = c.unit_usd_per_day * c.fixed_share;
    service.total += fixed * place_days;
    service.discounted += fixed * place_days_disc;
    sim.out.add(b.funded_place_years, place_days / kDaysPerYear);
    sim.out.set(b.utilisation, year, place_days > 0.0 ? person_days[s] / place_days : NAN);
    // Places opened or closed in the year, once each: at step knots, and along linear ramps.
    Account& changes = accounts_[b.capacity_changes];
    for (std::size_t k = 1; k < cap.days.size(); ++k) {
      const Days t0 = cap.days[k - 1], t1 = cap.days[k];
      const double dv = (cap.values[k] - cap.values[k - 1]) / scale_;
      if (dv == 0.0) continue;
      const double per_place = dv > 0.0 ? c.opening_usd_per_place : c.closing_usd_per_place;
      if (per_place == 0.0) continue;
      if (cap.interpolation == Interpolation::Step) {
        if (t1 < year_start || t1 >= now) continue;
        changes.total += per_place * std::abs(dv);
        changes.discounted += per_place * std::abs(dv) * discount_.factor(t1);
      } else {
        const Days lo = std::max(t0, year_start), hi = std::min(t1, now);
        if (hi <= lo) continue;
        const double rate = std::abs(dv) / (t1 - t0);  // places per day along the ramp
        changes.total += per_place * rate * (hi - lo);
        changes.discounted += per_place * rate * discount_.integral(lo, hi);
      }
    }
  }
  double total = 0.0, discounted = 0.0;
  std::array<double, kPayerNames.size()> by_payer{}, by_payer_disc{};
  for (auto& acc : accounts_) {
    register_metrics(sim, acc);
    sim.out.add(acc.metric, acc.total);
    sim.out.add(acc.metric_discounted, acc.discounted);
    total += acc.total;
    discounted += acc.discounted;
    by_payer[static_cast<std::size_t>(acc.payer)] += acc.total;
    by_payer_disc[static_cast<std::size_t>(acc.payer)] += acc.discounted;
    acc.total = acc.discounted = 0.0;
  }
  sim.out.add(total_, total);
  sim.out.add(total_disc_, discounted);
  for (std::size_t p = 0; p < kPayerNames.size(); ++p) {
    sim.out.add(payer_[p], by_payer[p]);
    sim.out.add(payer_disc_[p], by_payer_disc[p]);
    for (std::size_t q = 0; q < kPerspectiveNames.size(); ++q) {
      if (!counts_in(static_cast<Payer>(p), static_cast<Perspective>(q))) continue;
      sim.out.add(perspective_[q], by_payer[p]);
      sim.out.add(perspective_disc_[q], by_payer_disc[p]);
      sim.out.add(window_[q], by_payer[p]);
      sim.out.add(window_disc_[q], by_payer_disc[p]);
    }
  }
}

}  // namespace pathways
