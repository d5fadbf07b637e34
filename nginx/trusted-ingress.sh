#!/bin/sh
# Which peers may tell Nginx the client's address: one set_real_ip_from line per network in NGINX_TRUSTED_INGRESS
# (CIDRs or addresses, separated by spaces or commas; empty trusts nobody), written to the file named by $1 (default:
# the official image's conf.d, where its entrypoint runs this script as /docker-entrypoint.d/15-trusted-ingress.sh).
# The template's real_ip_header X-Forwarded-For and real_ip_recursive on then take the client's address from the
# rightmost X-Forwarded-For entry that is not a trusted ingress.
set -eu
out=${1:-/etc/nginx/conf.d/trusted-ingress.conf}

{
  echo "# Generated from NGINX_TRUSTED_INGRESS by trusted-ingress.sh."
  for network in $(echo "${NGINX_TRUSTED_INGRESS:-}" | tr ',' ' '); do
    case "$network" in
      *[!0-9a-fA-F:./]*)
        echo "trusted-ingress.sh: '$network' in NGINX_TRUSTED_INGRESS is not an address or a CIDR network" >&2
        exit 1
        ;;
    esac
    echo "set_real_ip_from $network;"
  done
} > "$out"
