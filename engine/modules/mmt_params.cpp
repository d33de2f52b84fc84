// The parameters of methadone maintenance (service.mmt), each with its source.
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/time.hpp"
#include "model/costs.hpp"
#include "model/settings.hpp"

namespace pathways {

std::vector<ParamSpec> mmt_params() {
  const std::string a = "assumption: ";
  return {
      lever_param("mmt.capacity", "persons", 52200, 0, kUnlimitedPlaces,
                  "[seed-176]: Viet Nam, 52,200 people on methadone at 335 sites in September 2019",
                  "MMT slots in persons (compared with occupancy x run scale); a lever for scale-up plans."),
      number_param(
          "mmt.seeking_rate_per_year", "per year", 0.15, 0, 100,
          "assumption: about one in seven eligible people in the community seeks MMT each year, "
          "consistent with Viet Nam scale-up from 946 (2008) to 52,200 clients (2019) ([seed-175] "
          "[seed-176]); calibrate per country",
          "Hazard of voluntarily seeking MMT for opioid users at the harmful or dependent stage in the "
          "community."),
      number_param("mmt.reentry_multiplier", "multiplier", 1.5, 0, 100,
                   "assumption: people who were on MMT before know the service and return more readily",
                   "Multiplier on the seeking hazard for people with a previous MMT episode."),
      list_param(
          "mmt.dropout_breaks_days", "days on treatment", {30.44, 182.63, 273.94, 365.25}, 0, 36525, 0,
          "months 1, 6, 9 and 12 of the Ho Chi Minh City retention curve [vu2023]; one hazard after the "
          "first year [khue2017]",
          "Breakpoints of the piecewise-constant dropout hazard, in days since entry."),
      list_param(
          "mmt.dropout_rate_per_year", "per year", {0.1206, 0.2477, 0.2495, 0.3071, 0.135}, 0, 100, 0,
          "first year: Ho Chi Minh City, 1,069 admissions to 8 clinics, retention 99% / 89.3% / 83.9% / "
          "77.7% at "
          "1 / 6 / 9 / 12 months [vu2023], hazards -ln(0.99)/(1/12) = 0.1206, -ln(0.893/0.99)/(5/12) = "
          "0.2477, "
          "-ln(0.839/0.893)/0.25 = 0.2495, -ln(0.777/0.839)/0.25 = 0.3071; after the first year: Hai Phong, "
          "n=1,055, 33.3% had dropped out by 36 months [khue2017] (its 13.6%, 16.5% and 22.3% are dropout or "
          "non-compliance within each year), an average hazard of -ln(0.667)/3 = 0.135 (national programmes "
          "differ: see mmt.dropout_multiplier)",
          "Dropout hazard in each piece of time on treatment (one more entry than mmt.dropout_breaks_days)."),
      number_param("mmt.dropout_multiplier", "multiplier", 1.0, 0, 10,
                   a + "1: the national programme loses clients like the clinics of [vu2023] and [khue2017]; "
                       "calibrated per country to national retention (docs/calibration.md)",
                   "Multiplier on every piece of the dropout hazard (a country's programme against the "
                   "clinics the shape comes from)."),
      lever_param(
          "mmt.take_home_share", "share", 0.0038, 0, 1,
          "[seed-189] [seed-176]: Viet Nam take-home pilot enrolled 200 clients (April 2021) of "
          "52,200 on MMT (2019): 200/52,200 = 0.0038",
          "Share of MMT clients with take-home doses (China Ping An: 2-6 take-home doses per week, seed ids "
          "20-21)."),
      number_param("mmt.take_home_dropout_multiplier", "multiplier", 0.75, 0, 10,
                   "assumption: take-home doses remove the daily clinic visit that hinders MMT ([seed-16] "
                   "[seed-170]); no effect size in the seed; 25% lower dropout assumed",
                   "Dropout hazard multiplier for clients with take-home doses."),
      lever_param(
          "mmt.flexible_dosing", "share", 0.0, 0, 1,
          "assumption: Viet Nam MMT has fixed daily observed dosing at baseline ([seed-170])",
          "Share of MMT clients in flexible-dose, low-threshold programmes (Malaysia Harapan model)."),
      number_param(
          "mmt.flexible_dosing_dropout_multiplier", "multiplier", 0.5, 0, 10,
          "assumption informed by Malaysia Harapan clinic, 96% retention (92 of 96 active clients, "
          "[seed-95] [seed-96]), against 13.6% first-year dropout in Hai Phong (Khue 2017 [khue2017]); the "
          "Harapan figure is cross-sectional, so only half of the implied reduction is assumed",
          "Dropout hazard multiplier for clients in flexible-dosing programmes."),
      number_param("mmt.cost_usd_per_year", "USD per person-year", 339, 0, 1e6,
                   "[seed-185]: Viet Nam 2015 evaluation, 7,880,000 VND = US$339 per MMT client per year",
                   "Cost per person-year on MMT, charged per person-day (payer: health)."),
      number_param("mmt.fixed_cost_share", "share", 0.5, 0, 1,
                   "Vietnamplus/VNA (about 2011): MMT costs VND 15,435 a day [vna-mmt-daily-cost], 'half of "
                   "which is spent on medicine'; "
                   "so about half is fixed (staff, sites); Kenya 86% salaries (Mogaka et al. 2021 "
                   "[kenya2021-mmt-split]); range 0.5-0.86",
                   "Share of the MMT unit cost that is fixed per funded place (paid used or not)."),
      number_param(
          "mmt.household_cost_usd_per_day", "USD per client-day", 0.8, 0, 1e4,
          a + "travel and time for the daily clinic visit, VND 10,000-30,000 a visit (US$0.4-1.3); 95% of "
              "Hanoi clients preferring decentralised MMT cite travel cost (Tran et al., Harm Reduct J 2015 "
              "[tran2015-decentral])",
          "Clients' own cost per day on MMT (societal perspective only)."),
      number_param("mmt.opening_cost_usd_per_place", "USD per place", 0, 0, 1e6,
                   a + "0 unless a plan states it (setting up a clinic place: no regional estimate found)",
                   "One-off cost of each MMT place added after the start."),
      map_param(
          "mmt.referral_at_release", kSettingDomain, "class", "probability", {{"detention", 0.1}}, 0.0, 0, 1,
          a + "few releasees are linked to MMT; Viet Nam is one of three countries in the region with MMT in "
              "prisons ([seed-179])",
          "Probability that an opioid user released from a detention setting (a map from setting or class to "
          "a probability) is referred to MMT; admitted if MMT has room, else waits."),
      with_levers(map_param(
          "mmt.continue_inside", kSettingDomain, "class", "0/1", {}, 0.0, 0, 1,
          a + "MMT inside closed settings is limited (Viet Nam is one of three countries in the region "
              "offering "
              "it, [seed-179]); scenarios switch it on",
          "1 in a detention setting (a map of levers): clients taken there from MMT continue MMT inside and "
          "are linked back to MMT at release (mmt.linkage_after_inside).")),
      [] {
        ParamSpec s = with_levers(map_param(
            "mmt.start_inside", kSettingDomain, "class", "share", {}, 0.0, 0, 1,
            "assumption: 0 at baseline; MMT is started in a few prisons only (Viet Nam's first prison MMT "
            "unit "
            "in 2015 [talkingdrugs-vn-prison]; Malaysian pilots in Kelantan 2008 and Selangor 2009 "
            "[wickersham2013]); plans set it",
            "Share of people dependent on opioids admitted to a detention setting (a map of levers from "
            "setting or class) who start MMT inside; they are linked to MMT at release like those who "
            "continued it (mmt.linkage_after_inside)."));
        s.map_filter_attribute = "class";
        s.map_filter_values = {"detention"};
        return s;
      }(),
      number_param(
          "mmt.linkage_after_inside", "probability", 0.5, 0, 1,
          "assumption: half of those on MMT inside reach a community clinic at release (range 0.3-0.8; "
          "outcomes of the Malaysian prison pilots were not found [wickersham2013]; in Viet Nam 76% of those "
          "incarcerated had no MOUD in the following months [vn-moud-incarceration])",
          "Probability that someone on MMT inside detention is admitted to community MMT at release (waits "
          "if there is no place)."),
  };
}

}  // namespace pathways
