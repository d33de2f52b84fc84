"""pathways from Python: load scenarios, derive plans, run and compare them, calibrate.

    import pathways as pw
    base = pw.Scenario.load("scenarios/viet_nam/baseline.yaml")
    plan = base.derive(name="Take-home doses",
                       set={"parameters.mmt.take_home_share": {2025: 0.004, 2028: 0.5}})
    res = pw.compare([base, plan], replicates=20, threads=2, seed=1)
    res.summary        # pandas DataFrame, the numbers of summary.csv

Runs go through the same runner as the command line and return the same file texts, so a result
here has the same bytes as `pathways compare ... --seed 1` writes (docs/python.md).
"""
from __future__ import annotations

import io
import json
import math
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from . import _core
from ._core import ScenarioError

__version__ = _core.__version__
__all__ = ["Scenario", "Results", "Calibration", "ScenarioError", "run", "compare", "sensitivity",
           "calibrate", "describe", "__version__"]


def _yaml(value: Any) -> str:
    """A Python value as flow YAML the scenario loader reads: maps with bare integer years as keys."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, found {value!r}")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a YAML double-quoted string
    if isinstance(value, Mapping):
        items = []
        for k, v in value.items():
            key = str(k) if isinstance(k, int) and not isinstance(k, bool) else json.dumps(str(k))
            items.append(f"{key}: {_yaml(v)}")
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if value is None:
        return "null"
    raise TypeError(f"cannot write {type(value).__name__} into a scenario")


def _overrides(values: Optional[Mapping[str, Any]]) -> list:
    return [f"{key}={_yaml(v)}" for key, v in (values or {}).items()]


class Scenario:
    """A scenario file as the loader resolved it (extends, posterior and overrides applied)."""

    def __init__(self, loaded: "_core.LoadedScenario"):
        self._loaded = loaded

    @classmethod
    def load(cls, path: "str | os.PathLike", set: Optional[Mapping[str, Any]] = None) -> "Scenario":
        """Loads and validates a file; `set` overrides values like `--set` (keys as on the command
        line, e.g. "run.years" or "parameters.mmt.capacity"). Raises ScenarioError with every
        problem as FILE:LINE:COLUMN: key: expected ..., found ...."""
        return cls(_core.load(os.fspath(path), _overrides(set)))

    def derive(self, name: Optional[str] = None, set: Optional[Mapping[str, Any]] = None) -> "Scenario":
        """A new scenario: this one with `set` applied on top (and a new name, which a comparison
        needs: rows of every output are keyed by name)."""
        extra = _overrides(set) + ([f"name={_yaml(name)}"] if name is not None else [])
        return Scenario(_core.load(self._loaded.file, list(self._loaded.overrides) + extra))

    name = property(lambda self: self._loaded.name)
    description = property(lambda self: self._loaded.description)
    country = property(lambda self: self._loaded.country)
    start_year = property(lambda self: self._loaded.start_year)
    years = property(lambda self: self._loaded.years)
    scale = property(lambda self: self._loaded.scale)
    replicates = property(lambda self: self._loaded.replicates)
    modules = property(lambda self: list(self._loaded.modules))
    path = property(lambda self: self._loaded.file)
    overrides = property(lambda self: list(self._loaded.overrides))
    yaml = property(lambda self: self._loaded.resolved_yaml, doc="the fully merged document")
    warnings = property(lambda self: list(self._loaded.warnings),
                        doc="module defaults that are another country's figures (docs/country-packs.md)")

    def __repr__(self) -> str:
        return f"Scenario({self.name!r}, {self.path!r}, {self.start_year}-{self.start_year + self.years - 1})"


def _table(text: str):
    import pandas as pd  # imported on use: loading and describing scenarios need no pandas
    return pd.read_csv(io.StringIO(text))


class Results:
    """The outputs of a run: the same files the command line writes, as text (`files`) and tables."""

    def __init__(self, files: Sequence):
        self.files = dict(files)

    def _csv(self, name: str):
        return _table(self.files[name]) if name in self.files else None

    summary = property(lambda self: self._csv("summary.csv"), doc="summary.csv")
    series = property(lambda self: self._csv("series.csv"), doc="series.csv")
    retention = property(lambda self: self._csv("retention.csv"), doc="retention.csv")
    comparison = property(lambda self: self._csv("comparison.csv"), doc="comparison.csv (compare)")
    economics = property(lambda self: self._csv("economics.csv"), doc="economics.csv (compare)")
    value_of_information = property(lambda self: self._csv("value_of_information.csv"))
    sensitivity = property(lambda self: self._csv("sensitivity.csv"), doc="sensitivity.csv (sensitivity)")
    report_html = property(lambda self: self.files["report.html"])
    manifest = property(lambda self: json.loads(self.files["manifest.json"]))

    def save(self, folder: "str | os.PathLike") -> Path:
        """Writes every file into `folder`, which must not exist yet (nothing is overwritten)."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=False)
        for name, text in self.files.items():
            (target / name).write_text(text, encoding="utf-8")
        return target

    def __repr__(self) -> str:
        return f"Results({', '.join(self.files)})"


