// service.diversion: court or police diversion to outpatient counselling; completion, or failure back to court (prison).
#include <cmath>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "model/durations.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

constexpr Setting kHere = Setting::Diversion;

class Diversion final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    Model& model = model_of(sim);
    model_ = &model;
    people_ = model.people;
    capacity_ = p.lever("diversion.capacity");
    duration_ = GammaDuration::from_mean_sd(p.number("diversion.duration_mean_days"),
                                            p.number("diversion.duration_sd_days"));
    completion_ = p.number("diversion.completion_probability");
    model.set_day_cost(kHere, p.number("diversion.cost_usd_per_day"), Payer::Justice);
    model.register_service(kHere, this);
    completes_ = &sim.pop.column<std::uint8_t>("diversion.completes", 0);
    kind_ = sim.register_kind("diversion.end", this);
    stream_ = sim.rng.stream("diversion.programme");
    failures_ = sim.out.metric("diversion.failures", MetricKind::Flow);
    turned_away_ = sim.out.metric("diversion.turned_away", MetricKind::Flow);
  }

  bool admit(Simulation& sim, AgentId a, Referral via) override {
    if (people_.setting_of(a) == kHere) return false;
    if (static_cast<double>(model_->occupancy(kHere)) + 1.0 > capacity_.at(sim.now()) / sim.config().scale) {
      sim.out.add(turned_away_, 1.0);
      return false;
    }
    const bool arrested = via == Referral::Police || via == Referral::Court || via == Referral::Diversion;
    model_->move(sim, a, kHere, arrested ? ExitReason::Arrested : ExitReason::Transferred);
    start_programme(sim, a, 0.0);
    return true;
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      if (people_.setting_of(a) == kHere) start_programme(sim, a, sim.now() - (*people_.setting_entry_day)[a]);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    // Arrested and routed elsewhere while in the programme: the programme ends there.
    if ((what & change::kSetting) && people_.setting_of(a) != kHere) sim.sched.cancel(kind_, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (people_.setting_of(a) != kHere) return;
    if ((*completes_)[a]) {
      model_->move(sim, a, Setting::Community, ExitReason::Completed);
      return;
    }
    sim.out.add(failures_, 1.0);
    // Failure sends the case back to court; without a prison in the run the person returns home.
    if (!model_->admit(sim, a, Setting::Prison, Referral::Court)) {
      model_->move(sim, a, Setting::Community, ExitReason::Failed);
    }
  }

 private:
  /// Draws the programme length and its outcome; failures happen at a uniform point of the programme.
  /// `served` (days already in the programme, for the initial population) conditions the end to lie ahead.
  void start_programme(Simulation& sim, AgentId a, double served) {
    Draws d = sim.rng.agent_draws(stream_, a);
    const bool completes = d.bernoulli(completion_);
    Days end = sim.now();
    for (int i = 0; i < 1000; ++i) {
      double length = duration_.draw(d);
      if (!completes) length *= d.uniform();
      if (length > served) {
        end = sim.now() + (length - served);
        break;
      }
    }
    (*completes_)[a] = static_cast<std::uint8_t>(completes);
    sim.sched.schedule(kind_, a, end);
  }

  Model* model_ = nullptr;
  People people_{};
  Lever capacity_;
  GammaDuration duration_;
  double completion_ = 1.0;
  std::vector<std::uint8_t>* completes_ = nullptr;
  EventKind kind_ = 0;
  StreamHandle stream_;
  MetricId failures_ = 0, turned_away_ = 0;
};

std::vector<ParamSpec> diversion_params() {
  const std::string a = "assumption: ";
  return {
      lever_param("diversion.capacity", "persons", 1e6, 0, 1e9,
                  a + "not binding unless a scenario sets it; Thailand diverted about 9,650 people in 2016-2019 "
                      "(seed_facts.csv id 146), about 2,400 a year",
                  "Places in diversion programmes (a lever; people beyond it are turned away and get a warning)."),
      number_param("diversion.duration_mean_days", "days", 42, 1, 3650,
                   "seed_facts.csv ids 133-137: Thailand pre-sentence diversion, 3-4 counselling sessions 12 days "
                   "apart (000_ac8646728de38624.txt line 1959): about 36-48 days",
                   "Mean programme length (gamma distributed)."),
      number_param("diversion.duration_sd_days", "days", 8, 0.1, 3650,
                   a + "spread between three and four sessions 12 days apart",
                   "Standard deviation of the programme length."),
      number_param("diversion.completion_probability", "probability", 0.9, 0, 1,
                   "seed_facts.csv id 147: Thailand, more than 90 per cent of defendants completed the programme "
                   "(000_ac8646728de38624.txt line 2056)",
                   "Probability of completing the programme; the others fail at a uniform point of it and go back "
                   "to court (prison)."),
      number_param("diversion.cost_usd_per_day", "USD per person-day", 339.0 / kDaysPerYear, 0, 1e6,
                   a + "outpatient counselling costs about as much per day as MMT in Viet Nam, US$339 per "
                       "client-year (seed_facts.csv id 185); paid by the justice sector because the courts run "
                       "the psychosocial clinics, some with their own funds (seed_facts.csv id 145)",
                   "Cost of one person-day in a diversion programme (payer: justice)."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    "service.diversion", "Court/police diversion to counselling: capacity lever, completion or failure to prison",
    diversion_params(), [] { return std::unique_ptr<Module>(new Diversion()); }}};

}  // namespace
}  // namespace pathways
