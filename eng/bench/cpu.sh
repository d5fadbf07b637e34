#!/usr/bin/env bash
# CPU per request, by part of the machine: what a request through Nginx costs the replicas, Nginx, PostgreSQL,
# Redis, the rest of the topology (AppHost, DCP, dashboard) and wrk itself, each row next to a physical anchor
# measured in the same run: as many trivial Kestrel apps (eng/bench/anchor, logging cleared) behind a plain Nginx
# with idle upstream connections kept, on ports of their own.
#   eng/bench/cpu.sh [extra AppHost arguments...]
#   e.g. eng/bench/cpu.sh    or    SCENARIOS="anchor cached" eng/bench/cpu.sh --Web:Configuration:DOTNET_GCHeapCount=1
# CPU per request = utime + stime of each process (/proc/PID/stat, children it reaped included) over the run,
# divided by the requests wrk reports; the machine column is every busy CPU tick (/proc/stat), other jobs included.
# With the anchor and /alive rows measured, another table gives what each other row adds to our /alive by part, next
# to what the issue's 2x target leaves for it (2 x the anchor minus our /alive); another the context switches per
# request in the anchor's apps and in the replicas (how much their thread pools spun).
# Settings (environment): SCENARIOS (default "anchor alive cached unknown mix"), DURATION (s, 12), CONNECTIONS (64),
# THREADS (2), REPLICAS (3, the anchor has as many apps), WARM_UP_SECONDS (5, per scenario), IDLE_SECONDS (10),
# ANCHOR_PORT (18180; its apps listen on the next REPLICAS ports), ANCHOR_SESSION (own: the anchor in a session of its
# own, as the topology's processes are; shared: in this script's, with wrk), TRACE_SAMPLE_RATIO (0.1),
# SETTLE_SECONDS (15: after each row the topology is read again this long, for the work the row left behind: the
# dashboard storing its traces, PostgreSQL after its inserts; reported apart, the idle rate taken off; 0 for none).
# Rate limits are raised.
set -euo pipefail
cd "$(dirname "$0")/../.."
eng/install-prerequisites.sh --bench
source eng/bench/lib.sh

scenarios=" ${SCENARIOS:-anchor alive cached unknown mix} "
duration=${DURATION:-12}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
replicas=${REPLICAS:-3}
idle_seconds=${IDLE_SECONDS:-10}
settle_seconds=${SETTLE_SECONDS:-15}
anchor_port=${ANCHOR_PORT:-18180}
anchor_url="http://127.0.0.1:$anchor_port"
anchor_session=${ANCHOR_SESSION:-own}
clk_tck=$(getconf CLK_TCK)
export WRK_SCRIPTS=$PWD/eng/bench/wrk
anchor_apps=()
anchor_nginx=""

stop_anchor() {
  local pid
  for pid in "${anchor_apps[@]}" $anchor_nginx; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${anchor_apps[@]}" $anchor_nginx; do
    timeout 20 tail --pid="$pid" -f /dev/null || kill -9 "$pid" 2> /dev/null || true
  done
  anchor_apps=() anchor_nginx=""
}
trap 'stop_anchor; cleanup_topology' EXIT
trap 'exit 130' INT TERM

# launch_anchor DIR NGINX PORT...: the anchor's apps (one per port) and its Nginx as children of one shell, which writes
# their PIDs into DIR and waits for them.
launch_anchor() {
  local dir=$1 nginx=$2 port; shift 2
  for port in "$@"; do
    DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
      eng/bench/anchor/bin/Release/net10.0/CertVerify.Bench.Anchor > "$dir/anchor-$port.log" 2>&1 &
    echo $! >> "$dir/anchor-apps.pids"
  done
  "$nginx" -p "$dir/anchor-nginx" -c "$dir/anchor-nginx/nginx.conf" -g 'daemon off;' > "$dir/anchor-nginx.log" 2>&1 &
  echo $! > "$dir/anchor-nginx.pid"
  wait
}

