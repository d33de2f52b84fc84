"""The Python API: loading, deriving, errors, and byte identity with the command line."""
import os
import subprocess
from pathlib import Path

import pytest

import pathways as pw

SRC = Path(os.environ.get("PATHWAYS_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BIN = Path(os.environ.get("PATHWAYS_BINARY_DIR", SRC / "build")) / "bin" / "pathways"
SMALL = SRC / "tests" / "cli" / "data" / "small.yaml"
MORE_MMT = SRC / "tests" / "cli" / "data" / "small_more_mmt.yaml"


def cli(tmp_path, *args):
    out = tmp_path / "cli"
    done = subprocess.run([str(BIN), *map(str, args), "--out", str(out), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_load_reads_the_resolved_scenario():
    s = pw.Scenario.load(SRC / "scenarios" / "viet_nam" / "baseline.yaml")
    assert s.name == "Viet Nam baseline"
    assert s.country == "viet_nam"
    assert (s.start_year, s.years) == (2025, 10)
    assert s.warnings == []  # a finished pack borrows no other country's defaults
    assert "parameters_from" not in s.yaml or "posterior" in s.yaml


def test_a_bad_file_raises_with_file_line_and_key():
    with pytest.raises(pw.ScenarioError) as e:
        pw.Scenario.load(SRC / "tests" / "scenario" / "bad" / "missing_name.yaml")
    assert "missing_name.yaml:1:1: name: expected a scenario name (required)" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_a_bad_override_names_the_key():
    with pytest.raises(pw.ScenarioError) as e:
        pw.Scenario.load(SMALL, set={"parameters.mmt.capacity": -1})
    assert "parameters.mmt.capacity" in str(e.value)


def test_derive_applies_levers_with_year_keys_and_a_new_name():
    base = pw.Scenario.load(SMALL)
    plan = base.derive(name="Take-home", set={"parameters.mmt.take_home_share": {2025: 0.0, 2026: 0.5}})
    assert plan.name == "Take-home"
    assert plan.overrides[-2:] == ["parameters.mmt.take_home_share={2025: 0.0, 2026: 0.5}", 'name="Take-home"']
    assert base.name != plan.name


def test_compare_gives_the_bytes_of_the_command_line(tmp_path):
    # Same inputs and seed: every CSV identical to the command line's, whatever the thread count.
    base, plan = pw.Scenario.load(SMALL), pw.Scenario.load(MORE_MMT)
    res = pw.compare([base, plan], replicates=3, seed=5, threads=2)
    out = cli(tmp_path, "compare", SMALL, MORE_MMT, "--replicates", 3, "--seed", 5, "--threads", 1)
    written = {p.name for p in out.iterdir()} - {"report.html", "manifest.json"}
    assert written == set(res.files) - {"report.html", "manifest.json"}
    assert {"series.csv", "summary.csv", "comparison.csv", "economics.csv"} <= written
    for name in written:
        assert res.files[name] == (out / name).read_text(encoding="utf-8"), name
    # The tables are those files read by pandas.
    assert list(res.summary.columns) == ["scenario", "metric", "mean", "lo95", "hi95", "mcse", "interval",
                                         "parameter_share"]
    row = res.comparison.query("metric == 'mmt.person_years'").iloc[0]
    assert row["diff_mean"] > 0  # more places, more people on MMT
    assert res.manifest["seed"] == 5


def test_run_of_a_derived_scenario_matches_the_command_line_with_set(tmp_path):
    plan = pw.Scenario.load(SMALL).derive(set={"run.years": 2})
    res = pw.run(plan, replicates=2, seed=9)
    out = cli(tmp_path, "run", SMALL, "--set", "run.years=2", "--replicates", 2, "--seed", 9)
    assert res.files["series.csv"] == (out / "series.csv").read_text(encoding="utf-8")
    assert res.comparison is None  # one scenario: no comparison


def test_a_comparison_of_two_plans_of_one_name_is_refused():
    base = pw.Scenario.load(SMALL)
    with pytest.raises(ValueError, match="a name different from every other scenario"):
        pw.compare([base, base.derive(set={"run.seed": 3})], replicates=1)


def test_sensitivity_varies_the_named_parameter():
    base = pw.Scenario.load(SMALL, set={"run.years": 2})
    res = pw.sensitivity([base], parameters=["mmt.seeking_rate_per_year=0.05:0.5"], replicates=2, seed=1)
    assert set(res.sensitivity["parameter"]) == {"mmt.seeking_rate_per_year"}


def test_describe_lists_every_parameter():
    text = pw.describe(markdown=True)
    assert "| `mmt.capacity` |" in text and "Viet Nam's figure" in text


def test_save_never_overwrites(tmp_path):
    res = pw.run(pw.Scenario.load(SMALL, set={"run.years": 1}), replicates=1, seed=1)
    res.save(tmp_path / "a")
    assert (tmp_path / "a" / "summary.csv").exists()
    with pytest.raises(FileExistsError):
        res.save(tmp_path / "a")


def test_version_is_the_programs():
    done = subprocess.run([str(BIN), "--version"], capture_output=True, text=True)
    assert pw.__version__ in done.stdout.split()


def test_calibrate_gives_the_posterior_of_the_command_line(tmp_path):
    config = SRC / "tests" / "calibration" / "data" / "quick.yaml"
    cal = pw.calibrate(config, particles=8, generations=2, seed=3, threads=2)
    out = tmp_path / "cal"
    done = subprocess.run([str(BIN), "calibrate", str(config), "--particles", "8", "--generations", "2", "--seed", "3",
                           "--threads", "1", "--out", str(out), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ["posterior.csv", "generations.csv", "fit.csv"]:
        assert cal.files[name] == (out / name).read_text(encoding="utf-8"), name
    assert list(cal.posterior.columns) == ["mmt.seeking_rate_per_year", "weight", "distance"]


def test_progress_reports_every_replicate_and_a_failing_callback_does_not_stop_the_run():
    seen = []
    base, plan = pw.Scenario.load(SMALL, set={"run.years": 1}), pw.Scenario.load(MORE_MMT, set={"run.years": 1})
    quiet = pw.compare([base, plan], replicates=3, seed=2)
    res = pw.compare([base, plan], replicates=3, seed=2, threads=2, progress=lambda d, t: seen.append((d, t)))
    assert sorted(seen) == [(d, 6) for d in range(1, 7)]  # 2 scenarios x 3 replicates
    assert res.files["series.csv"] == quiet.files["series.csv"]

    def broken(done, total):
        raise RuntimeError("a broken progress bar")
    assert pw.run(base, replicates=2, seed=2, progress=broken).files["series.csv"]
