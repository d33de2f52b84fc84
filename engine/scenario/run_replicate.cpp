// One simulation from a scenario.
#include "scenario/run_replicate.hpp"

namespace pathways {

RunConfig run_config_of(const Scenario& s, std::uint64_t seed, std::uint64_t replicate) {
  RunConfig c = s.run;
  c.seed = seed;
  c.replicate = replicate;
  return c;
}

SeriesTable run_replicate(const Scenario& s, std::uint64_t seed, std::uint64_t replicate) {
  return run_replicate(s, draw_parameters(s, seed, draw_of(s, replicate)), seed, replicate);
}

SeriesTable run_replicate(const Scenario& s, const ParamValues& params, std::uint64_t seed,
                          std::uint64_t replicate) {
  Simulation sim(run_config_of(s, seed, replicate), params);
  return sim.run();
}

}  // namespace pathways
