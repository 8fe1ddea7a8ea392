#!/usr/bin/env bash
# Every bug fuzz/planted_bugs.py plants (for scripts/fuzz-power.sh) still applies to impl/ as it
# is - each anchor found exactly once - and changes it; a bug whose anchor moved fails here, not
# silently in a measurement of an unchanged impl/.
# Usage: planted_bugs_test.sh <source dir> <scratch dir>
set -euo pipefail
src=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
n=0
while IFS=$'\t' read -r name _; do
  rm -rf "$scratch/tree" && mkdir -p "$scratch/tree" && cp -r "$src/impl" "$scratch/tree/"
  python3 "$src/fuzz/planted_bugs.py" apply "$name" "$scratch/tree"
  if diff -rq "$src/impl" "$scratch/tree/impl" >/dev/null; then
    echo "$name: planting it changed nothing"
    exit 1
  fi
  n=$((n + 1))
done < <(python3 "$src/fuzz/planted_bugs.py" list)
[ "$n" -ge 11 ] || { echo "only $n planted bugs listed"; exit 1; }
echo "$n planted bugs apply to impl/"
