#!/usr/bin/env bash
# Runs a wsconform command and checks both what a user sees: its exit status and its output.
# Usage: expect_cli.sh STATUS REGEX COMMAND [ARG...]
#   STATUS  the exit status the command must end with
#   REGEX   an extended regular expression its stdout+stderr (joined into one line) must match
set -uo pipefail
want_status=$1 regex=$2
shift 2
output=$("$@" 2>&1)
status=$?
flat=$(printf '%s' "$output" | tr '\n' ' ')
ok=1
if [ "$status" -ne "$want_status" ]; then echo "exit status $status, expected $want_status"; ok=0; fi
if ! printf '%s' "$flat" | grep -Eq -- "$regex"; then echo "output does not match: $regex"; ok=0; fi
if [ "$ok" -eq 0 ]; then
  printf '%s\n' "$output"
  exit 1
fi
echo "exit status $status and output as expected"
