#!/usr/bin/env bash
# Runs every test: unit tests, and the integration tests that start the real topology
# (PostgreSQL, Redis, three web replicas and Nginx as host processes) through the AppHost.
set -euo pipefail
cd "$(dirname "$0")/.."

eng/install-prerequisites.sh --tests

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

status=0
dotnet test CertVerify.sln --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

# One plain summary line for whoever reads the log (and CI).
if trx=$(ls "$results"/*.trx 2> /dev/null | head -n 1) && [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<< "$counters")
  failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<< "$counters")
  echo "tests: $passed passed, $failed failed"
fi
exit $status
