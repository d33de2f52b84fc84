#!/usr/bin/env bash
# Loads a rendered report.html in headless Chromium: no console errors, and every chart drawn.
# Usage: report_browser_test.sh RENDER_SAMPLE [SCREENSHOT.png]. Exits 77 (skip) without Chromium.
set -euo pipefail

render_sample=$1
screenshot=${2:-${PATHWAYS_REPORT_SCREENSHOT:-}}
expected_charts=8  # detention, treatment, costs, HIV, retention x2, CE plane, CEAC

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/install-deps report)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$render_sample" "$work/report.html"

run_chromium() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --enable-logging=stderr --v=0 "$@"
}

run_chromium --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/stderr.txt" || {
  echo "FAIL: chromium exited with an error"; cat "$work/stderr.txt"; exit 1; }

status=0
if grep -E 'CONSOLE|Uncaught' "$work/stderr.txt"; then
  echo "FAIL: the page logged console messages"
  status=1
fi

charts=$(grep -o '<svg' "$work/dom.html" | wc -l)
if [ "$charts" -ne "$expected_charts" ]; then
  echo "FAIL: expected $expected_charts charts in the DOM, found $charts"
  status=1
fi
# Each chart must contain drawn data: a line, a bar or a point, not only its frame.
empty=$(awk 'BEGIN { RS = "</svg>" } /<svg/ { if ($0 !~ /class="line"|class="bar"|<circle/) n++ } END { print n + 0 }' \
  "$work/dom.html")
if [ "$empty" -ne 0 ]; then
  echo "FAIL: $empty chart(s) draw nothing"
  status=1
fi
# The explanatory sections a reader relies on are in the page as the browser builds it.
for id in in-brief scenarios plan-changes headline incremental why human-rights assumptions calibration \
  methods limitations checks; do
  if ! grep -q "<section id=\"$id\">" "$work/dom.html"; then
    echo "FAIL: no section #$id in the DOM"
    status=1
  fi
done
if ! grep -q 'CHEERS 2022' "$work/dom.html"; then
  echo "FAIL: no CHEERS 2022 checklist"
  status=1
fi
if grep -q '<script' "$work/dom.html"; then
  echo "FAIL: the DOM holds a script"
  status=1
fi

if [ -n "$screenshot" ]; then
  run_chromium --screenshot="$screenshot" --window-size=1200,3000 --hide-scrollbars "file://$work/report.html" \
    >/dev/null 2>"$work/shot-stderr.txt" || { echo "FAIL: screenshot"; cat "$work/shot-stderr.txt"; status=1; }
fi

[ "$status" -eq 0 ] && echo "PASS: $charts charts drawn, no console messages"
exit "$status"
