// Parameters of process.hiv_transmission: partnership network, per-act risks, protections; each with its
// source.
#include "modules/hiv_network.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/time.hpp"
#include "model/settings.hpp"

namespace pathways {
namespace {

ParamSpec shares(ParamSpec s) {
  s.list_sums_to_one = true;
  return s;
}

const std::string kPatel =
    "Patel et al., AIDS 2014;28:1509 'Estimating per-act HIV transmission risk: a systematic review' "
    "[patel2014]";
const std::string kHollingsworth =
    "Hollingsworth, Anderson & Fraser, J Infect Dis 2008;198:687 [hollingsworth2008] (Rakai couples: early "
    "infection 26 times "
    "as infectious for about 2.9 months, late stage 7 times for about 9 months)";

}  // namespace

AgentId PartnerPool::pick(unsigned region, unsigned group, bool own_region, bool own_group, double u) const {
  const auto wanted = [&](std::size_t k) {
    return (!own_region || k / 2 == region) && (!own_group || k % 2 == group);
  };
  std::size_t total = 0;
  for (std::size_t k = 0; k < members.size(); ++k) total += wanted(k) ? members[k].size() : 0;
  if (total == 0) return kNoPartner;
  auto i = std::min(total - 1, static_cast<std::size_t>(u * static_cast<double>(total)));
  for (std::size_t k = 0; k < members.size(); ++k) {
    if (!wanted(k)) continue;
    if (i < members[k].size()) return members[k][i];
    i -= members[k].size();
  }
  return kNoPartner;
}

std::uint64_t FacilityMixing::set(AgentId a, std::uint8_t c) {
  const std::uint8_t old = (*code)[a];
  if (c == old) return 0;
  (*code)[a] = c;
  std::uint64_t changed = 0;
  if (old) {
    --counts[(old - 1u) / kClasses][(old - 1u) % kClasses];
    changed |= std::uint64_t{1} << ((old - 1u) / kClasses);
  }
  if (c) {
    ++counts[(c - 1u) / kClasses][(c - 1u) % kClasses];
    changed |= std::uint64_t{1} << ((c - 1u) / kClasses);
  }
  if (c && (c - 1u) % kClasses == 0) {
    susceptible.join(a, static_cast<std::uint16_t>((c - 1u) / kClasses));
  } else {
    susceptible.leave(a);
  }
  return changed;
}

double FacilityMixing::rate(std::size_t f, double risk_per_day,
                            const std::array<double, kClasses>& weight) const {
  long total = 0;
  double infectious = 0.0;
  for (std::size_t c = 0; c < kClasses; ++c) {
    total += counts[f][c];
    infectious += static_cast<double>(counts[f][c]) * weight[c];
  }
  if (total <= 0) return 0.0;
  return risk_per_day * static_cast<double>(counts[f][0]) * infectious / static_cast<double>(total);
}

AgentId FacilityMixing::pick(std::size_t f, double u) const {
  if (susceptible.members.size() <= f || susceptible.members[f].empty()) return kNoPartner;
  const auto& m = susceptible.members[f];
  return m[std::min(m.size() - 1, static_cast<std::size_t>(u * static_cast<double>(m.size())))];
}

HivRates HivRates::read(const ParamValues& p) {
  HivRates r;
  r.inj_shares = p.list("hiv.injecting_degree_shares");
  r.sex_shares = p.list("hiv.sexual_degree_shares");
  r.ext_shares = p.list("hiv.external_degree_shares");
  r.form = {per_day(p.number("hiv.injecting_formation_rate_per_year")),
            per_day(p.number("hiv.sexual_formation_rate_per_year")),
            per_day(p.number("hiv.external_formation_rate_per_year"))};
  // Each end of an internal partnership carries half its dissolution rate (exact superposition).
  r.end = {0.5 * per_day(p.number("hiv.injecting_dissolution_rate_per_year")),
           0.5 * per_day(p.number("hiv.sexual_dissolution_rate_per_year")),
           per_day(p.number("hiv.external_dissolution_rate_per_year"))};
  r.same_region = p.number("hiv.same_region_mixing");
  r.same_group = p.number("hiv.sexual_injecting_assortativity");
  r.ext_prevalence = p.number("hiv.external_partner_prevalence");
  r.end_on_detention = p.choice("hiv.detention_partnerships") == "end";
  const double condom = 1.0 - p.number("hiv.condom_use") * p.number("hiv.condom_efficacy");
  r.inj_per_day = per_day(p.number("hiv.sharing_acts_per_year") * p.number("hiv.per_act_injecting"));
  r.sex_per_day = per_day(p.number("hiv.sex_acts_per_year") * p.number("hiv.per_act_sexual") * condom);
  r.weight = {0.0, p.number("hiv.acute_multiplier"), 1.0, p.number("hiv.late_multiplier")};
  r.suppressed_weight = p.number("hiv.suppressed_multiplier");
  r.mmt_factor = 1.0 - p.number("hiv.mmt_sharing_reduction");
  r.nsp_reduction = p.number("hiv.nsp_sharing_reduction");
  r.per_act_injecting = p.number("hiv.per_act_injecting");
  return r;
}

std::vector<ParamSpec> hiv_transmission_params() {
  return {
      shares(
          list_param("hiv.injecting_degree_shares", "share", {0.5, 0.3, 0.12, 0.05, 0.03}, 0, 1, 5,
                     "assumption: most people who inject in Viet Nam report no or one recent needle-sharing "
                     "partner; a few share with several (shape to be calibrated to IBBS sharing figures)",
                     "Target number of needle-sharing partners (0..4) of a person who injects: shares.")),
      shares(list_param(
          "hiv.sexual_degree_shares", "share", {0.6, 0.35, 0.05}, 0, 1, 3,
          "assumption: a minority of people who use drugs have a sexual partner who also uses drugs",
          "Target number of sexual partners among modelled people (0..2): shares.")),
      shares(list_param(
          "hiv.external_degree_shares", "share", {0.4, 0.55, 0.05}, 0, 1, 3,
          "assumption: about 60% of people who use drugs have a regular or casual sexual partner who "
          "does not use drugs",
          "Target number of sexual partners who do not use drugs (0..2): shares.")),
      number_param(
          "hiv.injecting_formation_rate_per_year", "per year per open slot", 4.0, 0, 365,
          "assumption: an open needle-sharing slot is filled in about 3 months",
          "Rate at which a person who injects, below their target degree, forms a sharing partnership."),
      number_param("hiv.injecting_dissolution_rate_per_year", "per year", 1.0, 0, 365,
                   "assumption: needle-sharing partnerships last about a year",
                   "Rate at which a needle-sharing partnership ends (mean duration = 1 / rate)."),
      number_param("hiv.sexual_formation_rate_per_year", "per year per open slot", 2.0, 0, 365,
                   "assumption: an open sexual slot is filled in about 6 months",
                   "Rate of forming sexual partnerships among modelled people, per open slot."),
      number_param("hiv.sexual_dissolution_rate_per_year", "per year", 0.5, 0, 365,
                   "assumption: sexual partnerships among people who use drugs last about 2 years",
                   "Rate at which a sexual partnership among modelled people ends."),
      number_param("hiv.external_formation_rate_per_year", "per year per open slot", 1.0, 0, 365,
                   "assumption: an open slot for a non-using partner is filled in about a year",
                   "Rate of forming partnerships with people who do not use drugs, per open slot."),
      number_param("hiv.external_dissolution_rate_per_year", "per year", 0.2, 0, 365,
                   "assumption: partnerships with non-using partners (often spouses) last about 5 years",
                   "Rate at which a partnership with a non-using partner ends."),
      number_param("hiv.same_region_mixing", "probability", 0.9, 0, 1,
                   "assumption: sharing and sexual partners are mostly found in one's own province",
                   "Probability that a partner is sought in one's own region (otherwise anywhere)."),
      number_param(
          "hiv.sexual_injecting_assortativity", "probability", 0.5, 0, 1,
          "assumption: half of sexual partners among people who use drugs are sought among people with "
          "the same injecting status",
          "Probability that a sexual partner is sought among people of one's own injecting status."),
      number_param(
          "hiv.external_partner_prevalence", "share", 0.003, 0, 1,
          "assumption: HIV prevalence among non-using partners near Viet Nam's adult prevalence (about "
          "0.3%, UNAIDS estimates; to be checked)",
          "Probability that a new non-using partner is already living with HIV."),
      choice_param(
          "hiv.detention_partnerships", "pause", {"pause", "end"},
          "assumption: detention interrupts partnerships; whether they resume after release is "
          "unknown, so both are offered",
          "What detention (compulsory centre, prison) does to community partnerships: 'pause' keeps them "
          "without risk during the stay, 'end' ends them at entry."),
      number_param("hiv.sharing_acts_per_year", "acts per year", 24, 0, 3650,
                   "assumption: a needle-sharing partnership involves sharing about twice a month",
                   "Receptive needle-sharing acts per year within one sharing partnership."),
      number_param("hiv.per_act_injecting", "probability", 0.0063, 0, 1,
                   kPatel + ": needle-sharing injection drug use 63 per 10,000 exposures",
                   "Transmission probability per needle-sharing act from an untreated chronic partner."),
      number_param("hiv.sex_acts_per_year", "acts per year", 60, 0, 3650,
                   "assumption: a sexual partnership involves about five acts a month",
                   "Sex acts per year within one sexual partnership."),
      number_param(
          "hiv.per_act_sexual", "probability", 0.0008, 0, 1,
          kPatel + ": receptive penile-vaginal intercourse 8 per 10,000 (insertive 4, receptive anal 138)",
          "Transmission probability per sex act from an untreated chronic partner."),
      number_param("hiv.condom_use", "share", 0.3, 0, 1,
                   "assumption: condoms used in about 30% of acts with regular partners",
                   "Share of sex acts with a condom."),
      number_param("hiv.condom_efficacy", "share", 0.8, 0, 1,
                   "Weller & Davis, Cochrane Database Syst Rev 2002 [weller2002] (condoms reduce HIV "
                   "incidence by about 80%)",
                   "Reduction of per-act risk when a condom is used."),
      number_param("hiv.acute_multiplier", "multiplier", 26, 0, 100, kHollingsworth,
                   "Infectiousness in the acute stage relative to chronic."),
      number_param("hiv.late_multiplier", "multiplier", 7, 0, 100, kHollingsworth,
                   "Infectiousness in the late stage (AIDS) relative to chronic."),
      number_param(
          "hiv.suppressed_multiplier", "multiplier", 0.0, 0, 1,
          "Rodger et al. JAMA 2016 [rodger2016] (PARTNER: no linked transmission from partners with "
          "suppressed viral "
          "load); Cohen et al. NEJM 2011 [cohen2011] (HPTN 052: 96% reduction)",
          "Infectiousness of a person virally suppressed on ART relative to chronic untreated (0 = none)."),
      number_param(
          "hiv.nsp_sharing_reduction", "share", 0.5, 0, 1,
          "assumption: people reached by needle-syringe programmes share about half as often (reviews "
          "report reductions of about a third to a half; to be checked)",
          "Reduction of needle-sharing risk per unit of NSP coverage (harm_reduction.nsp_coverage)."),
      number_param("hiv.mmt_sharing_reduction", "share", 0.54, 0, 1,
                   "MacArthur et al., BMJ 2012;345:e5945 [macarthur2012] (opiate substitution treatment and "
                   "HIV infection among "
                   "people who inject: rate ratio 0.46)",
                   "Reduction of needle-sharing risk while in MMT."),
      map_param(
          "hiv.inside_sharing_rate_per_year", kSettingDomain, "class", "acts per year", {{"detention", 24}},
          0.0, 0, 3650,
          "people who inject inside share: 94.9% of inmates who injected in a Bangkok prison shared "
          "equipment "
          "[thaisri2003]; assumption: as often as in a community sharing partnership "
          "(hiv.sharing_acts_per_year, "
          "24 a year), range 6-100 (no figure for the region's compulsory centres)",
          "Needle-sharing acts per year of an injecting detainee with a random injecting co-detainee of the "
          "same detention setting (a map from setting or class; 0 = no risk inside)."),
  };
}

}  // namespace pathways
