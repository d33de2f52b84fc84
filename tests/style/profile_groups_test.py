#!/usr/bin/env python3
"""bench/profile_groups.py puts perf report lines into the right parts and sums them exactly."""
import importlib.util
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
spec = importlib.util.spec_from_file_location("profile_groups", root / "bench" / "profile_groups.py")
pg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pg)

REPORT = """\
# Overhead  Command         Shared Object        Symbol
    11.91%  pathways_bench  pathways_bench       [.] pathways::HazardClock::set
    11.15%  pathways_bench  pathways_bench       [.] pathways::BucketPool::push
     9.02%  pathways_bench  pathways_bench       [.] pathways::Simulation::run
     5.97%  pathways_bench  pathways_bench       [.] pathways::(anonymous namespace)::HivTransmission::refresh_clocks
     4.68%  pathways_bench  [kernel.kallsyms]    [k] clear_page_erms
     3.20%  pathways_bench  libm.so.6            [.] __ieee754_log_fma
     1.29%  pathways_bench  pathways_bench       [.] std::__introsort_loop<__gnu_cxx::__normal_iterator<pathways::Event*, std::vector<pathways::Event> >, long, __gnu_cxx::__ops::_Iter_comp_iter<pathways::CalendarQueue::After> >
     1.20%  pathways_bench  pathways_bench       [.] pathways::Simulation::notify
     0.99%  pathways_bench  pathways_bench       [.] pathways::Model::close_episode
     0.40%  pathways_bench  pathways_bench       [.] pathways::Lever::at
"""
shares = pg.group(REPORT.splitlines())
expected = {
    "clocks and random draws": 11.91 + 3.20,
    "queue and scheduler: push, spread, sort, purge": 11.15 + 1.29,
    "event loop: pop, version check, dispatch": 9.02,
    "HIV network and transmission": 5.97,
    pg.KERNEL: 4.68,
    "notifications (dispatch only; handlers count as their module)": 1.20,
    "other modules": 0.99,
    pg.OTHER: 0.40,
}
failures = [f"{part}: got {shares.get(part)}, expected {want}" for part, want in expected.items()
            if abs(shares.get(part, 0.0) - want) > 1e-9]
if set(shares) != set(expected):
    failures.append(f"unexpected parts: {sorted(set(shares) - set(expected))}")
if failures:
    sys.exit("profile_groups_test: " + "; ".join(failures))
print("profile_groups_test: ok")