# answers PORT...: whether every one of these local ports answers /alive with Healthy.
answers() {
  local port
  for port in "$@"; do [ "$(curl -s -m 2 "http://127.0.0.1:$port/alive")" = Healthy ] || return 1; done
}

# start_anchor: REPLICAS anchor apps and their Nginx in a session of their own, as the orchestrator starts the
# topology's processes (in one session, apart from this script's and wrk's); waits until it answers. With the kernel's
# autogroup scheduling a session is one scheduling group: in wrk's group (ANCHOR_SESSION=shared, as before 2026-12-07)
# the anchor cost about a fifth less per request than in a group of its own, an advantage the topology never had
# (docs/benchmarks.md).
start_anchor() {
  local servers="" ports=() port i started=$SECONDS
  for i in $(seq "$replicas"); do
    port=$((anchor_port + i))
    ports+=("$port")
    servers+="server 127.0.0.1:$port; "
  done
  mkdir -p "$bench_data/anchor-nginx/temp"
  ANCHOR_PORT=$anchor_port ANCHOR_SERVERS=$servers envsubst '${ANCHOR_PORT} ${ANCHOR_SERVERS}' \
    < eng/bench/anchor/nginx.conf > "$bench_data/anchor-nginx/nginx.conf"
  local launcher=(setsid)
  [ "$anchor_session" = own ] || launcher=()
  "${launcher[@]}" bash -c "$(declare -f launch_anchor)"$'\n''launch_anchor "$@"' launch_anchor "$bench_data" \
    "$(command -v nginx || echo /usr/sbin/nginx)" "${ports[@]}" &
  # The launcher writes Nginx's PID last, after every app's.
  until [ -s "$bench_data/anchor-nginx.pid" ]; do
    [ $((SECONDS - started)) -lt 60 ] || { echo "The anchor's launcher did not start within 60 s" >&2; return 1; }
    sleep 0.1
  done
  mapfile -t anchor_apps < "$bench_data/anchor-apps.pids"
  anchor_nginx=$(< "$bench_data/anchor-nginx.pid")
  # Every app first, then Nginx: a request through Nginx before an app listens takes that app out of rotation for
  # fail_timeout (10 s), and the first rows' requests would get 502.
  until answers "${ports[@]}" "$anchor_port"; do
    if [ $((SECONDS - started)) -ge 60 ]; then
      echo "The anchor did not answer within 60 s:" >&2; tail -n 5 "$bench_data"/anchor-*.log >&2; return 1
    fi
    sleep 0.5
  done
}

# proc_capture FILE: the machine's busy ticks and every process's /proc/PID/stat, read at once (classified later).
proc_capture() {
  awk '$1 == "cpu" { print "machine", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat > "$1"
  # Processes end while this reads: cat goes on past the files that vanished.
  cat /proc/[0-9]*/stat >> "$1" 2> /dev/null || true
}

# dcp_pid: the orchestrator's process, which leaves the AppHost's process tree and names the AppHost it serves.
dcp_pid() {
  pgrep -f -- "start-apiserver --monitor $apphost_pid " || true
}

# cpu_parts BEFORE AFTER: "part ticks" used between two captures by each part: the topology's processes (those of
# the AppHost and of DCP, which leaves the AppHost's process tree and names the AppHost it serves), the anchor's, and
# the machine (every busy tick, other jobs included). A process's ticks are utime + stime + cutime + cstime, so a
# child that ended and was reaped by its parent within a part (a PostgreSQL backend) still counts; a process that
# started in between counts whole, and one that ended in between counts what it used after the first capture.
cpu_parts() {
  local dcp
  dcp=$(dcp_pid)
  awk -v topology="$apphost_pid $dcp" -v apps="${anchor_apps[*]}" -v nginx="$anchor_nginx" '
    $1 == "machine" { if (FNR == NR) machine = -$2; else machine += $2; next }
    {
      # The command name is in parentheses and may hold spaces: count the other fields from its end.
      for (end = length($0); substr($0, end, 1) != ")"; end--) {}
      start = index($0, "(")
      split(substr($0, end + 2), f, " ")
      pid = $1; ticks = f[12] + f[13] + f[14] + f[15]; name = substr($0, start + 1, end - start - 1)
      if (FNR == NR) { before[pid] = ticks; comm_before[pid] = name; parent_before[pid] = f[2]; next }
      comm[pid] = name; parent[pid] = f[2]; used[pid] = ticks - before[pid]
    }
    END {
      # A process that ended in between (a PostgreSQL backend closed by the pool) was reaped by its parent, whose
      # children ticks now hold its whole life: take off what it had used before.
      for (pid in before) if (!(pid in used)) { used[pid] = -before[pid]; comm[pid] = comm_before[pid]; parent[pid] = parent_before[pid] }
      print 0, "machine", "-", machine
      if (nginx != "") root[nginx] = "anchor-nginx"
      n = split(topology, t, " "); for (i = 1; i <= n; i++) root[t[i]] = "topology"
      n = split(apps, a, " "); for (i = 1; i <= n; i++) root[a[i]] = "anchor-app"
      for (pid in used) {
        for (p = pid; p > 1 && !(p in root); p = parent[p]) {}
        if (p > 1) print pid, root[p], comm[pid], used[pid]
      }
    }' "$1" "$2" | while read -r pid part comm ticks; do
    [ "$part" = topology ] && part=$(topology_part "$pid" "$comm")
    echo "$part $ticks"
  done | awk '{ used[$1] += $2 } END { for (part in used) print part, used[part] }'
}

# topology_part PID COMM: which part of the topology a process is, from its command line.
topology_part() {
  local cmdline
  cmdline=$(tr '\0' ' ' 2> /dev/null < "/proc/$1/cmdline") || true
  if [ "$1" = "$apphost_pid" ]; then echo apphost; return; fi
  case "$2|$cmdline" in
    *CertVerify.Web*) echo replicas ;;
    nginx\|*) echo nginx ;;
    postgres\|*) echo postgres ;;
    redis-server\|*) echo redis ;;
    *Aspire.Dashboard*) echo dashboard ;;
    dcp*) echo dcp ;;
    *) echo other ;;
  esac
}

