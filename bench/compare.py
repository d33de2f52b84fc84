#!/usr/bin/python3
"""Compares two pathways_bench JSON result files: medians side by side, and their ratio (new / old).

Usage: /usr/bin/python3 bench/compare.py OLD.json NEW.json [--filter SUBSTRING]

Uses only the standard library (Google Benchmark's own compare.py needs scipy and is not packaged
on Debian). For times, a ratio below 1 means NEW is faster; for rates (*_per_second), above 1 does.
"""
import argparse
import json
import sys


def medians(path):
    """Maps run name -> {metric: value}, from median aggregates when the file has repetitions."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    runs, iterations = {}, {}
    for b in data.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if b.get("error_occurred"):
            continue
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                runs[name] = b
        else:
            iterations.setdefault(name, []).append(b)
    # Without repetitions there are no aggregates: use the (first) plain run instead.
    for name, bs in iterations.items():
        runs.setdefault(name, bs[0])
    out = {}
    for name, b in runs.items():
        # Multi-threaded benchmarks are timed on the wall clock; the rest on CPU time, which is
        # less sensitive to other processes sharing the machine.
        key = "real_time" if name.endswith("/real_time") else "cpu_time"
        metrics = {f"{key} [{b.get('time_unit', 'ns')}]": b[key]}
        for k, v in b.items():
            if isinstance(v, (int, float)) and (k.endswith("_per_second") or k in ("bytes_per_agent", "cores_used")):
                metrics[k] = v
        out[name] = metrics
    return out, data.get("context", {})


def fmt(v):
    if v is None:
        return "-"
    a = abs(v)
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:.3g}{suffix}"
    return f"{v:.3g}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--filter", default="", help="only benchmarks whose name contains this")
    args = p.parse_args()
    old, old_ctx = medians(args.old)
    new, new_ctx = medians(args.new)
    for label, ctx in (("old", old_ctx), ("new", new_ctx)):
        print(f"{label}: {ctx.get('date', '?')}  {ctx.get('host_name', '?')}  "
              f"{ctx.get('num_cpus', '?')} CPUs  load {ctx.get('load_avg', '?')}")
    rows = [("benchmark", "metric", "old", "new", "new/old")]
    names = [n for n in list(old) + [n for n in new if n not in old] if args.filter in n]
    for name in names:
        metrics = list(old.get(name, {})) + [m for m in new.get(name, {}) if m not in old.get(name, {})]
        for m in metrics:
            a = old.get(name, {}).get(m)
            b = new.get(name, {}).get(m)
            ratio = f"{b / a:.2f}" if a and b is not None else "-"
            rows.append((name, m, fmt(a), fmt(b), ratio))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(widths[j]) if j < 2 else c.rjust(widths[j]) for j, c in enumerate(r)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
