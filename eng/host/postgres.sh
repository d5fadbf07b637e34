#!/usr/bin/env bash
# PostgreSQL from the host's binaries, for the AppHost's host-process mode.
# In: PG_BIN (bin directory), PGDATA (kept between runs), PGPORT, POSTGRES_PASSWORD.
# PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user.
set -euo pipefail

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

mkdir -p "$PGDATA"
chmod 700 "$PGDATA"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDATA"
  if ! "${as_owner[@]}" test -w "$PGDATA"; then
    echo "The postgres user cannot reach $PGDATA: choose an Infrastructure:DataDirectory outside home folders whose parents it may enter." >&2
    exit 1
  fi
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres "$pwfile"
  "${as_owner[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 > /dev/null
  rm -f "$pwfile"
else
  # A data directory kept from an earlier run: make it accept this run's password (read from stdin, not argv).
  escaped=${POSTGRES_PASSWORD//\'/\'\'}
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "$escaped" \
    | "${as_owner[@]}" "$PG_BIN/postgres" --single -D "$PGDATA" -c log_min_messages=warning postgres > /dev/null
fi

# The orchestrator stops a resource with SIGTERM, which PostgreSQL takes as a "smart" shutdown: it waits for every
# client to disconnect, and the replicas' pooled connections never do, so it would be killed and recover from a crash
# on its next start. SIGINT is its fast shutdown: sessions ended, a checkpoint, a clean exit.
"${as_owner[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories= \
  -c max_connections=300 \
  -c log_min_messages=warning &
postgres=$!
trap 'kill -INT "$postgres" 2> /dev/null || true' TERM INT

# wait returns early when a signal's trap runs: wait until PostgreSQL has exited, for its own exit status.
status=0
while kill -0 "$postgres" 2> /dev/null; do
  status=0
  wait "$postgres" || status=$?
done
exit "$status"
