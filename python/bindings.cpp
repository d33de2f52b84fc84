// pathways._core: the engine for Python. Scenarios load through the same loader as `pathways
// validate`, runs go through the same runner as `pathways run/compare/sensitivity` and return the
// same file texts, so Python and the command line give the same bytes (docs/python.md).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration.hpp"
#include "calibration/output.hpp"
#include "cli/commands.hpp"
#include "cli/run_outputs.hpp"
#include "core/module.hpp"
#include "scenario/country_defaults.hpp"
#include "scenario/scenario.hpp"

namespace py = pybind11;

namespace pathways::python {

/// A loaded scenario and how it was loaded (file and overrides), so that it can be derived from.
struct LoadedScenario {
  std::string file;
  std::vector<std::string> overrides;
  Scenario scenario;
};

LoadedScenario load(const std::string& file, const std::vector<std::string>& overrides) {
  return LoadedScenario{file, overrides, load_scenario(file, overrides)};
}

std::vector<std::pair<std::string, std::string>> run(const std::vector<LoadedScenario>& loaded,
                                                     const std::string& command, int replicates,
                                                     std::optional<std::uint64_t> seed, int threads,
                                                     const std::vector<double>& wtp,
                                                     const std::vector<std::string>& parameters,
                                                     const py::object& progress) {
  std::vector<Scenario> as_written;
  for (const auto& l : loaded) as_written.push_back(l.scenario);
  if (as_written.empty()) throw cli::UserError("expected at least one scenario, found none");
  cli::check_comparable(as_written);
  const std::vector<Scenario> scenarios = command == "sensitivity" ? cli::base_case(as_written) : as_written;
  cli::EnsembleOptions e = cli::ensemble_options(scenarios.front(), replicates, seed, threads, false);
  if (!progress.is_none()) {
    // Called from TBB's workers while the calling thread waits without the GIL: take it to call back.
    e.on_job_done = [progress](std::size_t done, std::size_t total) {
      py::gil_scoped_acquire gil;
      try {
        progress(done, total);
      } catch (py::error_already_set&) {
        // A failing progress callback must not stop a run; its error is dropped.
      }
    };
  }
  const bool one_way = command == "sensitivity";
  const auto varied =
      one_way ? cli::sensitivity_parameters(as_written, parameters) : std::vector<SensitivityParameter>{};
  if (one_way && varied.empty()) {
    throw cli::UserError(scenarios.front().path +
                         ": no parameter to vary: give parameters a distribution, a "
                         "sensitivity: range, or name them in parameters=[\"KEY=LOW:HIGH\"]");
  }
  const EconomicsOptions econ = EconomicsOptions::from(scenarios.front(), wtp);
  cli::RunOutputs out;
  {
    py::gil_scoped_release release;  // long runs: other Python threads (and Ctrl-C handling) go on
    out = cli::run_and_report(as_written, scenarios, e, econ, varied, command, threads);
  }
  return out.files;
}

std::vector<std::pair<std::string, std::string>> calibrate(const std::string& config, int particles,
                                                           int generations, std::optional<std::uint64_t> seed,
                                                           int threads, bool progress) {
  const calibration::CalibrationConfig c = calibration::load_calibration(config);
  calibration::CalibrateOptions o;
  o.particles = particles;
  o.generations = generations;
  o.seed_given = seed.has_value();
  o.seed = seed.value_or(0);
  o.threads = threads;
  o.progress = progress;
  calibration::CalibrationOutcome r;
  {
    py::gil_scoped_release release;
    r = calibration::calibrate(c, o);
  }
  return {{"posterior.csv", calibration::posterior_csv(r.keys, r.posterior)},
          {"generations.csv", calibration::generations_csv(r.history)},
          {"fit.csv", calibration::fit_csv(r.fit)},
          {"report.html", calibration::calibration_report_html(c, r)}};
}

}  // namespace pathways::python

PYBIND11_MODULE(_core, m) {
  using namespace pathways;
  using namespace pathways::python;
  m.doc() = "The pathways engine (use the `pathways` package, not this module)";
  m.attr("__version__") = PATHWAYS_VERSION;

  static py::exception<ScenarioError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      scenario_error(e.what());
    } catch (const cli::UserError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  py::class_<LoadedScenario>(m, "LoadedScenario")
      .def_readonly("file", &LoadedScenario::file)
      .def_readonly("overrides", &LoadedScenario::overrides)
      .def_property_readonly("name", [](const LoadedScenario& l) { return l.scenario.name; })
      .def_property_readonly("description", [](const LoadedScenario& l) { return l.scenario.description; })
      .def_property_readonly("country", [](const LoadedScenario& l) { return l.scenario.country; })
      .def_property_readonly("start_year", [](const LoadedScenario& l) { return l.scenario.run.start_year; })
      .def_property_readonly("years", [](const LoadedScenario& l) { return l.scenario.run.years; })
      .def_property_readonly("scale", [](const LoadedScenario& l) { return l.scenario.run.scale; })
      .def_property_readonly("replicates", [](const LoadedScenario& l) { return l.scenario.replicates; })
      .def_property_readonly("modules", [](const LoadedScenario& l) { return l.scenario.run.modules; })
      .def_property_readonly("resolved_yaml",
                             [](const LoadedScenario& l) { return l.scenario.resolved_yaml; })
      .def_property_readonly("warnings",
                             [](const LoadedScenario& l) { return country_default_warnings(l.scenario); });

  m.def("load", &load, py::arg("file"), py::arg("overrides") = std::vector<std::string>{});
  m.def("run", &run, py::arg("scenarios"), py::arg("command"), py::arg("replicates") = 0,
        py::arg("seed") = std::nullopt, py::arg("threads") = 0, py::arg("wtp") = std::vector<double>{},
        py::arg("parameters") = std::vector<std::string>{}, py::arg("progress") = py::none());
  m.def("calibrate", &calibrate, py::arg("config"), py::arg("particles") = 0, py::arg("generations") = 0,
        py::arg("seed") = std::nullopt, py::arg("threads") = 0, py::arg("progress") = false);
  m.def(
      "describe",
      [](bool markdown) {
        if (markdown) return reference_markdown();
        std::string out;
        for (const auto& mod : registered_modules()) {
          if (mod.type.rfind("test.", 0) != 0) out += module_reference_text(mod) + "\n";
        }
        return out;
      },
      py::arg("markdown") = false);
}
