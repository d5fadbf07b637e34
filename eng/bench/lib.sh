# Shared by the benchmark scripts: start the AppHost in the background, wait for it, stop it.
# Source it; it defines bench_up, start_topology, wait_for_topology, stop_topology, wrk_line and the helpers below.

bench_port=${BENCH_NGINX_PORT:-18080}
bench_url="http://127.0.0.1:$bench_port"
bench_admin_password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
bench_data=$(mktemp -d /var/tmp/certverify-bench.XXXXXX)
chmod 755 "$bench_data" # PostgreSQL runs as the postgres user and must enter it
apphost_pid=""
# A load generator is one client address: benchmarks raise every per-minute limit (and say so).
raised_limits=(--Web:Configuration:RateLimits:LoginPerMinute=1000000 --Web:Configuration:RateLimits:UserPerMinute=1000000
               --Web:Configuration:RateLimits:VerifyPerMinute=1000000 --Web:Configuration:RateLimits:RegisterPerMinute=1000000)
# bench_up's settings: the raised limits, and traces kept for 1 request in 10 (TRACE_SAMPLE_RATIO) within each
# replica's budget (Tracing:MaxTracesPerSecond, 20 a second), as a published deployment does by default: tracing every
# request costs more than a cached verification on these cores.
bench_settings=("${raised_limits[@]}" --Web:TraceSampleRatio="${TRACE_SAMPLE_RATIO:-0.1}")

# The client plays the trusted ingress that terminates TLS in a deployment (start_topology trusts 127.0.0.1 as one):
# outside Development the session and CSRF cookies are Secure, and a sign-in over plain http is refused (400 HTTPS
# required), so every call that signs in or carries the session comes "from the ingress" for a client 127.0.0.2
# with X-Forwarded-Proto: https (Nginx believes the scheme only when the real_ip module replaced the peer's address).
# curl sends Secure cookies to 127.0.0.1 over plain http.
as_ingress=(-H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 127.0.0.2')

start_topology() { # start_topology REPLICAS [extra AppHost args...]
  local replicas=$1; shift
  # The dashboard on ports of its own, so a developer's running AppHost is not disturbed, and its telemetry database
  # in this run's data directory: the AppHost's dashboard keeps each run's under ~/.aspire and prunes the oldest beyond
  # five, so benchmark runs (hundreds of MB each) would push a developer's own runs out.
  ASPNETCORE_URLS=http://localhost:18988 ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:18989 \
  ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:18990 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPIRE_DASHBOARD_DATA_DIRECTORY="$bench_data/dashboard" \
  DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
    CertVerify.AppHost/bin/Release/net10.0/CertVerify.AppHost \
      --Infrastructure:DataDirectory="$bench_data" --Web:Replicas="$replicas" --Nginx:Port="$bench_port" \
      --Parameters:admin-password="$bench_admin_password" --Nginx:TrustedIngressNetworks:0=127.0.0.1/32 "$@" \
      > "$bench_data/apphost.log" 2>&1 &
  apphost_pid=$!
}

# sign_in_admin JAR: a session cookie for the bootstrap Admin in the curl cookie jar JAR.
sign_in_admin() {
  curl -sf "${as_ingress[@]}" -c "$1" -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"admin@certverify.local\",\"password\":\"$bench_admin_password\"}" "$bench_url/api/auth/login"
}

# issue_certificate: issues one certificate as the Admin and prints its code.
issue_certificate() {
  local csrf
  csrf=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -c "$bench_data/admin.jar" "$bench_url/api/auth/csrf" | jq -r .token)
  curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' \
    -d '{"recipientName":"Benchmark Recipient","title":"Benchmark Certificate"}' "$bench_url/api/certificates" | jq -r .code
}

# post_bulk FILE CONTENT_TYPE: bulk issues the rows in FILE as the Admin; prints the HTTP code, the time and the count issued.
post_bulk() {
  local csrf
  csrf=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -c "$bench_data/admin.jar" "$bench_url/api/auth/csrf" | jq -r .token)
  curl -s "${as_ingress[@]}" -o "$bench_data/bulk-result.json" -w 'HTTP %{http_code}, %{time_total} s for 10,000 rows\n' -b "$bench_data/admin.jar" \
    -H "X-CSRF-TOKEN: $csrf" -H "content-type: $2" --data-binary @"$1" "$bench_url/api/certificates/bulk"
  echo "issued: $(jq -r .issued "$bench_data/bulk-result.json")"
}

# bulk_rows [DOMAIN]: prints 10,000 bulk rows as a JSON array; with DOMAIN each has a recipient email there (and so
# is emailed: notify is on unless asked otherwise).
bulk_rows() {
  python3 -c 'import json, sys
domain = sys.argv[1] if len(sys.argv) > 1 else None
rows = [{"recipientName": f"Bulk Recipient {i}", "title": "Bulk Benchmark", "metadata": {"row": str(i)}} for i in range(10000)]
for i, row in enumerate(rows):
    if domain:
        row["recipientEmail"] = f"bulk-{i}@{domain}"
print(json.dumps(rows))' "$@"
}

# mail_inbox_url: the web address of this run's smtp4dev (its --urls argument: the orchestrator chose the port).
mail_inbox_url() {
  pgrep -a -f -- "--baseappdatapath=$bench_data/" | grep -o -- '--urls=[^ ]*' | head -n 1 | cut -d= -f2
}

