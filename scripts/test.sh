#!/usr/bin/env bash
# The whole test suite: makes sure a Docker engine runs and the worker image exists (installing
# what is missing, idempotently), then runs unit tests (*Test) and integration tests (*IT) against
# the real engine and a real Redis.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup-env.sh

# The Python client's end-to-end test runs Atlas's sweep script, whose metrics come as a pandas DataFrame:
# Debian's python3 with Debian's pandas (no Python package index is reachable), and venv for its install test.
# The dashboard's browser tests drive Debian's chromium through its chromedriver (nothing is downloaded).
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "test: the browser tests need chromium and chromedriver; as root: apt-get install -y chromium chromium-driver" >&2
        exit 1
    fi
    echo "test: installing chromium and chromium-driver (Debian packages)"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-dejavu-core ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-dejavu-core; }
    } >/tmp/berth-apt-chromium.log 2>&1 ||
        { echo "test: apt-get install chromium chromium-driver failed (log: /tmp/berth-apt-chromium.log)" >&2; exit 1; }
fi

# ... and Debian's firefox-esr, spoken to over WebDriver BiDi, which it serves itself (Debian has no geckodriver).
if [[ ! -x /usr/bin/firefox-esr ]]; then
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "test: the Firefox dashboard test needs firefox-esr; as root: apt-get install -y firefox-esr" >&2
        exit 1
    fi
    echo "test: installing firefox-esr (Debian package)"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q firefox-esr ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q firefox-esr; }
    } >/tmp/berth-apt-firefox.log 2>&1 ||
        { echo "test: apt-get install firefox-esr failed (log: /tmp/berth-apt-firefox.log)" >&2; exit 1; }
fi

if ! /usr/bin/python3 -c 'import pandas, ensurepip' >/dev/null 2>&1; then
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "test: /usr/bin/python3 needs pandas and venv; as root: apt-get install -y python3-pandas python3-venv" >&2
        exit 1
    fi
    echo "test: installing python3-pandas and python3-venv (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas python3-venv >/tmp/berth-apt-python.log 2>&1 ||
        { apt-get update -q >>/tmp/berth-apt-python.log 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas python3-venv >>/tmp/berth-apt-python.log 2>&1; } ||
        { echo "test: apt-get install python3-pandas python3-venv failed (log: /tmp/berth-apt-python.log)" >&2; exit 1; }
fi
if ! command -v mvn >/dev/null 2>&1; then
    echo "test: Maven (mvn) is not installed; on Debian: apt-get install -y maven" >&2
    exit 1
fi
exec mvn -B -ntp verify "$@"
