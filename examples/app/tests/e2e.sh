#!/usr/bin/env bash
# End-to-end smoke test against a deployed environment: the service answers on its public
# host name, healthy and ready. Extend with the app's own integration suite.
set -euo pipefail
base_url="${1:?usage: e2e.sh BASE_URL}"
for path in /healthz /readyz; do
  curl --fail --silent --show-error --retry 10 --retry-all-errors --retry-delay 6 \
    --max-time 10 "${base_url}${path}" >/dev/null
  echo "ok ${base_url}${path}"
done