# children_seconds: CPU seconds used by this shell's reaped children (the second line of `times`), from FILE.
children_seconds() {
  awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"
}

# switches FILE PID...: each thread's context switches so far, voluntary or not, as "TID COUNT" lines in FILE. grep
# reads on past a thread that ended after the glob was expanded (its lines: /proc/PID/task/TID/status:NAME:\tCOUNT).
switches() {
  local file=$1; shift
  { grep -H ctxt_switches $(printf '/proc/%s/task/*/status ' "$@") 2> /dev/null || true; } \
    | awk -F'[/:]' '{ n[$5] += $NF } END { for (tid in n) print tid, n[tid] }' > "$file"
}

# switched BEFORE AFTER: the context switches between two readings of switches, by thread (a thread that ended in
# between is missed: under load the thread pool rarely retires one; one that started counts whole).
switched() {
  awk 'FNR == NR { before[$1] = $2; next } { n += $2 - before[$1] } END { print n + 0 }' "$1" "$2"
}

# replica_pids: the replicas' processes, which DCP's controller starts.
replica_pids() {
  local controller
  for controller in $(pgrep -P "$(dcp_pid)"); do pgrep -P "$controller" -f CertVerify.Web || true; done
}

# measure NAME URL SCRIPT: warm up, then one wrk run between two snapshots; appends a row to $bench_data/rows.
measure() {
  local name=$1 url=$2 script=$3 line wrk_seconds apps
  LABEL=warm-up timeout $((WARM_UP_SECONDS + 30)) wrk -t"$threads" -c"$connections" -d"${WARM_UP_SECONDS:-5}s" \
    -s "$WRK_SCRIPTS/$script" "$url" > /dev/null
  if [[ $name == anchor* ]]; then apps="${anchor_apps[*]}"; else apps=$(replica_pids); fi
  switches "$bench_data/switches.before" $apps
  proc_capture "$bench_data/before"
  times > "$bench_data/times.before"
  LABEL=$name timeout $((duration + 30)) wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s \
    -s "$WRK_SCRIPTS/$script" "$url" > "$bench_data/wrk.out"
  times > "$bench_data/times.after"
  proc_capture "$bench_data/after"
  switches "$bench_data/switches.after" $apps
  line=$(tail -n 1 "$bench_data/wrk.out")
  grep '^errors:' "$bench_data/wrk.out" || true
  wrk_seconds=$(awk -v a="$(children_seconds "$bench_data/times.after")" -v b="$(children_seconds "$bench_data/times.before")" \
    'BEGIN { print a - b }')
  { echo "row $name"; echo "wrk-line $line"; echo "wrk $wrk_seconds"
    echo "switches $(switched "$bench_data/switches.before" "$bench_data/switches.after")"
    cpu_parts "$bench_data/before" "$bench_data/after"; } >> "$bench_data/rows"
  echo "$line"
  # What the row left behind is read before the next row's warm-up, so that it is not billed to that row.
  if [ "$settle_seconds" -gt 0 ]; then
    sleep "$settle_seconds"
    proc_capture "$bench_data/settled"
    { echo "deferred $settle_seconds"; cpu_parts "$bench_data/after" "$bench_data/settled"; } >> "$bench_data/rows"
  fi
}

echo "Building the anchor (Release)..."
dotnet build eng/bench/anchor -c Release -v q -nologo > /dev/null
export WARM_UP_SECONDS=${WARM_UP_SECONDS:-5}
bench_up "$replicas" "$@"
[[ $scenarios == *" anchor "* ]] && start_anchor

api_key=$(create_api_key)
seed_codes "$api_key" 500
export CODES_FILE=$bench_data/codes.txt

