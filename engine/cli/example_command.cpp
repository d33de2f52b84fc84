// `pathways example`: runs the built-in Markov-chain model as an ensemble and checks it against
// the exact matrix-exponential solution, as a first end-to-end demonstration of the engine.
#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "cli/commands.hpp"
#include "core/ensemble.hpp"
#include "core/simulation.hpp"
#include "example_model/markov_exact.hpp"

namespace pathways::cli {

namespace {
struct ExampleOptions {
  long agents = 100000;
  int replicates = 8;
  int threads = 0;
  int years = 10;
  std::uint64_t seed = 20261122;
};
}  // namespace

std::pair<CLI::App*, std::function<int()>> add_example_command(CLI::App& app) {
  auto opts = std::make_shared<ExampleOptions>();
  auto* cmd = app.add_subcommand(
      "example", "Run the built-in Markov-chain model and compare it with its exact solution");
  cmd->add_option("--agents", opts->agents, "Agents per replicate")->check(CLI::Range(1L, 100000000L));
  cmd->add_option("--replicates", opts->replicates, "Replicates")->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", opts->threads, "Threads (0 = all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--years", opts->years, "Years to simulate")->check(CLI::Range(1, 200));
  cmd->add_option("--seed", opts->seed, "Master seed");
  return {
      cmd, [opts]() {
        const std::string type = "example.markov_chain";
        ParamValues params = ParamValues::defaults(find_module(type)->params);
        params.set_number("example.markov_chain.agents", static_cast<double>(opts->agents));
        RunConfig config;
        config.seed = opts->seed;
        config.start_year = 2025;
        config.years = opts->years;
        config.modules = {type};

        const auto t0 = std::chrono::steady_clock::now();
        auto tables = run_jobs<SeriesTable>(static_cast<std::size_t>(opts->replicates), opts->threads,
                                            [&](std::size_t r) {
                                              RunConfig c = config;
                                              c.replicate = r;
                                              Simulation sim(c, params);
                                              return sim.run();
                                            });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        const auto& rates = params.list("example.markov_chain.rates_per_year");
        const auto& p0 = params.list("example.markov_chain.initial_shares");
        const char* names[] = {"episodic", "harmful", "dependent", "remission", "dead"};
        const std::size_t k = p0.size();
        const double n = static_cast<double>(opts->agents);
        Calendar cal{config.start_year};

        fmt::print("pathways example: {}-state drug-use Markov chain, {} agents x {} replicates, {} years\n",
                   k, opts->agents, opts->replicates, opts->years);
        fmt::print(
            "Share of people in each state on 1 January: simulated mean over replicates [exact "
            "p0*exp(Qt)]\n\n");
        fmt::print("{:>6}", "year");
        for (std::size_t s = 0; s < k; ++s) fmt::print(" {:>22}", s < 5 ? names[s] : "state");
        fmt::print("\n");
        double worst_z = 0.0;
        for (int y = 0; y < opts->years; ++y) {
          const Days t = cal.year_start(config.start_year + y + 1);
          const auto exact =
              markov_exact_shares(rates, p0, params.lever("example.markov_chain.rate_multiplier"), t);
          fmt::print("{:>6}", config.start_year + y + 1);
          for (std::size_t s = 0; s < k; ++s) {
            double sum = 0.0;
            for (const auto& tab : tables)
              sum +=
                  tab.values[static_cast<std::size_t>(tab.find(fmt::format("markov.state_{}.occupancy", s)))]
                            [static_cast<std::size_t>(y)];
            const double mean = sum / (n * static_cast<double>(tables.size()));
            const double se =
                std::sqrt(exact[s] * (1.0 - exact[s]) / (n * static_cast<double>(tables.size())));
            if (se > 0) worst_z = std::max(worst_z, std::abs(mean - exact[s]) / se);
            fmt::print(" {:>9.4f} [{:>8.4f}]  ", mean, exact[s]);
          }
          fmt::print("\n");
        }
        std::uint64_t events = 0;
        for (const auto& tab : tables) events += tab.events;
        const double agent_years = n * opts->years * opts->replicates;
        fmt::print("\nLargest deviation from the exact solution: {:.2f} binomial standard errors\n", worst_z);
        fmt::print("{} events in {:.2f} s: {:.2f} M events/s, {:.2f} M agent-years/s\n", events, seconds,
                   static_cast<double>(events) / seconds / 1e6, agent_years / seconds / 1e6);
        return kExitOk;
      }};
}

}  // namespace pathways::cli
