#!/usr/bin/env bash
# Brings the whole topology up: PostgreSQL, Redis, Web:Replicas web replicas and Nginx, with the Aspire dashboard.
# It installs what the build needs and, without a working container runtime, the host binaries it then runs as
# host processes.
# Extra arguments go to the AppHost, e.g.  eng/up.sh --Web:Replicas=5
set -euo pipefail
cd "$(dirname "$0")/.."

runtime=${ASPIRE_CONTAINER_RUNTIME:-docker}
if timeout 10 "$runtime" info > /dev/null 2>&1; then
  eng/install-prerequisites.sh --build
else
  eng/install-prerequisites.sh
fi

exec dotnet run --project CertVerify.AppHost --launch-profile http -- "$@"
