#!/usr/bin/env bash
# The formatting the style asks for (.clang-format at the root): every tracked C++ file as clang-format
# writes it. Fix with `make format`. Skipped (77) when clang-format or git is missing.
set -uo pipefail
src="$1"
command -v clang-format >/dev/null 2>&1 || { echo "clang-format not installed"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "git not installed"; exit 77; }
cd "$src" || exit 2
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null)
[ -n "$files" ] || { echo "not a git checkout"; exit 77; }
out=$(printf '%s\n' $files | xargs clang-format --dry-run 2>&1 | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error)' | cut -d: -f1 | sort -u)
if [ -n "$out" ]; then
  echo "not formatted as .clang-format asks (run 'make format'):"
  printf '  %s\n' $out
  exit 1
fi
echo "all $(printf '%s\n' $files | wc -l) C++ files formatted"
