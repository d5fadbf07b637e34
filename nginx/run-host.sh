#!/usr/bin/env bash
# Nginx from the host's binary, for the AppHost's host-process mode: renders the same templates the official
# image renders (envsubst over templates/*.template with the NGINX_* variables only, as the image's
# NGINX_ENVSUBST_FILTER does) and runs in the foreground.
# In: NGINX_BINARY, NGINX_RUNTIME_DIR, the templates' variables (NGINX_PORT, NGINX_UPSTREAM, ...) and
# NGINX_TRUSTED_INGRESS (trusted-ingress.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$NGINX_RUNTIME_DIR/conf.d" "$NGINX_RUNTIME_DIR/temp"
cp "$here/nginx.conf" "$NGINX_RUNTIME_DIR/nginx.conf"
variables=$(compgen -e | grep '^NGINX_' | sed 's/.*/${&}/' | tr '\n' ' ')
for template in "$here"/templates/*.template; do
  envsubst "$variables" < "$template" > "$NGINX_RUNTIME_DIR/conf.d/$(basename "$template" .template)"
done
"$here/trusted-ingress.sh" "$NGINX_RUNTIME_DIR/conf.d/trusted-ingress.conf"

exec "$NGINX_BINARY" -p "$NGINX_RUNTIME_DIR" -c "$NGINX_RUNTIME_DIR/nginx.conf" -g 'daemon off;'
