#!/usr/bin/env bash
# The human and CI reports, checked with the tools people use on them:
#   - JUnit XML validated against the JUnit schema by libxml2 (xmllint);
#   - index.html and a case page rendered by headless Chromium: the DOM has a cell per case
#     with the right verdict class, and screenshots are taken (left in $OUT for a look);
#   - `wsconform diff` against an Autobahn index.json written from its documented structure.
# Usage: reports_in_tools_test.sh <wsconform binary> <source dir> <scratch dir>
set -euo pipefail
wsconform=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }

"$wsconform" run --cases '1.1.1,2.10,6.4.1,7.1.6,7.9.3,12.1.1' --out "$out/run" --quiet >"$out/run.txt"
# A run where NON-STRICT counts as failing, from a peer that validates UTF-8 late, is not
# available from the CLI; the junit options are covered by flags on the same run instead.
"$wsconform" run --cases '7.1.6' --out "$out/run-info" --quiet --junit-informational-fails >/dev/null || true

# ---- JUnit XML against the schema
check xmllint --noout --schema "$src/report/tests/junit.xsd" "$out/run/junit.xml"
check grep -q 'tests="6" failures="0" errors="0" skipped="0"' "$out/run/junit.xml"
check grep -q '<failure message="INFORMATIONAL / INFORMATIONAL"' "$out/run-info/junit.xml"
check xmllint --noout --schema "$src/report/tests/junit.xsd" "$out/run-info/junit.xml"

# ---- HTML in a real browser
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "FAILED: chromium is not installed (scripts/install-deps.sh installs it)"
  fail=$((fail + 1))
else
  flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
         --disable-component-update --disable-sync --user-data-dir="$out/chrome-profile")
  timeout 120 "$chrome" "${flags[@]}" --dump-dom "file://$out/run/index.html" >"$out/index.dom.html" 2>/dev/null
  for c in 1.1.1 2.10 6.4.1 7.9.3; do
    check grep -q "class=\"pass\" data-case=\"$c\" data-verdict=\"OK\"" "$out/index.dom.html"
  done
  check grep -q 'class="info" data-case="7.1.6" data-verdict="INFORMATIONAL"' "$out/index.dom.html"
  # 12.1.1 (permessage-deflate, 1000 echoes): its time and the in/out compression ratios.
  check grep -Eq 'class="pass" data-case="12.1.1" data-verdict="OK".*[0-9]+ ms \[[0-9.]+/[0-9.]+\]' "$out/index.dom.html"
  check grep -q 'data-verdict="OK">OK 5</span>' "$out/index.dom.html"
  timeout 120 "$chrome" "${flags[@]}" --dump-dom "file://$out/run/wsconform_impl_case_7_9_3.html" >"$out/case.dom.html" 2>/dev/null
  check grep -q 'RX FRAME : OPCODE=8' "$out/case.dom.html"
  check grep -q 'close.code.reserved-1004' "$out/case.dom.html"
  timeout 120 "$chrome" "${flags[@]}" --window-size=1280,1600 --screenshot="$out/index.png" "file://$out/run/index.html" >/dev/null 2>&1
  timeout 120 "$chrome" "${flags[@]}" --window-size=390,1400 --screenshot="$out/index-phone.png" "file://$out/run/index.html" >/dev/null 2>&1
  timeout 120 "$chrome" "${flags[@]}" --window-size=1280,2400 --screenshot="$out/case.png" "file://$out/run/wsconform_impl_case_7_9_3.html" >/dev/null 2>&1
  for png in index.png index-phone.png case.png; do check test -s "$out/$png"; done
fi

# ---- diff against an Autobahn index.json
set +e
"$wsconform" diff "$src/report/tests/fixtures/autobahn-index.json" "$out/run" >"$out/diff.txt"
status=$?
set -e
check test "$status" -eq 1  # 9.9.1 is missing from our run: a regression
check grep -q 'improved   2.10      FAILED / OK' "$out/diff.txt"
check grep -q 'improved   6.4.1     NON-STRICT / OK' "$out/diff.txt"
check grep -q 'missing    9.9.1' "$out/diff.txt"
check grep -q 'new        12.1.1' "$out/diff.txt"
"$wsconform" diff --json "$out/run" "$out/run" >"$out/same.json"
check grep -q '"regression": false' "$out/same.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
