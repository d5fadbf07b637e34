#!/usr/bin/env bash
# What a freshly started replica's first requests cost: for each path, the first request after start next to the
# median of the 20 that follow, with a single replica so that every request reaches the fresh process.
#   eng/bench/cold-start.sh [extra AppHost arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh
trap cleanup_topology EXIT

bench_up 1 "$@"
api_key=$(create_api_key)

echo
echo "Cold start: $(nproc) cores, 1 replica behind Nginx, host-process mode, Release build; AppHost arguments: ${bench_settings[*]} $*"
echo "(Signing the Admin in and creating an API key came first, so those paths are not in the table.)"

# ms METHOD PATH [BODY]: one request's time in ms (its body kept in $bench_data/answer.json); stops unless 2xx or 404.
ms() {
  local method=$1 path=$2 body=${3:-}
  local out
  out=$(curl -s -o "$bench_data/answer.json" -w '%{http_code} %{time_total}' -X "$method" -H "Authorization: Bearer $api_key" \
    -H 'content-type: application/json' ${body:+--data-binary "$body"} "$bench_url$path")
  case ${out%% *} in 2??|404) ;; *) echo "$method $path answered ${out%% *}" >&2; exit 1 ;; esac
  awk '{ printf "%.1f", $2 * 1000 }' <<< "$out"
}

# measure LABEL METHOD PATH_FUNCTION [BODY_FUNCTION]: the first request, then the median of 20 more (each with a new
# path and body from the functions).
measure() {
  local label=$1 method=$2 path_of=$3 body_of=${4:-true}
  local first rest=() median
  first=$(ms "$method" "$($path_of)" "$($body_of)")
  cp "$bench_data/answer.json" "$bench_data/first.json"
  for _ in $(seq 20); do rest+=("$(ms "$method" "$($path_of)" "$($body_of)")"); done
  median=$(printf '%s\n' "${rest[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  printf '%-46s first %9s ms   then p50 %7s ms\n' "$label" "$first" "$median"
}

alphabet=0123456789ABCDEFGHJKMNPQRSTVWXYZ
unknown_code() { # a well-formed code that was never issued
  local code=CV
  for _ in 1 2 3 4 5; do code+=-; for _ in 1 2 3 4; do code+=${alphabet:RANDOM % 32:1}; done; done
  printf '/api/verify/%s' "$code"
}
issued_code() { printf '/api/verify/%s' "$code"; }
certificate_pdf() { printf '/api/certificates/%s/pdf' "$code"; }
certificates() { printf '/api/certificates'; }
bulk() { printf '/api/certificates/bulk'; }
one_row() { printf '{"recipientName":"Cold Start %s","title":"Cold Start"}' "$RANDOM"; }
fifty_rows() { python3 -c 'import json; print(json.dumps([{"recipientName": f"Cold Start {i}", "title": "Cold Start"} for i in range(50)]))'; }

# In the order a restarted replica might meet them: the first row also pays for what all share (EF Core's model...).
measure "GET /api/verify/{code}, a code never issued" GET unknown_code
measure "POST /api/certificates (one)" POST certificates one_row
code=$(jq -r .code "$bench_data/first.json")
measure "GET /api/verify/{code}, an issued code" GET issued_code
measure "POST /api/certificates/bulk (50 rows)" POST bulk fifty_rows
measure "GET /api/certificates/{code}/pdf" GET certificate_pdf
