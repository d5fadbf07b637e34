#!/usr/bin/env bash
# Runs the tests of every test project in the solution (installing what they need first).
#   eng/test.sh                  every tier: Unit, InProcess and Topology (the full topology: PostgreSQL, Redis,
#                                three web replicas and Nginx as host processes, started through the AppHost)
#   eng/test.sh --fast           everything but the Topology tier: unit tests and the in-process application over a
#                                real PostgreSQL and Redis
#   eng/test.sh [--fast] ARGS    ARGS go to dotnet test (e.g. --no-build, or a --filter of your own)
set -euo pipefail
cd "$(dirname "$0")/.."

tiers=()
if [ "${1:-}" = "--fast" ]; then
  tiers=(--filter "Tier!=Topology")
  shift
fi

eng/install-prerequisites.sh --tests

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

status=0
# No LogFileName: each test project writes a trx file of its own (a fixed name would make them overwrite each other).
dotnet test CertVerify.sln --logger trx --logger "console;verbosity=normal" --results-directory "$results" \
  "${tiers[@]}" "$@" || status=$?

# One plain summary line for whoever reads the log (and CI), over every project's trx file.
shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -gt 0 ]; then
  counters=$(grep -ho '<Counters [^>]*>' "${trx_files[@]}")
  total() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<< "$counters" | awk '{ sum += $1 } END { print sum + 0 }'; }
  passed=$(total passed)
  failed=$(total failed)
  echo "tests: $passed passed, $failed failed"
  # The console log is long and CI shows only its tail: name each failed test, its message (up to 20 lines) and the
  # stack frames in our own code (up to 8: which step of a long test failed) here.
  if [ "$failed" != 0 ]; then
    awk 'BEGIN { state = "done" }
         /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11); state = "wait" }
         state == "wait" && /<Message>/ { sub(/.*<Message>/, ""); state = "message"; lines = 0 }
         state == "message" { ended = sub(/<\/Message>.*/, ""); if (lines++ < 20) print "    " $0; if (ended) { state = "stack"; frames = 0 } }
         state == "stack" && /at CertVerify\./ { if (frames++ < 8) { sub(/^ *(<StackTrace>)? */, ""); sub(/<\/StackTrace>.*/, ""); print "    " $0 } }
         state == "stack" && /<\/StackTrace>|<\/UnitTestResult>/ { state = "done" }' "${trx_files[@]}"
  fi
fi
exit $status
