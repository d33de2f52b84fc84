# %% [markdown]
# # Comparing transition plans with pathways
#
# A notebook in the "percent" format: run it as a script (`/usr/bin/python3
# notebooks/compare_scenarios.py OUT_DIR`) or open it in Jupyter or VS Code, where each `# %%` is a
# cell. It runs `build/bin/pathways compare` on the Viet Nam pack, reads the CSV outputs with the
# standard library, and plots people detained, people on MMT, costs and retention with matplotlib
# (Debian's python3-matplotlib: use /usr/bin/python3). Build first with `make demo` or `make test`.

# %%
import csv
import os
import subprocess
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")  # files, not windows: works on a server
import matplotlib.pyplot as plt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "out", "notebook"))
REPLICATES = os.environ.get("PATHWAYS_NOTEBOOK_REPLICATES", "6")
YEARS = os.environ.get("PATHWAYS_NOTEBOOK_YEARS", "10")
PACK = os.path.join(ROOT, "scenarios", "viet_nam")
SCENARIOS = ["baseline.yaml", "mmt_takehome.yaml", "close_centres.yaml"]

# %% [markdown]
# ## Run the comparison
# Common random numbers: replicate r of every scenario uses the same seed, so differences are paired.

# %%
runs = os.path.join(OUT, "runs")
cmd = [os.path.join(ROOT, "build", "bin", "pathways"), "compare"] + [os.path.join(PACK, s) for s in SCENARIOS]
cmd += ["--replicates", REPLICATES, "--set", f"run.years={YEARS}", "--quiet", "--out", runs]
subprocess.run(cmd, check=True)

# %% [markdown]
# ## Read the outputs

# %%
def read_rows(name):
    with open(os.path.join(runs, name), newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    return float("nan") if text == "NA" else float(text)


# series[scenario][metric][year] -> list of replicate values
series = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
for row in read_rows("series.csv"):
    series[row["scenario"]][row["metric"]][int(row["year"])].append(number(row["value"]))
scenarios = list(series.keys())


def mean_band(values):
    xs = sorted(values)
    n = len(xs)
    return sum(xs) / n, xs[max(0, int(0.025 * (n - 1)))], xs[min(n - 1, int(round(0.975 * (n - 1))))]


# %% [markdown]
# ## People detained and people on MMT over time

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for ax, metrics, title in [
    (axes[0], ["compulsory_centre.occupancy", "prison.occupancy"], "People detained (centres and prisons)"),
    (axes[1], ["mmt.occupancy"], "People on MMT"),
]:
    for s in scenarios:
        years = sorted(series[s][metrics[0]].keys())
        totals = [[sum(vals) for vals in zip(*(series[s][m][y] for m in metrics))] for y in years]
        stats = [mean_band(t) for t in totals]
        ax.plot(years, [m for m, _, _ in stats], label=s)
        ax.fill_between(years, [lo for _, lo, _ in stats], [hi for _, _, hi in stats], alpha=0.2)
    ax.set_title(title)
    ax.set_xlabel("Year")
    ax.set_ylabel("People (end of year)")
axes[0].legend(fontsize=8)
fig.tight_layout()
fig.savefig(os.path.join(OUT, "people_over_time.png"), dpi=120)

# %% [markdown]
# ## Costs by payer and retention on MMT

# %%
summary = defaultdict(dict)
for row in read_rows("summary.csv"):
    summary[row["scenario"]][row["metric"]] = number(row["mean"])
payers = ["health", "justice", "social"]
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
bottom = [0.0] * len(scenarios)
for p in payers:
    vals = [summary[s].get(f"cost.payer_{p}_usd", 0.0) / 1e6 for s in scenarios]
    axes[0].bar(range(len(scenarios)), vals, bottom=bottom, label=p)
    bottom = [b + v for b, v in zip(bottom, vals)]
axes[0].set_xticks(range(len(scenarios)), [s.replace(" ", "\n", 2) for s in scenarios], fontsize=7)
axes[0].set_ylabel("US$ millions over the horizon (undiscounted)")
axes[0].set_title("Costs by payer")
axes[0].legend(fontsize=8)
curves = defaultdict(list)
for row in read_rows("retention.csv"):
    if row["episode"] == "mmt":
        curves[row["scenario"]].append((number(row["day"]) / 30.44, number(row["survival"])))
for s, pts in curves.items():
    axes[1].plot([x for x, _ in pts], [y for _, y in pts], label=s)
axes[1].set_title("Still on MMT (Kaplan-Meier)")
axes[1].set_xlabel("Months since starting")
axes[1].set_ylim(0, 1)
fig.tight_layout()
fig.savefig(os.path.join(OUT, "costs_and_retention.png"), dpi=120)
print(f"figures written to {OUT}")
