#!/usr/bin/env bash
# Prepare a machine for running Berth: a working Docker engine, a base image for
# the worker, and the berth-worker:latest image built on top of it.
#
# Idempotent: every step checks first and skips what is already there. Quiet on
# success (one line per step); on failure it prints the tail of the relevant log.
#
# Environment:
#   BERTH_BASE_IMAGE       base image for the worker (must exist locally or be pullable)
#   BERTH_SETUP_LOG_DIR    where logs go (default /tmp)
#
# Works from any cwd; the repository root is resolved from this script's path.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
LOG_DIR="${BERTH_SETUP_LOG_DIR:-/tmp}"
mkdir -p "${LOG_DIR}"

DOCKERD_LOG="${LOG_DIR}/berth-dockerd.log"
APT_LOG="${LOG_DIR}/berth-apt.log"
MMDEBSTRAP_LOG="${LOG_DIR}/berth-mmdebstrap.log"

SLIM_IMAGE="python:3.11-slim"
LOCAL_BASE_IMAGE="berth-base:bookworm"
CHOSEN_BASE_IMAGE=""

say() { printf 'setup: %s\n' "$*"; }

die() {
    printf 'setup: ERROR: %s\n' "$*" >&2
    exit 1
}

# die with the last lines of a log file appended
die_with_log() {
    local log="$1"
    shift
    printf 'setup: ERROR: %s (log: %s)\n' "$*" "${log}" >&2
    if [[ -f "${log}" ]]; then
        tail -n 20 "${log}" | sed 's/^/  | /' >&2
    fi
    exit 1
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

docker_ok() {
    command -v docker >/dev/null 2>&1 && timeout 15 docker info >/dev/null 2>&1
}

docker_server_version() {
    timeout 15 docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown
}

apt_install() {
    # apt_install PKG... : install Debian packages non-interactively (root only)
    export DEBIAN_FRONTEND=noninteractive
    {
        echo "== apt-get install $* ($(date -u +%FT%TZ))"
        apt-get update -q && apt-get install -y -q "$@"
    } >>"${APT_LOG}" 2>&1 || die_with_log "${APT_LOG}" "apt-get install $* failed"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------
# 1. Docker engine
# ---------------------------------------------------------------------------
ensure_docker() {
    if docker_ok; then
        say "docker engine ok ($(docker_server_version))"
        return
    fi

    if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
        is_root || die "Docker engine not installed; install it as root: apt-get install -y docker.io"
        apt_install docker.io
        say "installed docker.io"
        # the package may have started the daemon itself (systemd machines)
        if docker_ok; then
            say "docker engine ok ($(docker_server_version))"
            return
        fi
    fi

    is_root || die "dockerd is not running (or this user may not use it); start it as root (dockerd &) or add $(id -un) to the docker group"

    # a stale pid file from a dead daemon makes dockerd refuse to start
    local pidfile=/var/run/docker.pid
    if [[ -f "${pidfile}" ]]; then
        local oldpid
        oldpid="$(cat "${pidfile}" 2>/dev/null || true)"
        if [[ -n "${oldpid}" ]] && kill -0 "${oldpid}" 2>/dev/null; then
            die_with_log "${DOCKERD_LOG}" "dockerd (pid ${oldpid}) is running but 'docker info' does not answer"
        fi
        rm -f "${pidfile}"
    fi

    echo "== starting dockerd ($(date -u +%FT%TZ))" >>"${DOCKERD_LOG}"
    # detached from this script: own session, no controlling terminal, survives our exit
    setsid nohup dockerd >>"${DOCKERD_LOG}" 2>&1 </dev/null &
    local dockerd_pid=$!
    disown "${dockerd_pid}" 2>/dev/null || true

    local deadline=$((SECONDS + 60))
    until docker_ok; do
        if ! kill -0 "${dockerd_pid}" 2>/dev/null; then
            die_with_log "${DOCKERD_LOG}" "dockerd exited right after starting"
        fi
        if ((SECONDS >= deadline)); then
            die_with_log "${DOCKERD_LOG}" "dockerd started but 'docker info' did not answer within 60 s"
        fi
        sleep 1
    done
    say "docker engine started ($(docker_server_version), log ${DOCKERD_LOG})"
}

# ---------------------------------------------------------------------------
# 2. Base image
# ---------------------------------------------------------------------------
build_local_base() {
    if ! command -v mmdebstrap >/dev/null 2>&1; then
        is_root || die "mmdebstrap not installed; install it as root: apt-get install -y mmdebstrap"
        apt_install mmdebstrap
        say "installed mmdebstrap"
    fi

    local tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/berth-base.XXXXXX")"
    # shellcheck disable=SC2064  # expand tmp now: it is local to this function
    trap "rm -rf '${tmp}'" EXIT
    trap 'exit 130' INT TERM

    {
        echo "== mmdebstrap bookworm ($(date -u +%FT%TZ))"
        mmdebstrap --variant=apt \
            --include=python3-minimal,python3-venv,ca-certificates \
            --format=tar bookworm "${tmp}/base.tar"
    } >>"${MMDEBSTRAP_LOG}" 2>&1 || die_with_log "${MMDEBSTRAP_LOG}" "mmdebstrap failed"

    docker import \
        --message "berth base image: Debian bookworm + python3 (mmdebstrap)" \
        "${tmp}/base.tar" "${LOCAL_BASE_IMAGE}" >>"${MMDEBSTRAP_LOG}" 2>&1 ||
        die_with_log "${MMDEBSTRAP_LOG}" "docker import of ${tmp}/base.tar failed"

    rm -rf "${tmp}"
    trap - EXIT INT TERM
    say "built ${LOCAL_BASE_IMAGE} with mmdebstrap"
}

# sets CHOSEN_BASE_IMAGE
choose_base_image() {
    if [[ -n "${BERTH_BASE_IMAGE:-}" ]]; then
        if ! image_exists "${BERTH_BASE_IMAGE}"; then
            timeout 60 docker pull -q "${BERTH_BASE_IMAGE}" >/dev/null 2>&1 ||
                die "BERTH_BASE_IMAGE=${BERTH_BASE_IMAGE} is neither present locally nor pullable"
        fi
        CHOSEN_BASE_IMAGE="${BERTH_BASE_IMAGE}"
        say "base image ${CHOSEN_BASE_IMAGE} (from BERTH_BASE_IMAGE)"
        return
    fi

    if image_exists "${SLIM_IMAGE}"; then
        CHOSEN_BASE_IMAGE="${SLIM_IMAGE}"
        say "base image ${CHOSEN_BASE_IMAGE} (present locally)"
        return
    fi

    # Only try the registry while no local fallback exists yet: without
    # registry access the pull fails at once, but don't pay for it every run.
    if ! image_exists "${LOCAL_BASE_IMAGE}"; then
        if timeout 60 docker pull -q "${SLIM_IMAGE}" >/dev/null 2>&1; then
            CHOSEN_BASE_IMAGE="${SLIM_IMAGE}"
            say "base image ${CHOSEN_BASE_IMAGE} (pulled)"
            return
        fi
        say "cannot pull ${SLIM_IMAGE}; building ${LOCAL_BASE_IMAGE} with mmdebstrap"
        build_local_base
    fi
    CHOSEN_BASE_IMAGE="${LOCAL_BASE_IMAGE}"
    say "base image ${CHOSEN_BASE_IMAGE} (local)"
}

# ---------------------------------------------------------------------------
main() {
    ensure_docker
    choose_base_image
    bash "${REPO_ROOT}/scripts/build-worker-image.sh" --base "${CHOSEN_BASE_IMAGE}"
}

main "$@"
