#!/usr/bin/env bash
# Bulk issue with and without mail, through Nginx, one run on this machine:
#   eng/bench/bulk-mail.sh
# 10,000 rows without recipient emails, then 10,000 with one each (notify on), then how long until the outbox has
# drained into smtp4dev. The same section as in run.sh, alone. Rate limits are raised (a load generator is one address).
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh
trap cleanup_topology EXIT

bench_up 3
echo
echo "CertVerify bulk and mail benchmark: $(nproc) cores, 3 replicas, host-process mode, Release build, through Nginx"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_bulk
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
