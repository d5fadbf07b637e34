#!/usr/bin/env bash
# CertVerify benchmark, one run on this machine: start-up time, then each measure next to its baseline.
#   eng/bench/run.sh
# Rate limits are raised for the run (a load generator is one client address); the output says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh
trap cleanup_topology EXIT

replicas=3
limits=("${raised_limits[@]}")
echo "Building (Release)..."
dotnet build CertVerify.AppHost -c Release -v q -nologo > /dev/null

started=$(date +%s.%N)
start_topology "$replicas" --Infrastructure:Mode=HostProcesses "${limits[@]}"
wait_for_topology "$replicas"
ready=$(date +%s.%N)

replica=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" "$bench_url/api/instances" | jq -r '.instances[0].address')
echo
echo "CertVerify benchmark: $(nproc) cores, $replicas replicas, host-process mode, Release build"
echo "Rate limits raised for this run: ${limits[*]}"
printf 'Time from start to every replica registered and the Admin signed in: %.1f s\n' "$(echo "$ready - $started" | bc)"

echo
echo "== Topology: GET /alive, wrk -t2 -c64 -d10s"
wrk -t2 -c16 -d3s "$bench_url/alive" > /dev/null   # warm-up
wrk -t2 -c16 -d3s "$replica/alive" > /dev/null
wrk_line "through Nginx ($replicas replicas)" "$bench_url/alive" -t2 -c64 -d10s
wrk_line "one replica directly" "$replica/alive" -t2 -c64 -d10s

echo
echo "== Sign-in: 50 sequential POST /api/auth/login through Nginx (PBKDF2 password hash)"
times=()
for _ in $(seq 50); do
  times+=("$(curl -s "${as_ingress[@]}" -o /dev/null -w '%{time_total}' -H 'content-type: application/json' \
    -d "{\"email\":\"admin@certverify.local\",\"password\":\"$bench_admin_password\"}" "$bench_url/api/auth/login")")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 * 1000 } END {
  printf "login latency: p50 %.1f ms, p90 %.1f ms, max %.1f ms\n", t[int(NR * 0.5)], t[int(NR * 0.9)], t[NR] }'

echo
echo "== Verification (cache on): wrk -t2 -c64 -d10s through Nginx"
code=$(issue_certificate)
wrk -t2 -c16 -d3s "$bench_url/api/verify/$code" > /dev/null
wrk_line "GET /alive (baseline)" "$bench_url/alive" -t2 -c64 -d10s
wrk_line "GET /api/verify/{code}, cached" "$bench_url/api/verify/$code" -t2 -c64 -d10s

bench_bulk

echo
echo "== Bulk issue: 10,000 rows as CSV through Nginx"
python3 -c 'import csv, sys
w = csv.writer(sys.stdout, lineterminator="\r\n")
w.writerow(["recipientName", "title", "meta.row"])
w.writerows([f"Bulk Recipient {i}", "Bulk Benchmark", str(i)] for i in range(10000))' > "$bench_data/bulk.csv"
post_bulk "$bench_data/bulk.csv" text/csv

echo
echo "== Revocation propagation (cache on)"
replica_urls=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" "$bench_url/api/instances" | jq -r '.instances[].address')
# shellcheck disable=SC2086
dotnet run eng/bench/revocation.cs -- "$bench_url" "$(create_api_key)" 200 $replica_urls

echo
echo "== Session lookup cost: wrk -t2 -c64 -d10s through Nginx"
cookie=$(awk '$6 == "certverify_session" { print $7 }' "$bench_data/admin.jar")
wrk -t2 -c16 -d3s -H "Cookie: certverify_session=$cookie" "$bench_url/api/auth/me" > /dev/null
wrk_line "GET /alive (anonymous, baseline)" "$bench_url/alive" -t2 -c64 -d10s
wrk_line "GET /api/auth/me (Redis session)" "$bench_url/api/auth/me" -t2 -c64 -d10s -H "Cookie: certverify_session=$cookie"

echo
echo "== Verification with the cache disabled (Verification:CacheEnabled=false; topology restarted)"
stop_topology
start_topology "$replicas" --Infrastructure:Mode=HostProcesses "${limits[@]}" --Web:Configuration:Verification:CacheEnabled=false
wait_for_topology "$replicas"
code=$(issue_certificate)
wrk -t2 -c16 -d3s "$bench_url/api/verify/$code" > /dev/null
wrk_line "GET /alive (baseline)" "$bench_url/alive" -t2 -c64 -d10s
wrk_line "GET /api/verify/{code}, uncached" "$bench_url/api/verify/$code" -t2 -c64 -d10s
