#!/bin/sh
# The entrypoint of every Berth job container, whatever its image (the server mounts it read-only
# with the Python helpers at /opt/berth/helpers; a worker.entrypoint of the job's own replaces it).
#
#   berth-entrypoint SCRIPT.py [ARGS...]   runs: python3 -u SCRIPT.py ARGS... (or python, if no python3)
#   berth-entrypoint COMMAND [ARGS...]     runs: COMMAND ARGS...
#
# It needs only a POSIX sh in the image. What it cannot run is said naming the image (BERTH_IMAGE),
# with exit code 127 as a shell's "not found", before the job's own code has run.

if [ -n "${BERTH_IMAGE:-}" ]; then image="image $BERTH_IMAGE"; else image="the job's image"; fi

if [ "$#" -eq 0 ]; then
    cat >&2 <<'USAGE'
berth: the job has no command. Give one after the project directory (berth submit scheduler . main.py)
or set worker.command in job.config.yaml.
USAGE
    exit 2
fi

case "$1" in
    *.py)
        if [ ! -f "$1" ]; then
            echo "berth: $1: no such file in $(pwd)" >&2
            exit 127
        fi
        for python in python3 python; do
            if command -v "$python" >/dev/null 2>&1; then
                exec "$python" -u "$@"
            fi
        done
        echo "berth: $image has no python3 (nor python) on its PATH ($PATH), so it cannot run $1;" \
            "use an image with Python 3.7 or later (worker.image in job.config.yaml)" >&2
        exit 127
        ;;
    */*)
        if [ ! -e "$1" ]; then
            echo "berth: $1: no such file in $(pwd)" >&2
            exit 127
        fi
        exec "$@"
        ;;
    *)
        if ! command -v "$1" >/dev/null 2>&1; then
            echo "berth: $image has no command '$1' on its PATH ($PATH)" >&2
            exit 127
        fi
        exec "$@"
        ;;
esac
