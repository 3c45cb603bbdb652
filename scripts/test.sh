#!/usr/bin/env bash
# The whole test suite: makes sure a Docker engine runs and the worker image exists (installing
# what is missing, idempotently), then runs unit tests (*Test) and integration tests (*IT) against
# the real engine and a real Redis.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup-env.sh
if ! command -v mvn >/dev/null 2>&1; then
    echo "test: Maven (mvn) is not installed; on Debian: apt-get install -y maven" >&2
    exit 1
fi
exec mvn -B -ntp verify "$@"
