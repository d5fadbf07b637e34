#!/usr/bin/env bash
# Certificate document render times through Nginx, one run on this machine:
#   eng/bench/documents.sh
# A cold first render, then 100 different certificates sequentially and 100 more with 4 concurrent clients (each a
# real render: every certificate is new), then the same 100 again (served from the cache). Rate limits are raised for
# the run (a load generator is one client address); the output says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh
trap cleanup_topology EXIT

bench_up 3

echo
echo "CertVerify document benchmark: $(nproc) cores, 3 replicas, host-process mode, Release build, through Nginx"
echo "Rate limits raised for this run: ${raised_limits[*]}"

# 201 certificates in one bulk issue, names in several scripts (each renders with other fonts).
python3 - > "$bench_data/documents.json" << 'EOF'
import json
names = ["Zoë Ådahl-Çelik", "مريم الحسيني", "דוד כהן", "李小龍", "Александра Петрова"]
print(json.dumps([{"recipientName": f"{names[i % len(names)]} {i}", "title": "Benchmark Certificate of Completion",
                   "description": "Rendered for the document benchmark: signatures, keys and trust."} for i in range(201)]))
EOF
csrf=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -c "$bench_data/admin.jar" "$bench_url/api/auth/csrf" | jq -r .token)
curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' \
  --data-binary @"$bench_data/documents.json" "$bench_url/api/certificates/bulk" | jq -r '.certificates[].code' > "$bench_data/codes"
mapfile -t codes < "$bench_data/codes"
[ "${#codes[@]}" -eq 201 ] || { echo "Bulk issue gave ${#codes[@]} certificates, expected 201" >&2; exit 1; }

# fetch FORMAT CODE: prints the seconds the request took; fails unless it answered 200.
fetch() {
  local result
  result=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$bench_url/api/certificates/$2/$1")
  [ "${result%% *}" = 200 ] || { echo "GET $2/$1 answered ${result%% *}" >&2; return 1; }
  echo "${result#* }"
}
export -f fetch
export bench_url

# summary LABEL: reads one time per line (seconds) and prints count, mean and percentiles in milliseconds.
summary() {
  sort -n | awk -v label="$1" '{ t[NR] = $1 * 1000; sum += t[NR] } END {
    printf "%-52s n=%d  mean %6.1f ms  p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms\n", label, NR, sum / NR, t[int((NR + 1) * 0.5)], t[int(NR * 0.9)], t[NR] }'
}

# render_totals: documents rendered and milliseconds spent drawing them, summed over every replica's own counters
# (GET /api/instances/self on each replica directly); render_time BEFORE prints the mean since BEFORE: the render
# alone, without queueing, database, cache or network.
session=$(awk '$6 == "certverify_session" { print $7 }' "$bench_data/admin.jar")
replica_urls=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" "$bench_url/api/instances" | jq -r '.instances[].address')
render_totals() {
  for url in $replica_urls; do curl -sf -H "Cookie: certverify_session=$session" "$url/api/instances/self" | jq -r '"\(.documents.rendered) \(.documents.renderMilliseconds)"'; done \
    | awk '{ n += $1; ms += $2 } END { print n, ms }'
}
render_time() {
  local before=($1) after
  after=($(render_totals))
  awk -v n="$((after[0] - before[0]))" -v ms="$(echo "${after[1]} - ${before[1]}" | bc)" \
    'BEGIN { printf "%-52s %d renders, %.1f ms each on average (drawing only, inside the replicas)\n", "", n, n ? ms / n : 0 }'
}

echo
totals=$(render_totals)
printf 'PDF, first render after start (cold: fonts loaded, code JIT-compiled): %.1f ms\n' "$(echo "$(fetch pdf "${codes[0]}") * 1000" | bc)"
render_time "$totals"
totals=$(render_totals)

started=$(date +%s.%N)
for code in "${codes[@]:1:100}"; do fetch pdf "$code"; done > "$bench_data/sequential"
finished=$(date +%s.%N)
summary "PDF, 100 certificates, one client" < "$bench_data/sequential"
printf '%-52s %.2f s in all\n' "" "$(echo "$finished - $started" | bc)"
render_time "$totals"
totals=$(render_totals)

started=$(date +%s.%N)
printf '%s\n' "${codes[@]:101:100}" | xargs -P 4 -I {} bash -c 'fetch pdf {}' > "$bench_data/concurrent"
finished=$(date +%s.%N)
summary "PDF, 100 other certificates, 4 concurrent clients" < "$bench_data/concurrent"
printf '%-52s %.2f s in all\n' "" "$(echo "$finished - $started" | bc)"
render_time "$totals"
totals=$(render_totals)

for code in "${codes[@]:1:100}"; do fetch pdf "$code"; done | summary "PDF, the first 100 again (from the cache)"
for code in "${codes[@]:1:100}"; do fetch png "$code"; done | summary "PNG 1684 x 1190, 100 certificates, one client"
render_time "$totals"
