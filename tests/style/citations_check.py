#!/usr/bin/env python3
"""Every citation resolves inside the project.

Checks that every bracket key ([khue2017], [seed-176], ...) written in the engine's parameter
sources, the scenario packs, the calibration and validation files and the documentation is an id of
data/sources.csv; that no source still points at files a user of the repository does not have
(seed_facts.csv, literature_figures.md, a seed file by its hash, /work/...); and that
docs/sources.md is what scripts/render-sources makes of the CSV.
Usage: citations_check.py SOURCE_DIR
"""
import csv
import re
import subprocess
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
ids = {row["id"] for row in csv.DictReader(open(root / "data" / "sources.csv", encoding="utf-8", newline=""))}

# A key is lowercase with a hyphen (seed-176, worldbank-gdp-2023) or a name and a year (khue2017);
# brackets right after a word character are indexing (multiplier[detention], list[0]), not citations.
key = re.compile(r"(?<![\w.])\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]+[0-9]{4}[a-z0-9]*)\]")
stale = re.compile(r"seed_facts\.csv|literature_figures\.md|000_ac8646728de38624|003_1347ea7ec88c3969|/work/")

files = []
for pattern in ["engine/**/*.cpp", "engine/**/*.hpp", "scenarios/**/*.yaml", "calibration/**/*.yaml",
                "validation/**/*.yaml", "docs/*.md", "docs/model/*.md", "docs/packs/*.md", "README.md"]:
    files += sorted(root.glob(pattern))
problems = []
for path in files:
    if path.name == "sources.md" or path.name == "scenario-reference.md":
        continue  # generated from the CSV and from the engine's sources, both checked here
    text = path.read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        for k in key.findall(line):
            if k not in ids:
                problems.append(f"{path.relative_to(root)}:{n}: [{k}] is not an id of data/sources.csv")
        if stale.search(line):
            problems.append(f"{path.relative_to(root)}:{n}: cites a file outside the project: {line.strip()[:100]}")
# Validation cases name their study by id.
cases = root / "validation" / "cases.yaml"
for n, line in enumerate(cases.read_text(encoding="utf-8").splitlines(), 1):
    m = re.match(r"\s*source:\s*([a-z0-9-]+)\s*$", line)
    if m and m.group(1) not in ids:
        problems.append(f"validation/cases.yaml:{n}: source {m.group(1)} is not an id of data/sources.csv")
check = subprocess.run([sys.executable, str(root / "scripts" / "render-sources"), "--check"], capture_output=True,
                       text=True)
if check.returncode != 0:
    problems.append("docs/sources.md is out of date: run scripts/render-sources\n" + check.stdout + check.stderr)
for p in problems:
    print(p)
print(f"{len(files)} files checked, {len(ids)} sources, {len(problems)} problems")
sys.exit(1 if problems else 0)
