#!/usr/bin/env bash
# Runs the analysis notebook end to end on a short horizon and checks that it draws its figures.
# Skips (exit 77) when Debian's matplotlib is not installed for /usr/bin/python3.
set -euo pipefail
source_dir=$1
out=$2
/usr/bin/python3 -c "import matplotlib" 2>/dev/null || { echo "python3-matplotlib not installed: skipped"; exit 77; }
rm -rf "$out"
PATHWAYS_NOTEBOOK_REPLICATES=2 PATHWAYS_NOTEBOOK_YEARS=6 /usr/bin/python3 "$source_dir/notebooks/compare_scenarios.py" "$out"
for f in people_over_time.png costs_and_retention.png; do
  [ -s "$out/$f" ] || { echo "missing figure $f"; exit 1; }
done
echo "notebook figures drawn"
