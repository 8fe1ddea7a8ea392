#!/usr/bin/env bash
# The main job: install what is missing, build, and run wsconform's main command,
# writing its report to reports/ (or the folder given as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-reports}
scripts/install-deps.sh
scripts/build.sh release
build/release/cli/wsconform selfcheck --out "$out"
