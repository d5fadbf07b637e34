#!/usr/bin/env bash
# Nginx from the host's binary, for the AppHost's host-process mode: renders the same templates the official
# image renders (envsubst over templates/*.template, only our own variables) and runs in the foreground.
# In: NGINX_BINARY, NGINX_RUNTIME_DIR, NGINX_PORT, NGINX_UPSTREAM, NGINX_AFFINITY_COOKIE.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$NGINX_RUNTIME_DIR/conf.d" "$NGINX_RUNTIME_DIR/temp"
cp "$here/nginx.conf" "$NGINX_RUNTIME_DIR/nginx.conf"
for template in "$here"/templates/*.template; do
  envsubst '${NGINX_PORT} ${NGINX_UPSTREAM} ${NGINX_AFFINITY_COOKIE}' < "$template" \
    > "$NGINX_RUNTIME_DIR/conf.d/$(basename "$template" .template)"
done

exec "$NGINX_BINARY" -p "$NGINX_RUNTIME_DIR" -c "$NGINX_RUNTIME_DIR/nginx.conf" -g 'daemon off;'
