#!/usr/bin/env bash
# CertVerify load test: the original system's scenarios, with our thresholds, each next to a baseline (GET /alive
# through Nginx, same connections and pacing) measured in the same run.
#   eng/bench/load.sh [replicas, default 3] [extra AppHost arguments...]
#   e.g. eng/bench/load.sh 1    or    eng/bench/load.sh 3 --Web:Configuration:Verification:CacheEnabled=false
# Each wrk connection is one client pausing THINK_MS (default 250, jittered +-50%) after each answer; the capacity
# rows send without pause. Exits non-zero when a threshold is missed. Rate limits are raised and 1 request in 10
# traced (TRACE_SAMPLE_RATIO, within each replica's 20 traces a second, as a published deployment does; both printed).
# SCENARIOS (default "verify capacity issuing") picks sections; for a quick tuning comparison of one setting,
# SCENARIOS=capacity WARM_UP_SECONDS=30 (the capacity rows otherwise come before the runtime has optimised the hot code).
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh
trap cleanup_topology EXIT

replicas=${1:-3}
shift || true
think_ms=${THINK_MS:-250}
scenarios=" ${SCENARIOS:-verify capacity issuing} "
export WRK_SCRIPTS=$PWD/eng/bench/wrk
failures=()

bench_up "$replicas" "$@"

echo
echo "CertVerify load test: $(nproc) cores, $replicas replica(s) behind Nginx, host-process mode, Release build"
echo "AppHost arguments: ${bench_settings[*]} $*"
echo "Pacing: each connection pauses ${think_ms} ms on average after each answer (capacity rows: no pause)"

# Certificates to verify, issued in one batch, and an API key for the issuing clients.
api_key=$(create_api_key)
seed_codes "$api_key" 500
export CODES_FILE=$bench_data/codes.txt API_KEY=$api_key
echo "Prepared $(wc -l < "$bench_data/codes.txt") certificates to verify"

# run LABEL SCRIPT CONNECTIONS SECONDS THINK_MS [P95_LIMIT_MS]: one wrk run, its summary line, and the threshold check.
run() {
  local label=$1 script=$2 connections=$3 seconds=$4 think=$5 limit=${6:-}
  local line
  line=$(LABEL=$label THINK_MS=$think wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$WRK_SCRIPTS/$script" "$bench_url" | tail -n 1)
  echo "$line"
  check "$line" "$limit"
}

# check LINE [P95_LIMIT_MS]: errors must be 0, p95 within the limit when one is given.
check() {
  local line=$1 limit=$2
  local p95 errors
  p95=$(awk '{ for (i = 1; i < NF; i++) if ($i == "p95") print $(i + 1) }' <<< "$line")
  errors=$(awk '{ print $NF }' <<< "$line")
  if [ "$errors" != 0 ]; then failures+=("$line  <- errors"); fi
  if [ -n "$limit" ] && awk -v p="$p95" -v l="$limit" 'BEGIN { exit !(p >= l) }'; then
    failures+=("$line  <- p95 over $limit ms")
  fi
}

# Every replica compiles each path (JIT, EF Core queries) the first time it serves it, and the runtime recompiles
# hot code optimised after a while (tiered compilation): not what is measured here. WARM_UP_SECONDS per script.
warm_up() { LABEL=warm-up THINK_MS=0 wrk -t2 -c"${2:-16}" -d"${WARM_UP_SECONDS:-5}s" -s "$WRK_SCRIPTS/$1" "$bench_url" > /dev/null; }
warm_up alive.lua
warm_up verify-mix.lua
if [[ $scenarios == *" issuing "* ]]; then
  warm_up issue-single.lua 6
  warm_up issue-bulk.lua 3
fi

verification_scenarios() {
  echo
  echo "== Verification mix (80% valid, 20% unknown codes), GET /api/verify/{code}; threshold: 0 errors, p95 < 20 ms"
  run "baseline GET /alive, 50 connections" alive.lua 50 20 "$think_ms"
  run "verify, 50 connections (constant)" verify-mix.lua 50 30 "$think_ms" 20
  for connections in 60 70 80 90 100; do
    run "verify, ramp: $connections connections" verify-mix.lua "$connections" 6 "$think_ms" 20
  done
  run "baseline GET /alive, 100 connections" alive.lua 100 10 "$think_ms"
  run "verify, 100 connections (top of the ramp)" verify-mix.lua 100 20 "$think_ms" 20
  run "verify, spike: 200 connections" verify-mix.lua 200 15 "$think_ms" 20
  run "baseline GET /alive, 200 connections" alive.lua 200 15 "$think_ms"
  run "verify, after the spike: 50 connections" verify-mix.lua 50 10 "$think_ms" 20
}

capacity_scenarios() {
  echo
  echo "== Capacity: no pause, 64 connections (no threshold; the ratio to /alive is the figure)"
  run "capacity GET /alive" alive.lua 64 15 0
  run "capacity verify mix" verify-mix.lua 64 15 0
}

issuing_scenarios() {
  echo
  echo "== Issuing: 5 clients issuing single certificates + 2 clients issuing 50-row batches, no pause, 20 s"
  echo "   threshold: 0 errors, p95 < 200 ms for single issues"
  LABEL="bulk issue, 50 rows, 2 clients" THINK_MS=0 wrk -t1 -c2 -d20s --timeout 30s -s "$WRK_SCRIPTS/issue-bulk.lua" "$bench_url" \
    | tail -n 1 > "$bench_data/bulk.line" &
  bulk_pid=$!
  run "single issue, 5 clients (with 2 bulk clients)" issue-single.lua 5 20 0 200
  wait "$bulk_pid"
  cat "$bench_data/bulk.line"
  check "$(cat "$bench_data/bulk.line")" ""
  run "baseline GET /alive, 7 connections" alive.lua 7 10 0
}

if [[ $scenarios == *" verify "* ]]; then verification_scenarios; fi
if [[ $scenarios == *" capacity "* ]]; then capacity_scenarios; fi
if [[ $scenarios == *" issuing "* ]]; then issuing_scenarios; fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "FAILED thresholds:"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
echo "All thresholds met."
