// The hub of the policy model: settings and moves between them, services, cost accounts, retention.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/outputs.hpp"
#include "core/simulation.hpp"
#include "model/accounting.hpp"
#include "model/changes.hpp"
#include "model/costs.hpp"
#include "model/people.hpp"
#include "model/settings.hpp"
#include "model/stage_tail.hpp"

namespace pathways {

/// How a person came to a service; services may treat referrals differently (priority, eligibility).
enum class Referral : std::uint8_t {
  Voluntary,
  Police,
  Court,
  Release,
  Diversion,
  Outreach,
  Transfer,
  Initial
};

/// A service people can be admitted to; one per setting, registered by the module that runs it.
/// admit() either admits (and calls Model::move itself) or refuses: it never loops or retries.
struct Service {
  virtual ~Service() = default;
  /// Tries to admit `a`; returns false when the service is full or `a` is not eligible. On success
  /// the service calls Model::move itself.
  virtual bool admit(Simulation& sim, AgentId a, Referral via) = 0;
};

/// Why a person leaves `from` when the service of another setting admits them via `via`.
ExitReason exit_reason_for(const SettingInfo& from, Referral via);

/// One treatment episode, kept for retention curves.
struct Episode {
  Days start = 0.0;
  float duration = 0.0f;  ///< days; for open episodes set at the horizon
  SettingId setting = 0;
  std::uint8_t event = 0;  ///< 1: ended by dropout, arrest or failure; 0: censored
};

class Model {
 public:
  explicit Model(Simulation& sim);

  People people;
  Settings settings;  ///< the settings of this run (community first)
  Discounting cost_discount;
  Discounting health_discount;

  // --- settings and services ---------------------------------------------------------------
  /// Registers the service that admits people to setting `s` (one per setting).
  void register_service(SettingId s, Service* service);
  bool has_service(SettingId s) const { return services_[s] != nullptr; }
  /// Asks the service running setting `s` to admit `a`; false if there is none or it refuses.
  bool admit(Simulation& sim, AgentId a, SettingId s, Referral via);
  /// Moves a living agent to `to`, closing the current setting's episode for reason `why`; updates
  /// counts, person-time, admissions and exits, remembers the setting left (People::last_setting)
  /// and notifies the modules subscribed to change::kSetting.
  void move(Simulation& sim, AgentId a, SettingId to, ExitReason why);
  /// Puts a newly created agent in setting `s` since `entry_day` (<= now) without counting an
  /// admission; for people already in a setting when the run starts. Call from add_agents' fill.
  void place_initial(AgentId a, SettingId s, Days entry_day);
  /// A person who has just left detention setting `from` (a cohort released at the start): the
  /// release is dated now and counted, as a release by the stay service would be. Call while the
  /// person's columns are filled, before modules are told of them.
  void mark_released(Simulation& sim, AgentId a, SettingId from);
  /// A cohort experiment (run.cohort): a closed cohort entered at the start, followed without new
  /// entries. Set by the population module at initialisation.
  void set_cohort_run(bool on) { cohort_run_ = on; }
  bool cohort_run() const { return cohort_run_; }
  /// Records a death from `cause` and removes the agent from the simulation.
  void kill(Simulation& sim, AgentId a, DeathCause cause);
  long occupancy(SettingId s) const { return counts_[s]; }
  long alive() const { return alive_; }
  bool closed(SettingId s) const { return settings[s].closed(); }
  bool has_episodes(SettingId s) const { return settings[s].has_episodes(); }

  // --- waitlists --------------------------------------------------------------------------
  /// Keeps a FIFO waitlist for setting `s` (its service calls this once, at init), with the
  /// metrics <name>.waitlist, <name>.mean_wait_days, <name>.waitlist_joins and
  /// <name>.admissions_from_waitlist. A person waits for at most one service at a time and stops
  /// waiting when they leave the community or die.
  void enable_waitlist(Simulation& sim, SettingId s);
  /// `a`, in the community and waiting for nothing, joins the waitlist of `s`.
  void join_waitlist(Simulation& sim, AgentId a, SettingId s, Referral via);
  bool waiting(AgentId a) const { return (*waiting_for_)[a] != 0; }
  long waitlist_length(SettingId s) const { return waitlists_[s].waiting; }
  struct Waiting {
    AgentId agent;
    Referral via;
    Days since;
  };
  /// Takes the next person off the waitlist of `s` (they stop waiting), or nullopt if none waits.
  std::optional<Waiting> take_next_waiting(SettingId s);
  /// Records that a person taken off the waitlist of `s` was admitted after waiting since `since`.
  void count_admission_from_waitlist(Simulation& sim, SettingId s, Days since);

