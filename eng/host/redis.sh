#!/usr/bin/env bash
# redis-server from the host's binary, for the AppHost's host-process mode.
# In: REDIS_SERVER, REDIS_PORT, REDIS_PASSWORD, REDIS_DATA_DIR (kept between runs).
# The password goes into a private config file rather than the command line, where any local user could read it.
set -euo pipefail

mkdir -p "$REDIS_DATA_DIR"
umask 077
cat > "$REDIS_DATA_DIR/redis.conf" <<CONF
port $REDIS_PORT
bind 127.0.0.1
protected-mode yes
requirepass "$REDIS_PASSWORD"
dir $REDIS_DATA_DIR
appendonly yes
save ""
daemonize no
CONF

exec "$REDIS_SERVER" "$REDIS_DATA_DIR/redis.conf"
