#!/usr/bin/env bash
# Build berth-worker:latest from worker-image/.
#
# usage: scripts/build-worker-image.sh [--base IMAGE] [--force]
#
#   --base IMAGE  base image (default: $BERTH_BASE_IMAGE, else python:3.11-slim
#                 if present locally, else berth-base:bookworm — see setup-env.sh)
#   --force       rebuild (without the layer cache) even if the image is up to date
#
# Content-aware: a sha256 over worker-image/ (sorted relative paths + file
# contents) and the base image name is stored in the image label
# berth.worker.digest; the build is skipped when berth-worker:latest already
# carries the same digest. Works from any cwd.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
WORKER_DIR="${REPO_ROOT}/worker-image"
LOG_DIR="${BERTH_SETUP_LOG_DIR:-/tmp}"
BUILD_LOG="${LOG_DIR}/berth-worker-build.log"

IMAGE="berth-worker:latest"
DIGEST_LABEL="berth.worker.digest"

say() { printf 'build-worker-image: %s\n' "$*"; }

die() {
    printf 'build-worker-image: ERROR: %s\n' "$*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

default_base() {
    if [[ -n "${BERTH_BASE_IMAGE:-}" ]]; then
        echo "${BERTH_BASE_IMAGE}"
    elif image_exists python:3.11-slim; then
        echo python:3.11-slim
    else
        echo berth-base:bookworm
    fi
}

# sha256 over the base image name and every file of worker-image/ (relative
# path + content hash, in byte order of the paths). Python bytecode caches are
# ignored (the Dockerfile removes them from the image too).
compute_digest() {
    local base="$1"
    (
        cd "${WORKER_DIR}"
        printf 'base\0%s\0' "${base}"
        find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 |
            LC_ALL=C sort -z |
            while IFS= read -r -d '' f; do
                printf 'file\0%s\0' "${f#./}"
                sha256sum <"${f}" | cut -d' ' -f1
            done
    ) | sha256sum | cut -d' ' -f1
}

main() {
    local base="" force=0
    while (($# > 0)); do
        case "$1" in
            --base)
                (($# >= 2)) || die "--base needs an image name"
                base="$2"
                shift 2
                ;;
            --base=*)
                base="${1#--base=}"
                shift
                ;;
            --force)
                force=1
                shift
                ;;
            -h | --help)
                usage
                exit 0
                ;;
            *)
                usage >&2
                die "unknown argument: $1"
                ;;
        esac
    done

    [[ -f "${WORKER_DIR}/Dockerfile" ]] || die "no Dockerfile in ${WORKER_DIR}"
    command -v docker >/dev/null 2>&1 || die "docker not found (run scripts/setup-env.sh)"
    timeout 15 docker info >/dev/null 2>&1 || die "docker engine not answering (run scripts/setup-env.sh)"

    [[ -n "${base}" ]] || base="$(default_base)"
    if ! image_exists "${base}"; then
        timeout 60 docker pull -q "${base}" >/dev/null 2>&1 ||
            die "base image ${base} is neither present locally nor pullable (run scripts/setup-env.sh)"
    fi

    local digest current=""
    digest="$(compute_digest "${base}")"
    if image_exists "${IMAGE}"; then
        current="$(docker image inspect -f "{{ index .Config.Labels \"${DIGEST_LABEL}\" }}" "${IMAGE}" 2>/dev/null || true)"
    fi

    if ((force == 0)) && [[ "${current}" == "${digest}" ]]; then
        say "${IMAGE} up to date (base ${base}, digest ${digest:0:12})"
        return
    fi

    local old_id=""
    old_id="$(docker image inspect -f '{{.Id}}' "${IMAGE}" 2>/dev/null || true)"

    local cache_opt=()
    ((force == 0)) || cache_opt=(--no-cache)

    mkdir -p "${LOG_DIR}"
    {
        echo "== docker build ${IMAGE} (base ${base}, digest ${digest}) $(date -u +%FT%TZ)"
        docker build "${cache_opt[@]}" \
            --build-arg "BASE_IMAGE=${base}" \
            --label "${DIGEST_LABEL}=${digest}" \
            --label "berth.worker.base=${base}" \
            -t "${IMAGE}" \
            "${WORKER_DIR}"
    } >>"${BUILD_LOG}" 2>&1 || {
        printf 'build-worker-image: ERROR: docker build failed (log: %s)\n' "${BUILD_LOG}" >&2
        tail -n 30 "${BUILD_LOG}" | sed 's/^/  | /' >&2
        exit 1
    }

    # drop the previous build if nothing else refers to it any more
    local new_id
    new_id="$(docker image inspect -f '{{.Id}}' "${IMAGE}")"
    if [[ -n "${old_id}" && "${old_id}" != "${new_id}" ]]; then
        docker image rm "${old_id}" >/dev/null 2>&1 || true
    fi

    say "built ${IMAGE} (base ${base}, digest ${digest:0:12})"
}

main "$@"
