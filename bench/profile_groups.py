#!/usr/bin/env python3
"""Groups a `perf report` of the full model into the engine's parts: where the time per event goes.

    perf report -i perf.data --no-children --stdio -g none --percent-limit 0 | bench/profile_groups.py [--ns-per-event N]

Reads the report on standard input and prints each part's share of the samples (and, given the
benchmark's nanoseconds per event, its cost per event). `scripts/profile` runs it; bench/README.md
records its figures. Standard library only.
"""
import argparse
import collections
import re
import sys

# (part, pattern on the symbol), first match wins. Order matters: a module's clock calls are inlined
# into HazardClock::set, which counts as clocks, not as the module.
PARTS = [
    ("queue and scheduler: push, spread, sort, purge",
     r"BucketPool|CalendarQueue|BasicScheduler|(introsort|insertion_sort|heap).*pathways::Event"),
    ("event loop: pop, version check, dispatch", r"Simulation::run\b"),
    ("clocks and random draws", r"HazardClock|Draws::|RandomStreams|philox|next_event_time|^__(ieee754_)?(log|exp|expm1)"),
    ("HIV network and transmission", r"HivTransmission|PartnerPool|HivNetwork|FacilityMixing"),
    ("HIV care cascade", r"HivCascade"),
    ("health and cost accounting", r"StageTail|RateIntegrator|Health|Outputs|SeriesTable|Discount|record_year"),
    ("notifications (dispatch only; handlers count as their module)", r"Simulation::notify"),
    ("other modules", r"DrugUse|Justice|Mortality|Stays|StayService|Mmt|Model::|PopulationModule|HarmReduction|Overdose"),
]
KERNEL = "kernel: page faults, zeroing new memory"
OTHER = "other (set-up, levers, libraries)"
LINE = re.compile(r"\s*([\d.]+)%\s+\S+\s+(\S+)\s+\[(.)\]\s+(.*)")


def part_of(shared_object, kind, symbol):
    if kind == "k" or shared_object.startswith("[kernel"):
        return KERNEL
    for part, pattern in PARTS:
        if re.search(pattern, symbol):
            return part
    return OTHER


def group(report_lines):
    """Shares per part (percent of all samples) from `perf report --stdio -g none` lines."""
    shares = collections.Counter()
    for line in report_lines:
        m = LINE.match(line)
        if m:
            shares[part_of(m.group(2), m.group(3), m.group(4))] += float(m.group(1))
    return shares


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ns-per-event", type=float, help="the benchmark's wall time per event, in ns")
    args = ap.parse_args()
    shares = group(sys.stdin)
    if not shares:
        sys.exit("profile_groups: no perf report lines on standard input")
    total = sum(shares.values())
    for part, share in shares.most_common():
        cost = f"  {args.ns_per_event * share / total:6.0f} ns/event" if args.ns_per_event else ""
        print(f"{share:6.1f}%{cost}  {part}")


if __name__ == "__main__":
    main()
