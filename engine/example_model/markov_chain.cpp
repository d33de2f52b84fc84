// Example model: a continuous-time (semi-)Markov chain over K states, used by the oracle tests,
// the benchmarks and the first demo. Holding times are exponential (a CTMC) or gamma/Weibull with
// the same means; a calendar-time lever scales the speed of every clock.
#include <boost/math/special_functions/gamma.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/simulation.hpp"

namespace pathways {
namespace {

constexpr const char* kType = "example.markov_chain";

class MarkovChain final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    agents_ = static_cast<std::size_t>(p.integer("example.markov_chain.agents"));
    shares_ = p.list("example.markov_chain.initial_shares");
    k_ = shares_.size();
    rates_ = p.list("example.markov_chain.rates_per_year");
    if (rates_.size() != k_ * k_) {
      throw std::invalid_argument("example.markov_chain.rates_per_year: expected " + std::to_string(k_ * k_) +
                                  " entries (states x states), found " + std::to_string(rates_.size()));
    }
    exit_rate_.assign(k_, 0.0);
    for (std::size_t i = 0; i < k_; ++i) {
      rates_[i * k_ + i] = 0.0;
      for (std::size_t j = 0; j < k_; ++j) exit_rate_[i] += rates_[i * k_ + j];
    }
    multiplier_ = p.lever("example.markov_chain.rate_multiplier");
    sojourn_ = p.choice("example.markov_chain.sojourn");
    shape_ = p.number("example.markov_chain.sojourn_shape");

    state_ = &sim.pop.column<std::uint8_t>("markov.state", 0);
    entered_ = &sim.pop.column<double>("markov.entered_day", 0.0);
    transition_ = sim.register_kind("markov.transition", this);
    draws_ = sim.rng.stream("markov.transition");
    init_draws_ = sim.rng.stream("markov.initial_state");
    for (std::size_t i = 0; i < k_; ++i) {
      occupancy_.push_back(
          sim.out.metric("markov.state_" + std::to_string(i) + ".occupancy", MetricKind::Stock));
    }
    transitions_ = sim.out.metric("markov.transitions", MetricKind::Flow);
    counts_.assign(k_, 0);
  }

  void start(Simulation& sim) override { sim.add_agents(agents_); }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      Draws d = sim.rng.agent_draws(init_draws_, a);
      const auto s = static_cast<std::uint8_t>(d.categorical(shares_.data(), k_));
      (*state_)[a] = s;
      ++counts_[s];
      schedule_exit(sim, a);
    }
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    const std::uint8_t from = (*state_)[a];
    Draws d = sim.rng.agent_draws(draws_, a);
    const auto to = static_cast<std::uint8_t>(d.categorical(&rates_[from * k_], k_));
    --counts_[from];
    ++counts_[to];
    (*state_)[a] = to;
    sim.out.add(transitions_, 1.0);
    schedule_exit(sim, a);
  }

  void record_year(Simulation& sim, int year) override {
    for (std::size_t i = 0; i < k_; ++i) sim.out.set(occupancy_[i], year, static_cast<double>(counts_[i]));
  }

 private:
  // Draws the holding time in operational time (mean 1/q_i) and maps it to calendar time through
  // the multiplier lever, so a step or ramp in the lever is honoured exactly.
  void schedule_exit(Simulation& sim, AgentId a) {
    const std::uint8_t s = (*state_)[a];
    (*entered_)[a] = sim.now();
    const double q = per_day(exit_rate_[s]);
    if (q <= 0.0) return;  // absorbing state
    Draws d = sim.rng.agent_draws(draws_, a);
    const double mean = 1.0 / q;
    double hold = 0.0;
    if (sojourn_ == "gamma") {
      hold = boost::random::gamma_distribution<double>(shape_, mean / shape_)(d);
    } else if (sojourn_ == "weibull") {
      const double scale = mean / boost::math::tgamma(1.0 + 1.0 / shape_);
      hold = boost::random::weibull_distribution<double>(shape_, scale)(d);
    } else {
      hold = d.exponential() * mean;
    }
    const Days t = multiplier_.is_constant() ? sim.now() + hold / multiplier_.values.front()
                                             : multiplier_.invert(sim.now(), hold);
    if (t < kNever) sim.sched.schedule(transition_, a, t);
  }

  std::size_t agents_ = 0, k_ = 0;
  std::vector<double> shares_, rates_, exit_rate_;
  Lever multiplier_;
  std::string sojourn_;
  double shape_ = 1.0;
  Column<std::uint8_t>* state_ = nullptr;
  Column<double>* entered_ = nullptr;
  EventKind transition_ = 0;
  StreamHandle draws_, init_draws_;
  std::vector<MetricId> occupancy_;
  MetricId transitions_ = 0;
  std::vector<long> counts_;
};

// Illustrative five-state drug-use spectrum (episodic, harmful, dependent, remission, dead). The
// rates are an assumption chosen to exercise the engine, not calibrated policy defaults.
std::vector<ParamSpec> markov_params() {
  const std::string note = "assumption: illustrative example, not a calibrated policy default";
  return {
      integer_param("example.markov_chain.agents", "agents", 100000, 1, 1e9, note, "Number of agents."),
      [](ParamSpec s) {
        s.list_sums_to_one = true;
        return s;
      }(list_param(
          "example.markov_chain.initial_shares", "share", {0.5, 0.3, 0.2, 0.0, 0.0}, 0, 1, 0, note,
          "Share of agents starting in each state (episodic, harmful, dependent, remission, dead).")),
      list_param("example.markov_chain.rates_per_year", "per year", {0.00, 0.30, 0.02, 0.40, 0.002,  //
                                                                     0.20, 0.00, 0.25, 0.15, 0.005,  //
                                                                     0.00, 0.10, 0.00, 0.10, 0.020,  //
                                                                     0.15, 0.05, 0.05, 0.00, 0.004,  //
                                                                     0.00, 0.00, 0.00, 0.00, 0.000},
                 0, 1e6, 0, note, "Transition rates q_ij, row-major (from i to j); the diagonal is ignored."),
      lever_param("example.markov_chain.rate_multiplier", "multiplier", 1.0, 0, 1e6, note,
                  "Calendar-time speed of every clock (a lever)."),
      choice_param("example.markov_chain.sojourn", "exponential", {"exponential", "gamma", "weibull"}, note,
                   "Distribution of holding times; all have mean 1/q_i."),
      number_param("example.markov_chain.sojourn_shape", "", 1.0, 0.05, 100, note,
                   "Shape of gamma or Weibull holding times."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = kType,
    .description = "Example continuous-time (semi-)Markov chain for oracle tests and benchmarks",
    .params = markov_params(),
    .create = [] { return std::unique_ptr<Module>(new MarkovChain()); },
    .order = 1000,
}};

}  // namespace
}  // namespace pathways
