#!/usr/bin/env bash
# The distributed deployment check, against a topology that is already running (eng/up.sh in another terminal):
# every resource healthy, Nginx spreading requests fairly over every replica, a session and a cache invalidation
# holding on all of them, the instance registry agreeing, database connections within replicas x pool size.
# Exits non-zero when any check fails. It signs in as the Admin and leaves one revoked certificate behind.
#   eng/check-deployment.sh [nginx url, default http://127.0.0.1:8080] [replicas, default 3]
# The Admin password comes from CERTVERIFY_ADMIN_PASSWORD, else from the AppHost's user secrets (where a
# generated one is kept).
#   eng/check-deployment.sh --before-deploy
# checks instead what azd would deploy to Azure Container Apps, with nothing running (docs/deployment.md): the
# published manifest against Aspire's schema and azd's needs, the committed templates against it, and the Nginx image's
# configuration with the host's nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--before-deploy" ]; then
  exec dotnet test CertVerify.Tests -v q --logger "console;verbosity=normal" --filter \
    "FullyQualifiedName~CertVerify.Tests.AppHost.ManifestTests|FullyQualifiedName~CertVerify.Tests.Nginx.NginxConfigTests"
fi

export CERTVERIFY_URL=${1:-http://127.0.0.1:8080}
export CERTVERIFY_REPLICAS=${2:-3}
if [ -z "${CERTVERIFY_ADMIN_PASSWORD:-}" ]; then
  CERTVERIFY_ADMIN_PASSWORD=$(dotnet user-secrets list --project CertVerify.AppHost | sed -n 's/^Parameters:admin-password = //p')
fi
export CERTVERIFY_ADMIN_PASSWORD
if [ -z "$CERTVERIFY_ADMIN_PASSWORD" ]; then
  echo "No Admin password: set CERTVERIFY_ADMIN_PASSWORD" >&2
  exit 2
fi

curl -sf -o /dev/null "$CERTVERIFY_URL/nginx-health" || { echo "Nothing answers at $CERTVERIFY_URL: is the topology up?" >&2; exit 2; }
exec dotnet test CertVerify.Tests -v q --filter "FullyQualifiedName~CertVerify.Tests.Deployment.DeploymentCheckTests" \
  --logger "console;verbosity=detailed"
