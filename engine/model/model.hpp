// The hub of the policy model: settings and moves between them, services, cost accounts, retention.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/outputs.hpp"
#include "core/simulation.hpp"
#include "model/accounting.hpp"
#include "model/people.hpp"

namespace pathways {

/// How a person came to a service; services may treat referrals differently (priority, eligibility).
enum class Referral : std::uint8_t { Voluntary, Police, Court, Release, Diversion, Outreach, Transfer, Initial };

enum class Payer : std::uint8_t { Health, Justice, Social };
inline constexpr std::array<std::string_view, 3> kPayerNames = {"health", "justice", "social"};

/// A service people can be admitted to; one per setting, registered by the module that runs it.
struct Service {
  virtual ~Service() = default;
  /// Tries to admit `a`; returns false when the service is full or `a` is not eligible. On success
  /// the service calls Model::move itself.
  virtual bool admit(Simulation& sim, AgentId a, Referral via) = 0;
};

/// Index of a cost account (a service or event type with its payer).
using CostAccount = std::uint32_t;

/// One treatment episode, kept for retention curves.
struct Episode {
  Days start = 0.0;
  float duration = 0.0f;  ///< days; for open episodes set at the horizon
  std::uint8_t setting = 0;
  std::uint8_t event = 0;  ///< 1: ended by dropout, arrest or failure; 0: censored
};

class Model {
 public:
  explicit Model(Simulation& sim);

  People people;
  Discounting cost_discount;
  Discounting health_discount;

  // --- settings and services ---------------------------------------------------------------
  void register_service(Setting s, Service* service) { services_[static_cast<std::size_t>(s)] = service; }
  bool has_service(Setting s) const { return services_[static_cast<std::size_t>(s)] != nullptr; }
  /// Asks the service running setting `s` to admit `a`; false if there is none or it refuses.
  bool admit(Simulation& sim, AgentId a, Setting s, Referral via);
  /// Moves a living agent to `to`, closing the current setting's episode for reason `why`; updates
  /// counts, person-time, admissions and exits, and notifies every module (change::kSetting).
  void move(Simulation& sim, AgentId a, Setting to, ExitReason why);
  /// Puts a newly created agent in setting `s` since `entry_day` (<= now) without counting an
  /// admission; for people already in a setting when the run starts. Call from add_agents' fill.
  void place_initial(AgentId a, Setting s, Days entry_day);
  /// Records a death from `cause` and removes the agent from the simulation.
  void kill(Simulation& sim, AgentId a, DeathCause cause);
  long occupancy(Setting s) const { return counts_[static_cast<std::size_t>(s)]; }
  long alive() const { return alive_; }

  // --- costs ------------------------------------------------------------------------------
  /// Sets the cost per person-day in setting `s`, paid by `payer`.
  void set_day_cost(Setting s, double usd_per_day, Payer payer);
  /// Registers (or finds) an event-cost account, reported as cost.<name>_usd.
  CostAccount cost_account(std::string_view name, Payer payer);
  /// Charges `usd` to an account at the current time (discounted from the start of the run).
  void charge(Simulation& sim, CostAccount account, double usd);

  /// Called by the hub module at year end and at the end of the run.
  void record_year(Simulation& sim, int year);
  void on_agents_added(Simulation& sim, AgentId first, std::size_t count);
  void finish(Simulation& sim);
  /// Number of conservation checks passed so far (people across settings, money across accounts).
  std::uint64_t invariant_checks() const { return invariant_checks_; }
  const std::vector<Episode>& episodes() const { return episodes_; }

 private:
  struct Account {
    std::string name;
    Payer payer;
    double total = 0.0, discounted = 0.0;
    MetricId metric = 0, metric_discounted = 0;
  };
  void close_episode(AgentId a, Setting from, Days now, ExitReason why);
  void record_retention(Simulation& sim, int year, bool final);

  std::array<Service*, kSettings> services_{};
  std::array<long, kSettings> counts_{};
  std::array<RateIntegrator, kSettings> person_days_{};
  std::array<double, kSettings> day_cost_{};
  std::array<Payer, kSettings> day_payer_{};
  std::array<CostAccount, kSettings> setting_account_{};
  std::vector<Account> accounts_;
  std::vector<Episode> episodes_;
  std::vector<std::uint32_t>* open_episode_ = nullptr;  ///< per agent: index+1 of open episode, 0 none
  RateIntegrator life_days_;
  long alive_ = 0;
  std::uint64_t invariant_checks_ = 0;

  struct SettingMetrics {
    MetricId occupancy, admissions, exits, completions, person_years;
  };
  std::array<SettingMetrics, kSettings> setting_metrics_{};
  MetricId alive_metric_, entries_metric_, deaths_metric_, life_years_metric_, life_years_disc_metric_;
  std::array<MetricId, 4> death_metrics_{};
  MetricId cost_total_, cost_total_disc_;
  std::array<MetricId, 3> payer_metrics_{}, payer_metrics_disc_{};
  std::array<std::array<MetricId, 4>, kSettings> retention_metrics_{};
};

/// The model hub of this run (owned by the "model.settings" module, created on first use).
Model& model_of(Simulation& sim);

/// Retention (share still in the episode) at `day` by Kaplan-Meier over `episodes` of `setting`.
std::vector<double> kaplan_meier(const std::vector<Episode>& episodes, Setting setting, const std::vector<double>& days);

}  // namespace pathways
