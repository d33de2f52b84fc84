// Harm reduction: needle-syringe programme, naloxone and peer-outreach levers with their yearly costs.
#include "modules/harm_reduction.hpp"

#include <algorithm>
#include <memory>

#include "model/model.hpp"

namespace pathways {
namespace {

class HarmReductionModule final : public Module {
 public:
  HarmReduction levers;

  void init(Simulation& sim) override {
    const auto& p = sim.params();
    levers.nsp_coverage = p.lever("harm_reduction.nsp_coverage");
    levers.naloxone_coverage = p.lever("harm_reduction.naloxone_coverage");
    levers.outreach_multiplier = p.lever("harm_reduction.outreach_multiplier");
    nsp_cost_ = p.number("harm_reduction.nsp_cost_usd_per_person_year");
    naloxone_cost_ = p.number("harm_reduction.naloxone_cost_usd_per_person_year");
    outreach_cost_ = p.number("harm_reduction.outreach_cost_usd_per_person_year");
    model_ = &model_of(sim);
    charge_kind_ = sim.register_kind("harm_reduction.charge", this, KindScope::Global);
    nsp_account_ = model_->cost_account("harm_reduction.nsp", Payer::Health);
    naloxone_account_ = model_->cost_account("harm_reduction.naloxone", Payer::Health);
    outreach_account_ = model_->cost_account("harm_reduction.outreach", Payer::Health);
    nsp_reached_ = sim.out.metric("harm_reduction.nsp_person_years", MetricKind::Flow);
    naloxone_reached_ = sim.out.metric("harm_reduction.naloxone_person_years", MetricKind::Flow);
    outreach_reached_ = sim.out.metric("harm_reduction.outreach_person_years", MetricKind::Flow);
  }

  void start(Simulation& sim) override { schedule_charge(sim, sim.config().start_year); }

  // Once a year, at mid-year: reach is the count of people outside detention then, times the
  // lever's mean over the year, times the year's length. Charging at mid-year approximates
  // spending spread over the year, and lands in the year's accounts before the hub closes them.
  void handle(Simulation& sim, const Event&) override {
    const People& pp = model_->people;
    const int year = sim.calendar.year_of(sim.now());
    const Days y0 = sim.calendar.year_start(year), y1 = sim.calendar.year_start(year + 1);
    const double years = (y1 - y0) / kDaysPerYear;
    long injecting = 0, opioid_using = 0, using_drugs = 0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!sim.pop.alive(a) || model_->closed(pp.setting_of(a)) || !pp.using_drugs(a)) continue;
      ++using_drugs;
      if ((*pp.injecting)[a]) ++injecting;
      if ((*pp.substance)[a] == kOpioid) ++opioid_using;
    }
    const auto mean = [&](const Lever& l) { return l.integral(y0, y1) / (y1 - y0); };
    const double nsp = static_cast<double>(injecting) * mean(levers.nsp_coverage) * years;
    const double nal = static_cast<double>(opioid_using) * mean(levers.naloxone_coverage) * years;
    const double out =
        static_cast<double>(using_drugs) * std::max(0.0, mean(levers.outreach_multiplier) - 1.0) * years;
    sim.out.add(nsp_reached_, nsp);
    sim.out.add(naloxone_reached_, nal);
    sim.out.add(outreach_reached_, out);
    model_->charge(sim, nsp_account_, nsp * nsp_cost_);
    model_->charge(sim, naloxone_account_, nal * naloxone_cost_);
    model_->charge(sim, outreach_account_, out * outreach_cost_);
    schedule_charge(sim, year + 1);
  }

 private:
  void schedule_charge(Simulation& sim, int year) {
    const Days y0 = sim.calendar.year_start(year), y1 = sim.calendar.year_start(year + 1);
    if (y0 < sim.horizon()) sim.sched.schedule(charge_kind_, kGlobalAgent, y0 + 0.5 * (y1 - y0));
  }

  Model* model_ = nullptr;
  EventKind charge_kind_ = 0;
  double nsp_cost_ = 0.0, naloxone_cost_ = 0.0, outreach_cost_ = 0.0;
  CostAccount nsp_account_ = 0, naloxone_account_ = 0, outreach_account_ = 0;
  MetricId nsp_reached_ = 0, naloxone_reached_ = 0, outreach_reached_ = 0;
};

const ModuleRegistration registration{ModuleInfo{
    .type = kHarmReductionType,
    .description = "Harm-reduction levers: needle-syringe coverage, naloxone coverage, peer outreach; their "
                   "yearly costs",
    .params =
        {
            lever_param(
                "harm_reduction.nsp_coverage", "share", 0.3, 0, 1,
                "assumption: moderate needle-syringe coverage for a Viet Nam-like setting (Malaysia runs NSP "
                "since 2005, [seed-85]); country packs set it from the Global State of Harm "
                "Reduction",
                "Share of people who inject (outside detention) reached by needle-syringe programmes; read "
                "by HIV."),
            lever_param(
                "harm_reduction.naloxone_coverage", "share", 0.0, 0, 1,
                "assumption: no community naloxone at baseline in Viet Nam; China Ping An Centre No. 1 peer "
                "programme distributed 2,546 kits to 862 people with 23 lives saved over six years "
                "([seed-26]-[seed-29], [seed-26]-[seed-29])",
                "Share of opioid overdoses where naloxone is at hand (read by process.mortality)."),
            lever_param(
                "harm_reduction.outreach_multiplier", "multiplier", 1.0, 0, 10,
                "assumption: 1 = no added peer outreach; Indonesia Karisma peer-led outreach case example "
                "([seed-36]-[seed-41], [seed-36]-[seed-41]) gives no effect size",
                "Multiplier on voluntary treatment seeking (MMT and community treatment) from peer "
                "outreach."),
            number_param(
                "harm_reduction.nsp_cost_usd_per_person_year", "USD per person-year", 30.0, 0, 1e5,
                "assumption: about US$30 per person who injects reached per year (order of NSP unit costs in "
                "low- and middle-income Asia); replace with a costed country figure",
                "Cost of needle-syringe programmes per person reached per year (payer: health)."),
            number_param("harm_reduction.naloxone_cost_usd_per_person_year", "USD per person-year", 10.0, 0,
                         1e5,
                         "assumption: Ping An distributed 2,546 kits to 862 people in 6 years = 0.49 kits "
                         "per person-year "
                         "([seed-26]-[seed-28]) at an assumed US$20 per kit",
                         "Cost of naloxone distribution per opioid user reached per year (payer: health)."),
            number_param(
                "harm_reduction.outreach_cost_usd_per_person_year", "USD per person-year", 20.0, 0, 1e5,
                "assumption: US$20 per person using drugs per year per unit of added seeking (multiplier - "
                "1)",
                "Cost of peer outreach per person using drugs outside detention per year, per unit of "
                "(outreach_multiplier - 1) (payer: health)."),
        },
    .create = [] { return std::unique_ptr<Module>(new HarmReductionModule()); },
    .order = 20,
    .needs = {kModelHub},
    .provides = {kHarmReductionType},
}};

}  // namespace

const HarmReduction* harm_reduction_of(Simulation& sim) {
  auto* m = dynamic_cast<HarmReductionModule*>(sim.module(kHarmReductionType));
  return m ? &m->levers : nullptr;
}

}  // namespace pathways
