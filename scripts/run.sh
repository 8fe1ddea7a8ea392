#!/usr/bin/env bash
# The main job: install what is missing, build, and run the conformance catalogue against
# the built-in implementation (impl/), writing Autobahn-compatible reports to
# reports/servers/ (index.json and one JSON per case) and the model's self-check to
# reports/model/. Extra arguments go to `wsconform run`, e.g. --cases '6.*' or --target model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh run   # the toolchain and four libraries; nothing the tests alone need
scripts/build.sh release -DBUILD_TESTING=OFF
build/release/cli/wsconform selfcheck --out reports/model >/dev/null
exec build/release/cli/wsconform run --target impl --out reports/servers "$@"
