// Money in the policy model: accounts by service and payer, costs of settings (places funded whether
// used or not, places in use, participants' own costs, opening and closing places), perspectives.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lever.hpp"
#include "core/outputs.hpp"
#include "core/simulation.hpp"
#include "model/accounting.hpp"
#include "model/settings.hpp"

namespace pathways {

/// Who pays. Government payers are split by ministry so that a plan that moves money between them
/// shows it; households are people who use drugs and their families (costs outside any budget).
enum class Payer : std::uint8_t { Health, Justice, PublicSecurity, Social, Households };
inline constexpr std::array<std::string_view, 5> kPayerNames = {"health", "justice", "public_security",
                                                                "social", "households"};
std::optional<Payer> payer_named(std::string_view name);

/// Whose costs count: the health sector; the government (every ministry); society (the government
/// and households).
enum class Perspective : std::uint8_t { Health, Government, Societal };
inline constexpr std::array<std::string_view, 3> kPerspectiveNames = {"health", "government", "societal"};
bool counts_in(Payer payer, Perspective perspective);

/// Capacities at or above this are "not binding": no places are funded, the whole unit cost is paid
/// per person-day in use.
inline constexpr double kUnlimitedPlaces = 1e9;

/// Index of a cost account (a service or event type with its payer).
using CostAccount = std::uint32_t;

/// What a setting costs. The unit cost is what sources report: the cost of one place-day in use.
/// A share of it is fixed (staff, sites): paid for every funded place whether used or not. The rest
/// is paid per person-day in use. Opening and closing places cost once per place.
struct SettingCosts {
  double unit_usd_per_day = 0.0;
  double fixed_share = 0.0;  ///< in [0, 1]
  Payer payer = Payer::Health;
  const Lever* capacity = nullptr;  ///< funded places in persons (nullptr or >= kUnlimitedPlaces: none)
  double household_usd_per_day =
      0.0;  ///< participants' and families' costs per person-day (payer households)
  double opening_usd_per_place = 0.0;  ///< once per funded place added after the start
  double closing_usd_per_place = 0.0;  ///< once per funded place removed
};

/// The accounts of one run. Amounts are in agent units (persons / scale) until the outputs scale them.
class CostBook {
 public:
  CostBook(Simulation& sim, const Settings& settings, Discounting discount);

  /// Registers (or finds) an account, reported as cost.<name>_usd and cost.<name>_usd_discounted.
  CostAccount account(std::string_view name, Payer payer);
  /// Charges `usd` to an account now (discounted from the start of the run).
  void charge(Simulation& sim, CostAccount account, double usd);
  /// Charges the present value of costs after the horizon (people on ART or MMT at the end, say),
  /// given undiscounted and discounted; recorded in the last year as cost.<name>.after_horizon_usd*
  /// and in the perspective totals.
  void charge_after_horizon(Simulation& sim, CostAccount account, double usd, double usd_discounted);
  void set_setting_costs(SettingId s, SettingCosts c);
  /// A cost per person-day of a state that no setting's book covers (MMT inside detention, say): its
  /// count changes at events and the cost is integrated exactly into `account`.
  std::size_t stream(CostAccount account, double usd_per_day);
  /// Changes the number of people a stream counts (at the current time).
  void change_stream(Simulation& sim, std::size_t stream, double delta);

  /// Closes a year: the costs of settings from their person-time (agent-days, with the same days
  /// discounted) and funded places, then every account into its metrics and the payer and
  /// perspective totals. `year_start` is the day the year began.
  void close_year(Simulation& sim, int year, Days year_start, const std::vector<double>& person_days,
                  const std::vector<double>& person_days_discounted);

 private:
  struct Account {
    std::string name;
    Payer payer;
    double total = 0.0, discounted = 0.0;
    MetricId metric = 0, metric_discounted = 0;
    MetricId after = 0, after_discounted = 0;  ///< after-horizon metrics, registered when first charged
  };
  struct SettingBook {
    SettingCosts costs;
    CostAccount service = 0, households = 0, capacity_changes = 0;
    MetricId funded_place_years = 0, utilisation = 0;
  };
  bool funded(const SettingBook& b) const;
  void register_metrics(Simulation& sim, Account& acc);

  Discounting discount_;
  double scale_ = 1.0;
  std::vector<Account> accounts_;
  std::vector<SettingBook> by_setting_;
  struct Stream {
    CostAccount account;
    double usd_per_day;
    RateIntegrator days;
  };
  std::vector<Stream> streams_;
  MetricId total_ = 0, total_disc_ = 0;
  std::array<MetricId, kPayerNames.size()> payer_{}, payer_disc_{};
  std::array<MetricId, kPerspectiveNames.size()> perspective_{}, perspective_disc_{};
  std::array<MetricId, kPerspectiveNames.size()> window_{}, window_disc_{};  ///< policy period only
};

}  // namespace pathways