echo
echo "CPU per request: $(nproc) cores, $replicas replica(s) behind Nginx, host-process mode, Release build, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "AppHost arguments: ${bench_settings[*]} $*"
echo "wrk -t$threads -c$connections -d${duration}s per row after ${WARM_UP_SECONDS} s of warm-up; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "The anchor's session: $anchor_session (kernel.sched_autogroup_enabled=$(cat /proc/sys/kernel/sched_autogroup_enabled 2> /dev/null || echo absent))"
echo "$(wc -l < "$bench_data/codes.txt") certificates issued to verify"
echo

[[ $scenarios == *" anchor "* ]] && measure "anchor GET /alive" "$anchor_url" alive.lua
[[ $scenarios == *" alive "* ]] && measure "GET /alive through our Nginx" "$bench_url" alive.lua
[[ $scenarios == *" cached "* ]] && VALID_SHARE=1 measure "cached GET /api/verify/{code} (500 codes)" "$bench_url" verify-mix.lua
[[ $scenarios == *" unknown "* ]] && VALID_SHARE=0 measure "unknown codes (404, each new)" "$bench_url" verify-mix.lua
[[ $scenarios == *" mix "* ]] && measure "verification mix (80% cached, 20% unknown)" "$bench_url" verify-mix.lua
[[ $scenarios == *" anchor "* ]] && stop_anchor

# What the topology costs with no request at all, once the load has passed (start-up's compilation is over by then).
proc_capture "$bench_data/idle.before"
sleep "$idle_seconds"
proc_capture "$bench_data/idle.after"
{ echo "idle $idle_seconds"; cpu_parts "$bench_data/idle.before" "$bench_data/idle.after"; } > "$bench_data/idle"