  // --- costs ------------------------------------------------------------------------------
  /// Sets what setting `s` costs (unit cost, fixed share per funded place, payer, households' costs,
  /// opening and closing places).
  void set_costs(SettingId s, const SettingCosts& c) { costs_.set_setting_costs(s, c); }
  /// Registers (or finds) an event-cost account, reported as cost.<name>_usd.
  CostAccount cost_account(std::string_view name, Payer payer) { return costs_.account(name, payer); }
  /// Charges `usd` to an account at the current time (discounted from the start of the run).
  void charge(Simulation& sim, CostAccount account, double usd) { costs_.charge(sim, account, usd); }
  /// A cost per person-day of a state outside the settings' books (see CostBook::stream).
  std::size_t cost_stream(CostAccount account, double usd_per_day) {
    return costs_.stream(account, usd_per_day);
  }
  void change_cost_stream(Simulation& sim, std::size_t stream, double delta) {
    costs_.change_stream(sim, stream, delta);
  }
  /// Charges the present value of costs after the horizon (see CostBook::charge_after_horizon).
  void charge_after_horizon(Simulation& sim, CostAccount account, double usd, double usd_discounted) {
    costs_.charge_after_horizon(sim, account, usd, usd_discounted);
  }

  // --- drug use changed by a service ------------------------------------------------------------
  /// The drug-use module owns every change of stage (its counts, the stage a relapse returns to,
  /// injecting, the abstinence that leads to cessation). A service that ends use, such as remission
  /// at the completion of treatment, asks it here; without a drug-use module the stage is written.
  using StageRequest = std::function<void(Simulation&, AgentId)>;
  void set_remission_handler(StageRequest h) { remission_handler_ = std::move(h); }
  void enter_remission(Simulation& sim, AgentId a);

  // --- survivors' futures after the horizon ------------------------------------------
  // After the horizon no service runs (ART excepted, see docs/economics.md): each survivor's drug
  // use continues as a Markov chain over stages in the community (model/stage_tail.hpp), under
  // background mortality, stage death hazards and the hazards they carry for life (HIV).

  /// How careers continue (set by the drug-use module): the chain's rates for a substance and
  /// whether the person injects when using, and a person's starting distribution over its states.
  struct TailSpec {
    std::function<TailChain(std::uint8_t substance, bool injects)> rates;
    std::function<void(const Simulation&, AgentId, std::array<double, kTailStates>& start, bool& injects)>
        start;
  };
  void set_tail(TailSpec t) { tail_spec_ = std::move(t); }
  /// A module whose deaths depend on the stage of use (overdose) gives their hazard per year in the
  /// community after the horizon.
  using StageHazard =
      std::function<double(const Simulation&, std::uint8_t substance, Stage stage, bool injecting)>;
  void add_stage_hazard(StageHazard h) { stage_hazards_.push_back(std::move(h)); }
  /// A module whose deaths depend on a lasting condition (HIV and its care) gives the hazard per
  /// year a person keeps for life.
  using PersonHazard = std::function<double(const Simulation&, AgentId)>;
  void add_person_hazard(PersonHazard h) { person_hazards_.push_back(std::move(h)); }
  /// Gompertz background mortality a exp(b x) by sex (per year, age x in years).
  void set_background_mortality(std::array<double, 2> a_by_sex, double b) {
    gompertz_a_ = a_by_sex;
    gompertz_b_ = b;
  }
  /// The reference life table deaths after the horizon lose years against (set by model.health).
  void set_reference_life_table(std::vector<double> t) { reference_life_table_ = std::move(t); }
  /// Expected years `a` lives from now, by stage of drug use, undiscounted and discounted at `d`
  /// to day 0, and the expected years of life lost at their death.
  TailYears future_years(const Simulation& sim, AgentId a, const Discounting& d) const;

  /// Called by the hub module at year end and at the end of the run.
  void record_year(Simulation& sim, int year);
  void on_agents_added(Simulation& sim, AgentId first, std::size_t count);
  void finish(Simulation& sim);
  /// Number of conservation checks passed so far (people across settings, money across accounts).
  std::uint64_t invariant_checks() const { return invariant_checks_; }
  const std::vector<Episode>& episodes() const { return episodes_; }

