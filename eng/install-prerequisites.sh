#!/usr/bin/env bash
# Installs the Debian packages CertVerify needs on this machine, skipping what is already there.
#   eng/install-prerequisites.sh              build tools (node, npm) and the host binaries of host-process mode
#                                             (redis-server, nginx, PostgreSQL)
#   eng/install-prerequisites.sh --build      build tools only (container mode)
#   eng/install-prerequisites.sh --tests      everything, plus what the tests drive (Chromium) and read PDFs with
#                                             (poppler-utils)
#   eng/install-prerequisites.sh --bench      everything, plus the load tools (wrk, hey, jq)
set -euo pipefail
mode=${1:-}

packages=()
# .NET tools (dotnet-tools.json: dotnet-ef, and smtp4dev, the development mail server of host-process mode) are restored
# by the AppHost's build (dotnet tool restore), so a fresh clone needs nothing more for them.
# npm packages are installed from their lockfiles at build time: the front-end libraries (CertVerify.Web/package.json)
# and the canonicalizer's (CertVerify.Canonicalizer/package.json, by the AppHost's build), which then runs on node.
command -v npm > /dev/null && command -v node > /dev/null || packages+=(nodejs npm)
if [ "$mode" != "--build" ]; then
  command -v redis-server > /dev/null || packages+=(redis-server)
  command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || packages+=(nginx)
  ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || packages+=(postgresql)
  command -v envsubst > /dev/null || packages+=(gettext-base)
  command -v setpriv > /dev/null || packages+=(util-linux)
fi
if [ "$mode" = "--tests" ]; then
  command -v chromium > /dev/null || packages+=(chromium)
  command -v pdftotext > /dev/null || packages+=(poppler-utils)
fi
if [ "$mode" = "--bench" ]; then
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
