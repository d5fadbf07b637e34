#!/usr/bin/env bash
# Installs the Debian packages CertVerify needs on this machine, skipping what is already there.
#   eng/install-prerequisites.sh            host binaries for host-process mode (redis-server, nginx, PostgreSQL)
#                                           and poppler-utils, with which the tests read the PDFs
#   eng/install-prerequisites.sh --bench    the same plus the load tools (wrk, hey)
set -euo pipefail

packages=()
command -v redis-server > /dev/null || packages+=(redis-server)
command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || packages+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || packages+=(postgresql)
command -v envsubst > /dev/null || packages+=(gettext-base)
command -v setpriv > /dev/null || packages+=(util-linux)
# Documents need no system library: SkiaSharp's NoDependencies build has FreeType inside and no fontconfig, and the
# fonts are bundled.
command -v pdftotext > /dev/null || packages+=(poppler-utils)
if [ "${1:-}" = "--bench" ]; then
  command -v wrk > /dev/null || packages+=(wrk)
  command -v hey > /dev/null || packages+=(hey)
  command -v jq > /dev/null || packages+=(jq)
fi

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing: ${packages[*]}"
"${sudo[@]}" apt-get update -qq
# Debian starts system services on install where it can; CertVerify runs its own instances on other ports.
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" > /dev/null