echo
echo "CPU microseconds per request by part (the anchor's row: its apps and its Nginx); machine = every busy tick of"
echo "the machine, other jobs included; \"rest\" = AppHost + DCP + dashboard + other processes of the topology."
echo
awk -v tck="$clk_tck" '
  function us(ticks) { return ticks * 1e6 / tck / requests }
  # The ticks a part used after a row beyond its idle rate, in microseconds per request of the row.
  function later(part) { return us(deferred[part] - idle[part] * settle) }
  function flush() {
    if (name == "") return
    anchor = name ~ /^anchor/
    rest = used["apphost"] + used["dcp"] + used["dashboard"] + used["other"]
    parts = anchor ? used["anchor-app"] + used["anchor-nginx"] : used["replicas"] + used["nginx"] + used["postgres"] + used["redis"] + rest
    total = us(parts) + wrk_us
    # The anchor is measured first: every later row is set next to it.
    if (anchor) { anchor_total = total; anchor_rps = rps }
    row[++rows] = sprintf("| %s | %.0f | %s | %s | %s | **%.0f** | %.0f | %.0f | %s | %s | %s | %.0f | %.0f | %s | %s |",
      name, rps, p50, p99, errors, total, us(anchor ? used["anchor-app"] : used["replicas"]),
      us(anchor ? used["anchor-nginx"] : used["nginx"]), anchor ? "-" : sprintf("%.0f", us(used["postgres"])),
      anchor ? "-" : sprintf("%.0f", us(used["redis"])), anchor ? "-" : sprintf("%.0f", us(rest)), wrk_us, us(used["machine"]),
      anchor_total ? sprintf("%.1fx", total / anchor_total) : "-", anchor_rps ? sprintf("%.0f%%", 100 * rps / anchor_rps) : "-")
    split_row[rows] = anchor ? "" : sprintf("| %s | %.0f | %.0f | %.0f | %.0f |", name, us(used["apphost"]), us(used["dcp"]),
      us(used["dashboard"]), us(used["other"]))
    switch_row[rows] = sprintf("| %s | %.1f |", name, switched / requests)
    # Kept by part for the table of what each row adds to our /alive, the proxy hop through our stack.
    if (name ~ /^GET \/alive/) alive_row = rows
    label[rows] = name; is_anchor[rows] = anchor; cost["total", rows] = total; cost["wrk", rows] = wrk_us
    cost["replicas", rows] = us(used["replicas"]); cost["nginx", rows] = us(used["nginx"])
    cost["postgres", rows] = us(used["postgres"]); cost["redis", rows] = us(used["redis"])
    cost["dashboard", rows] = us(used["dashboard"]); cost["others", rows] = us(rest - used["dashboard"])
    if (settle) {
      after = anchor ? later("anchor-app") + later("anchor-nginx") : later("replicas") + later("nginx") + later("postgres") \
        + later("redis") + later("apphost") + later("dcp") + later("dashboard") + later("other")
      if (anchor) anchor_with_after = total + after
      after_row[rows] = sprintf("| %s | %.0f | %.0f | %.0f | %s | %s | %s | **%.0f** | %s |", name, after,
        anchor ? later("anchor-app") : later("replicas"), anchor ? later("anchor-nginx") : later("nginx"),
        anchor ? "-" : sprintf("%.0f", later("postgres")), anchor ? "-" : sprintf("%.0f", later("dashboard")),
        anchor ? "-" : sprintf("%.0f", later("redis") + later("apphost") + later("dcp") + later("other")), total + after,
        anchor_with_after ? sprintf("%.1fx", (total + after) / anchor_with_after) : "-")
    }
    delete used; delete deferred; name = ""; into = "used"
  }
  # The idle reading (first file): ticks per second by part.
  FNR == NR { if (FNR == 1) idle_seconds = $2; else idle[$1] = $2 / idle_seconds; next }
  $1 == "row" { flush(); name = substr($0, 5); next }
  $1 == "deferred" { settle = $2; into = "deferred"; next }
  $1 == "wrk-line" {
    for (i = 1; i < NF; i++) {
      if ($i == "req/s") rps = $(i - 1)
      if ($i == "p50") p50 = $(i + 1)
      if ($i == "p99") p99 = $(i + 1)
      if ($i == "requests") requests = $(i + 1)
      if ($i == "errors") errors = $(i + 1)
    }
    next
  }
  $1 == "wrk" { wrk_us = $2 * 1e6 / requests; next }
  $1 == "switches" { switched = $2; next }
  into == "deferred" { deferred[$1] += $2; next }
  { used[$1] += $2 }
  END {
    flush()
    print "| Scenario | req/s | p50 ms | p99 ms | errors | CPU us/request | replicas | Nginx | PostgreSQL | Redis | rest | wrk | machine | CPU vs anchor | req/s vs anchor |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (i = 1; i <= rows; i++) print row[i]
    print ""
    print "| \"rest\" split, us/request | AppHost | DCP | dashboard | other |"
    print "| --- | --- | --- | --- | --- |"
    for (i = 1; i <= rows; i++) if (split_row[i] != "") print split_row[i]
    print ""
    print "| Scenario | context switches per request: the anchor\047s apps, or the replicas |"
    print "| --- | --- |"
    for (i = 1; i <= rows; i++) print switch_row[i]
    if (anchor_total && alive_row) {
      budget = 2 * anchor_total - cost["total", alive_row]
      print ""
      printf "What each row adds to our /alive (%.0f us), by part, against what the 2x target leaves for it (2 x the\n", cost["total", alive_row]
      printf "anchor minus our /alive: %.0f us):\n", budget
      print ""
      print "| Scenario | added to /alive | replicas | Nginx | PostgreSQL | Redis | dashboard | AppHost, DCP, other | wrk | of the budget |"
      print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
      for (i = 1; i <= rows; i++) {
        if (is_anchor[i] || i == alive_row) continue
        printf "| %s | **%.0f** |", label[i], cost["total", i] - cost["total", alive_row]
        n = split("replicas nginx postgres redis dashboard others wrk", part, " ")
        for (j = 1; j <= n; j++) printf " %.0f |", cost[part[j], i] - cost[part[j], alive_row]
        if (budget > 0) printf " %.0f%% |\n", 100 * (cost["total", i] - cost["total", alive_row]) / budget
        else print " none left |"
      }
    }
    if (settle) {
      print ""
      printf "Left behind: CPU in the %d s after each row beyond the idle rate below, us per request of the row, and the\n", settle
      print "row with it (wrk and the machine column are not in \"after the row\"):"
      print ""
      print "| Scenario | after the row | replicas | Nginx | PostgreSQL | dashboard | rest | CPU us/request with it | vs anchor |"
      print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
      for (i = 1; i <= rows; i++) print after_row[i]
    }
  }' "$bench_data/idle" "$bench_data/rows"

echo
awk -v tck="$clk_tck" '
  NR == 1 { seconds = $2; next }
  { ms[$1] = $2 * 1000 / tck / seconds }
  END {
    printf "Idle topology (no load, %d s, after the rows), CPU ms per second: replicas %.1f, Nginx %.1f, PostgreSQL %.1f, Redis %.1f, ", seconds,
      ms["replicas"], ms["nginx"], ms["postgres"], ms["redis"]
    printf "AppHost %.1f, DCP %.1f, dashboard %.1f, other %.1f; machine %.1f\n", ms["apphost"], ms["dcp"], ms["dashboard"],
      ms["other"], ms["machine"]
  }' "$bench_data/idle"
