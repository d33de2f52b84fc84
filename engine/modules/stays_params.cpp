// The parameters of a stay setting and the defaults of the standard ones, each with its source.
#include <string>
#include <vector>

#include "core/time.hpp"
#include "model/costs.hpp"
#include "model/people.hpp"
#include "modules/stays.hpp"

namespace pathways {

namespace {

ParamSpec with(ParamSpec s, bool required) {
  s.required = required;
  return s;
}

}  // namespace

std::vector<ParamSpec> stay_params(const std::string& n, const StayDefaults& d, bool required) {
  const std::string p = n + ".";
  return {
      with(lever_param(
               p + "capacity", "persons", d.capacity.value, 0, kUnlimitedPlaces, d.capacity.source,
               "Places (a lever; 0 closes the setting to admissions, stays under way finish). Compared with "
               "occupancy x run scale."),
           required),
      choice_param(
          p + "when_full", d.when_full, {"refuse", "over_capacity", "waitlist"}, d.routes_source,
          "When every place is taken: refuse (the referrer decides: police give a warning, seekers try "
          "again later), over_capacity (admit anyway and record person-days over capacity), or waitlist "
          "(people from the community wait, first come first served)."),
      choice_param(p + "stay_distribution", d.distribution, {"gamma", "fixed"}, d.stay_mean_days.source,
                   "Law of the planned length of stay: gamma (mean and sd) or fixed (always the mean)."),
      with(number_param(p + "stay_mean_days", "days", d.stay_mean_days.value, 1, 36525,
                        d.stay_mean_days.source, "Mean planned length of stay."),
           required),
      with(number_param(p + "stay_sd_days", "days", d.stay_sd_days.value, 0.1, 36525, d.stay_sd_days.source,
                        "Standard deviation of the planned length of stay (gamma only)."),
           required),
      number_param(p + "dropout_rate_per_year", "per year", d.dropout_rate_per_year.value, 0, 100,
                   d.dropout_rate_per_year.source,
                   "Constant hazard of leaving early to the community (a retention event; 0 in detention)."),
      number_param(
          p + "failure_probability", "probability", d.failure_probability.value, 0, 1,
          d.failure_probability.source,
          "Probability that a stay fails at a uniform point of its planned length and goes to on_failure."),
      entity_param(p + "on_failure", kSettingDomain, d.on_failure, {"community"}, d.routes_source,
                   "Where a failed stay goes (admitted as a court referral; community if refused)."),
      entity_param(p + "on_completion", kSettingDomain, d.on_completion, {"community"}, d.routes_source,
                   "Where a completed stay goes (admitted as a transfer; community if refused)."),
      number_param(p + "remission_share_at_completion", "share", d.remission_share.value, 0, 1,
                   d.remission_share.source,
                   "Share of people still using drugs at completion who enter remission."),
      list_param(
          p + "seeking_rate_per_year", "per year", d.seeking_rate_per_year, 0, 100, kSubstances,
          d.seeking_source.empty() ? "no voluntary demand: admissions by referral only" : d.seeking_source,
          "Hazard of seeking a place voluntarily (opioid, methamphetamine), for people in the community "
          "at the harmful or dependent stage."),
      with(number_param(
               p + "cost_usd_per_day", "USD per place-day", d.cost_usd_per_day.value, 0, 1e6,
               d.cost_usd_per_day.source,
               "Unit cost of one place-day in use, as costing studies report it (staff, site and supplies)."),
           required),
      number_param(
          p + "fixed_cost_share", "share", d.fixed_cost_share.value, 0, 1, d.fixed_cost_share.source,
          "Share of the unit cost that is fixed per funded place (staff, sites): paid for every place of "
          "the capacity lever whether used or not; the rest is paid per person-day in use. Not applied "
          "when capacity is not binding (>= 1e9)."),
      number_param(
          p + "household_cost_usd_per_day", "USD per person-day", d.household_cost_usd_per_day.value, 0, 1e5,
          d.household_cost_usd_per_day.source,
          "Costs to people in this setting and their families per person-day (earnings lost, travel and "
          "time): counted in the societal perspective only."),
      number_param(
          p + "opening_cost_usd_per_place", "USD per place", 0, 0, 1e7,
          "assumption: 0 unless a plan states it (conversion of a centre: about 0.5-1 times a year of its "
          "operating cost per place, no regional estimate found)",
          "One-off cost of each place added to the capacity lever after the start."),
      number_param(
          p + "closing_cost_usd_per_place", "USD per place", 0, 0, 1e7,
          "assumption: 0 unless a plan states it (closure: about 0.1-0.3 times a year of operating cost "
          "per place, no regional estimate found)",
          "One-off cost of each place removed from the capacity lever."),
      choice_param(p + "payer", d.payer, {"health", "justice", "public_security", "social", "households"},
                   d.cost_usd_per_day.source, "Who pays the cost of this setting."),
  };
}

const std::vector<std::pair<std::string, StayDefaults>>& standard_stays() {
  const std::string a = "assumption: ";
  const std::string no_cap = a + "not binding by default; scenarios and country packs set real capacities";
  const Sourced closed_fixed{
      0.7, a + "staff, security and buildings dominate the running cost of closed settings "
               "(health care is about 10% of Viet Nam centre costs, HRW 2011 [hrw2011-06centres] citing an "
               "earlier costing); range 0.5-0.9"};
  const Sourced service_fixed{
      0.7, a + "staff and premises are most of the cost of a treatment place (MMT in "
               "Kenya: salaries 86%, Mogaka et al. 2021 [kenya2021-mmt-split]); range 0.5-0.9"};
  const Sourced lost_earnings{
      4.1,
      "earnings lost while held: MMT clients in Viet Nam earned VND 2.6 million a month "
      "before treatment (Vietnamplus/VNA, about 2011 [vna-mmt-income]) = about US$125 at about VND "
      "21,000 per US$ = US$4.1 a day; range 2-6"};
  const Sourced none_for_households{
      0.0, "assumption: people keep their work and pay nothing while in this service"};
  static const std::vector<std::pair<std::string, StayDefaults>> stays = {
      {"compulsory_centre",
       StayDefaults{
           .label = "Compulsory drug detention centre",
           .cls = SettingClass::Detention,
           .capacity =
               {20000,
                "Viet Nam transition plan: 71 compulsory centres with capacity 20,000 by 2020 (national "
                "plan, about 2016 [vna2016-rehab-plan])"},
           .stay_mean_days = {730,
                              "HRW 2011 [hrw2011-06centres] citing MOLISA: standard stay 2 years in Viet Nam "
                              "[hrw2011-06centres]"},
           .stay_sd_days = {90,
                            a + "most detainees serve the standard term; a few months either way (30-180)"},
           .dropout_rate_per_year = {0, "detention: no voluntary exit"},
           .failure_probability = {0, "detention: every stay ends at release"},
           .remission_share = {0,
                               "release is not treatment completion: drug use resumes through the relapse "
                               "hazard (process.drug_use)"},
           .cost_usd_per_day =
               {845.0 / kDaysPerYear,
                "[seed-182] [seed-183]: Viet Nam 2015, 19,670,000 VND (US$845) per detainee-year "
                "([seed-182] [seed-183]); 845 / 365.25. Paid by the social sector: "
                "Viet Nam's centres are run by MOLISA"},
           .fixed_cost_share = closed_fixed,
           .household_cost_usd_per_day = lost_earnings,
           .payer = "social",
           .routes_source = a + "a full centre admits no one: the police give a warning instead",
       }},
      {"prison",
       StayDefaults{
           .label = "Prison",
           .cls = SettingClass::Detention,
           .capacity =
               {kUnlimitedPlaces,
                a + "not binding unless a scenario sets it (Thailand's prisons ran at 330% of capacity, "
                    "[seed-123])"},
           .stay_mean_days = {730,
                              a + "drug-possession sentences of about two years (1-3), the same order as a "
                                  "compulsory-centre stay"},
           .stay_sd_days = {365, a + "sentences vary widely (180-730)"},
           .dropout_rate_per_year = {0, "detention: no voluntary exit"},
           .failure_probability = {0, "detention: every stay ends at release"},
           .remission_share = {0, "release is not treatment completion"},
           .cost_usd_per_day =
               {845.0 / kDaysPerYear,
                a + "same order as Viet Nam's compulsory-centre cost, US$845 per person-year "
                    "([seed-183]); no regional prison cost found. Paid by the justice sector"},
           .fixed_cost_share = closed_fixed,
           .household_cost_usd_per_day = lost_earnings,
           .when_full = "over_capacity",
           .payer = "justice",
           .routes_source = a + "prisons never refuse: people over capacity are recorded, not turned away",
       }},
      {"diversion",
       StayDefaults{
           .label = "Court or police diversion to counselling",
           .cls = SettingClass::Diversion,
           .capacity = {kUnlimitedPlaces,
                        a + "not binding unless a scenario sets it; Thailand diverted about 9,650 people in "
                            "2016-2019 ([seed-146]), about 2,400 a year"},
           .stay_mean_days = {42,
                              "[seed-133]-[seed-137]: Thailand pre-sentence diversion, 3-4 counselling "
                              "sessions 12 days apart ([seed-133]-[seed-137]): about 36-48 days"},
           .stay_sd_days = {8, a + "spread between three and four sessions 12 days apart"},
           .dropout_rate_per_year = {0, "failure is modelled by failure_probability, not as a hazard"},
           .failure_probability = {0.1,
                                   "[seed-147]: Thailand, more than 90 per cent of defendants "
                                   "completed the programme"},
           .remission_share = {0,
                               a + "the programme's effect is on relapse while enrolled (process.drug_use)"},
           .cost_usd_per_day =
               {339.0 / kDaysPerYear,
                a + "outpatient counselling costs about as much per day as MMT in Viet Nam, US$339 per "
                    "client-year ([seed-185]); paid by the justice sector because the "
                    "courts run the psychosocial clinics ([seed-145])"},
           .fixed_cost_share = service_fixed,
           .household_cost_usd_per_day = none_for_households,
           .on_failure = "prison",
           .payer = "justice",
           .routes_source =
               a + "a failed diversion goes back to court and to prison; a full programme admits no one",
       }},
      {"outpatient",
       StayDefaults{
           .label = "Voluntary outpatient treatment",
           .cls = SettingClass::Treatment,
           .capacity = {kUnlimitedPlaces, no_cap},
           .stay_mean_days =
               {90, a + "about three months of weekly then monthly contact (Lao PDR Sisattanak: weekly "
                        "follow-up for the first two months, then every one to two months; "
                        "[seed-63]-[seed-65])"},
           .stay_sd_days = {1, "fixed length: the programme ends at three months"},
           .dropout_rate_per_year = {1.5, a + "1.5 per year gives 69% completion of a 90-day programme "
                                              "(exp(-1.5 x 90/365.25)); range 0.5-3"},
           .failure_probability = {0, "non-completion is modelled as dropout"},
           .remission_share = {0.47,
                               "[seed-79]: Lao PDR Sisattanak, 47% abstinent six months after "
                               "completing outpatient treatment; used as "
                               "the share entering remission at completion (a lower bound)"},
           .cost_usd_per_day = {1.0, a + "about US$365 per person-year, close to Viet Nam MMT at US$339 "
                                         "([seed-185])"},
           .fixed_cost_share = service_fixed,
           .household_cost_usd_per_day = none_for_households,
           .seeking_rate_per_year = {0.05, 0.10},
           .seeking_source =
               a + "meth users seek outpatient care more often than opioid users, who have MMT; Lao PDR "
                   "Sisattanak clients were 95% methamphetamine users ([seed-70])",
           .distribution = "fixed",
           .routes_source = a + "a full service turns seekers away; they seek again later",
       }},
      {"residential",
       StayDefaults{
           .label = "Voluntary residential rehabilitation",
           .cls = SettingClass::Treatment,
           .capacity = {kUnlimitedPlaces, no_cap},
           .stay_mean_days = {180, a + "six-month residential rehabilitation programme"},
           .stay_sd_days = {1, "fixed length"},
           .dropout_rate_per_year = {0.8, a + "0.8 per year gives 67% completion of a 180-day programme"},
           .failure_probability = {0, "non-completion is modelled as dropout"},
           .remission_share = {0.47, a + "as outpatient completion in Lao PDR ([seed-79])"},
           .cost_usd_per_day = {2.31, a + "same as a Viet Nam compulsory centre, 19,670,000 VND = US$845 per "
                                          "person-year ([seed-182] [seed-183]): 845 / 365.25 = 2.31"},
           .fixed_cost_share = service_fixed,
           .household_cost_usd_per_day = lost_earnings,
           .seeking_rate_per_year = {0.02, 0.02},
           .seeking_source = a + "residential care is sought less often than outpatient care",
           .distribution = "fixed",
           .on_completion = "aftercare",
           .routes_source = a + "residential completers are referred to aftercare",
       }},
      {"aftercare",
       StayDefaults{
           .label = "Aftercare",
           .cls = SettingClass::Treatment,
           .capacity = {kUnlimitedPlaces, no_cap},
           .stay_mean_days = {180, a + "six months of aftercare"},
           .stay_sd_days = {1, "fixed length"},
           .dropout_rate_per_year = {1.0, a + "1 per year gives 61% completion of 180 days"},
           .failure_probability = {0, "non-completion is modelled as dropout"},
           .remission_share = {0, a + "the stage effect is applied at residential completion, not again"},
           .cost_usd_per_day = {0.5, a + "light-touch follow-up, half the outpatient cost"},
           .fixed_cost_share = service_fixed,
           .household_cost_usd_per_day = none_for_households,
           .distribution = "fixed",
           .routes_source = a + "entered by referral from residential rehabilitation",
       }},
  };
  return stays;
}

}  // namespace pathways
