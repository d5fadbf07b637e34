#!/usr/bin/env bash
# Topology benchmark: time from `dotnet run` to every resource healthy, then GET /alive through Nginx
# with 3 replicas next to the same against one replica directly, in one run.
#   eng/bench/topology.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh
trap cleanup_topology EXIT

replicas=3
echo "Building (Release)..."
dotnet build CertVerify.AppHost -c Release -v q -nologo > /dev/null

started=$(date +%s.%N)
start_topology "$replicas" --Infrastructure:Mode=HostProcesses
wait_for_topology "$replicas"
ready=$(date +%s.%N)

replica=$(curl -sf "http://127.0.0.1:$bench_port/api/instances" | jq -r '.instances[0].address')
echo
echo "CertVerify topology benchmark ($(nproc) cores, $replicas replicas, host-process mode, Release)"
printf 'Time from dotnet run to all resources healthy: %.1f s\n' "$(echo "$ready - $started" | bc)"
echo
# Warm both paths first so JIT and connection pools do not count.
wrk -t2 -c16 -d3s "http://127.0.0.1:$bench_port/alive" > /dev/null
wrk -t2 -c16 -d3s "$replica/alive" > /dev/null
wrk_line "GET /alive through Nginx ($replicas replicas)" "http://127.0.0.1:$bench_port/alive" -t2 -c64 -d10s
wrk_line "GET /alive on one replica directly" "$replica/alive" -t2 -c64 -d10s