# wait_for_mail COUNT: how long until smtp4dev holds COUNT messages and the outbox has none pending (at most 15 min).
wait_for_mail() {
  local count=$1 inbox started=$SECONDS received pending
  inbox=$(mail_inbox_url)
  while true; do
    received=$(curl -sf "$inbox/api/messages?pageSize=1" | jq -r .rowCount)
    pending=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" "$bench_url/api/mail/outbox/summary" | jq -r .pending)
    [ "$received" -ge "$count" ] && [ "$pending" = 0 ] && break
    if [ $((SECONDS - started)) -ge 900 ]; then
      echo "after 900 s: $received messages in smtp4dev, $pending pending in the outbox"; return 1
    fi
    sleep 1
  done
  echo "outbox drained into smtp4dev: $received messages $((SECONDS - started)) s after the bulk answer (polled each second)"
  echo "outbox: $(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" "$bench_url/api/mail/outbox/summary" | jq -c .)"
}

# bench_bulk: 10,000 rows as one JSON array through Nginx, without and then with a recipient email each, and how long
# the 10,000 mails take to leave the outbox afterwards.
bench_bulk() {
  echo
  echo "== Bulk issue: 10,000 rows as one JSON array through Nginx, no recipient emails"
  bulk_rows > "$bench_data/bulk.json"
  post_bulk "$bench_data/bulk.json" application/json
  echo
  echo "== Bulk issue: the same 10,000 rows, each with a recipient email (notify on): the mail goes out afterwards"
  bulk_rows example.test > "$bench_data/bulk-mail.json"
  post_bulk "$bench_data/bulk-mail.json" application/json
  wait_for_mail 10000
}

# bench_up REPLICAS [extra AppHost args...]: builds in Release, starts the topology in host-process mode with
# bench_settings, and waits until every replica is registered.
bench_up() {
  local replicas=$1; shift
  echo "Building (Release)..."
  dotnet build CertVerify.AppHost -c Release -v q -nologo > /dev/null
  start_topology "$replicas" --Infrastructure:Mode=HostProcesses "${bench_settings[@]}" "$@"
  wait_for_topology "$replicas"
}

wait_for_topology() { # wait_for_topology REPLICAS: until every replica is registered (seen by the Admin)
  local replicas=$1 started=$SECONDS
  until sign_in_admin "$bench_data/admin.jar" 2> /dev/null \
    && [ "$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" "$bench_url/api/instances" | jq -r .count 2> /dev/null)" = "$replicas" ]; do
    if ! kill -0 "$apphost_pid" 2> /dev/null; then
      echo "The AppHost exited; its log:" >&2; tail -n 40 "$bench_data/apphost.log" >&2; return 1
    fi
    if [ $((SECONDS - started)) -ge 300 ]; then
      echo "Timed out waiting for the topology; the AppHost log:" >&2; tail -n 40 "$bench_data/apphost.log" >&2; return 1
    fi
    sleep 0.5
  done
}

stop_topology() {
  if [ -n "$apphost_pid" ] && kill -0 "$apphost_pid" 2> /dev/null; then
    # SIGTERM: a background job of a script ignores SIGINT.
    kill -TERM "$apphost_pid"
    timeout 60 tail --pid="$apphost_pid" -f /dev/null || kill -9 "$apphost_pid"
  fi
  # The orchestrator stops PostgreSQL, Redis and Nginx just after the AppHost exits; all name the data directory.
  local waited=0
  while pgrep -f "$bench_data" > /dev/null && [ $waited -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
  apphost_pid=""
}

cleanup_topology() {
  stop_topology
  rm -rf "$bench_data"
}

# wrk_line LABEL URL [wrk args...]: one row of requests/s and latency percentiles.
wrk_line() {
  local label=$1 url=$2; shift 2
  local out
  out=$(wrk --latency "$@" "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<< "$out" | tr '\n' ' ')
  printf '%-44s %10s req/s   p50 %-9s p99 %-9s %s\n' "$label" "$rps" "$p50" "$p99" "${errors:-no errors}"
}

# seed_codes API_KEY COUNT: issues COUNT certificates in one batch; their codes, one a line, in $bench_data/codes.txt.
seed_codes() {
  python3 -c 'import json, sys; print(json.dumps([{"recipientName": f"Load Recipient {i}", "title": "Load Test"} for i in range(int(sys.argv[1]))]))' \
    "$2" > "$bench_data/codes.json"
  curl -sf -m 120 -H "Authorization: Bearer $1" -H 'content-type: application/json' --data-binary @"$bench_data/codes.json" \
    "$bench_url/api/certificates/bulk" | jq -r '.certificates[].code' > "$bench_data/codes.txt"
}

# create_api_key: prints a new API key of the Admin's (API keys need no CSRF token, so wrk can use them).
create_api_key() {
  local csrf
  csrf=$(curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -c "$bench_data/admin.jar" "$bench_url/api/auth/csrf" | jq -r .token)
  curl -sf "${as_ingress[@]}" -b "$bench_data/admin.jar" -H "X-CSRF-TOKEN: $csrf" -H 'content-type: application/json' \
    -d '{"name":"Load test"}' "$bench_url/api/keys" | jq -r .key
}