 private:
  void close_episode(AgentId a, SettingId from, Days now, ExitReason why);
  void leave_waitlist(AgentId a);

  struct Queue {
    bool enabled = false;
    std::vector<std::pair<AgentId, std::uint32_t>> entries;  ///< (agent, ticket); stale when tickets differ
    std::vector<Days> since;
    std::vector<Referral> via;
    std::size_t head = 0;
    long waiting = 0;
    double year_wait_days = 0.0;
    long year_waited = 0;
    MetricId length = 0, mean_wait = 0, joins = 0, admitted = 0;
  };
  std::vector<Queue> waitlists_;
  Column<std::uint8_t>* waiting_for_ = nullptr;  ///< per agent: setting + 1 of the waitlist, 0 none
  Column<std::uint32_t>* ticket_ = nullptr;      ///< per agent: ticket of the current wait
  std::uint32_t next_ticket_ = 0;
  Column<std::uint8_t>* released_from_ = nullptr;   ///< per agent: detention setting of the last release
  Column<std::uint8_t>* release_linked_ = nullptr;  ///< per agent: the last release has been linked to MMT
  MetricId deaths_after_release_ = 0;
  void record_retention(Simulation& sim, int year);

  std::vector<Service*> services_;
  std::vector<long> counts_;
  std::vector<RateIntegrator> person_days_;
  CostBook costs_;
  bool cohort_run_ = false;
  TailSpec tail_spec_;
  StageRequest remission_handler_;
  std::vector<double> reference_life_table_;
  std::vector<StageHazard> stage_hazards_;
  std::vector<PersonHazard> person_hazards_;
  std::array<double, 2> gompertz_a_{};
  double gompertz_b_ = 0.0;
  /// Chains by (substance, injects), built at first use when every module has registered.
  mutable std::array<std::optional<StageTail>, 2 * kSubstances> tails_;
  std::vector<Episode> episodes_;
  Column<std::uint32_t>* open_episode_ = nullptr;  ///< per agent: index+1 of open episode, 0 none
  RateIntegrator life_days_;
  long alive_ = 0;
  std::uint64_t invariant_checks_ = 0;

  struct SettingMetrics {
    MetricId occupancy, admissions, exits, completions, person_years, deaths, deaths_after_release;
    std::array<MetricId, kExitReasons> exits_by_reason{};
    MetricId releases = 0, releases_to_mmt = 0;  ///< closed settings only
  };
  /// Counts an exit from `from` for `why` (every exit, deaths included, has exactly one reason).
  void count_exit(Simulation& sim, SettingId from, ExitReason why);
  /// A person released from detention and admitted to an opioid-agonist service within 180 days
  /// counts once, in the year of the release.
  void count_linkage(Simulation& sim, AgentId a, SettingId to);
  /// Totals over a class of settings: detention.*, treatment.* (treatment and diversion).
  struct ClassTotals {
    std::vector<SettingId> members;
    MetricId occupancy, admissions, person_years, exits, deaths;
  };
  std::vector<SettingMetrics> setting_metrics_;
  std::vector<ClassTotals> class_totals_;
  MetricId alive_metric_, entries_metric_, deaths_metric_, life_years_metric_, life_years_disc_metric_;
  std::array<MetricId, kDeathCauseNames.size()> death_metrics_{};
  std::vector<std::array<MetricId, 4>> retention_metrics_;  ///< per setting with episodes
};

/// The capability of the hub module ("model.settings"): every policy module needs it.
inline constexpr const char* kModelHub = "model.hub";

/// The model hub of this run (owned by the "model.settings" module, created by its init, which
/// runs before every other module's).
Model& model_of(Simulation& sim);

/// Retention (share still in the episode) at `day` by Kaplan-Meier over `episodes` of `setting`.
std::vector<double> kaplan_meier(const std::vector<Episode>& episodes, SettingId setting,
                                 const std::vector<double>& days);
/// Kaplan-Meier survival at each of `days` from (duration, 1 for an event / 0 for censoring).
std::vector<double> kaplan_meier(std::vector<std::pair<float, std::uint8_t>> observations,
                                 const std::vector<double>& days);

}  // namespace pathways