def _progress(progress):
    """None, a callable f(done, total), or True: a line on sys.stderr (shown by Jupyter too)."""
    if progress is True:
        import sys

        def show(done, total):
            sys.stderr.write(f"\r{done}/{total} replicates" + ("\n" if done == total else ""))
            sys.stderr.flush()
        return show
    return progress or None


def _loaded(scenarios: Iterable[Scenario]) -> list:
    out = []
    for s in scenarios:
        if not isinstance(s, Scenario):
            raise TypeError(f"expected pathways.Scenario, found {type(s).__name__}")
        out.append(s._loaded)
    return out


def run(scenario: Scenario, replicates: int = 0, threads: int = 0, seed: Optional[int] = None,
        progress=None) -> Results:
    """`pathways run`: one scenario. replicates=0 takes the scenario's run.replicates; seed=None its
    run.seed; threads=0 all cores (results do not depend on it). progress: True for a line on
    stderr, or a function f(done, total) called after each replicate."""
    return Results(_core.run(_loaded([scenario]), "run", replicates, seed, threads, [], [], _progress(progress)))


def compare(scenarios: Sequence[Scenario], replicates: int = 0, threads: int = 0, seed: Optional[int] = None,
            wtp: Sequence[float] = (), progress=None) -> Results:
    """`pathways compare`: the first scenario is the baseline; the rest are compared with it on
    common random numbers. `wtp` replaces the baseline's willingness-to-pay values."""
    return Results(_core.run(_loaded(scenarios), "compare", replicates, seed, threads, list(wtp), [],
                             _progress(progress)))


def sensitivity(scenarios: Sequence[Scenario], parameters: Sequence[str] = (), replicates: int = 0,
                threads: int = 0, seed: Optional[int] = None, wtp: Sequence[float] = (),
                progress=None) -> Results:
    """`pathways sensitivity`: one-way sensitivity over the ranges the scenarios declare, their
    distributions and `parameters` ("KEY=LOW:HIGH")."""
    return Results(_core.run(_loaded(scenarios), "sensitivity", replicates, seed, threads, list(wtp),
                             list(parameters), _progress(progress)))


class Calibration:
    """The outputs of `pathways calibrate`: posterior, generations and fit tables, and the report."""

    def __init__(self, files: Sequence):
        self.files = dict(files)

    posterior = property(lambda self: _table(self.files["posterior.csv"]))
    generations = property(lambda self: _table(self.files["generations.csv"]))
    fit = property(lambda self: _table(self.files["fit.csv"]))
    report_html = property(lambda self: self.files["report.html"])


def calibrate(config: "str | os.PathLike", particles: int = 0, generations: int = 0, seed: Optional[int] = None,
              threads: int = 0, progress: bool = False) -> Calibration:
    """`pathways calibrate` without checkpoints: 0 takes the configuration's particles and generations."""
    return Calibration(_core.calibrate(os.fspath(config), particles, generations, seed, threads, progress))


def describe(markdown: bool = False) -> str:
    """Every parameter of every module: key, type, unit, default, range, source (as `pathways describe`)."""
    return _core.describe(markdown)
