#!/bin/sh
# Entrypoint of the Berth worker image.
#
#   berth-entrypoint SCRIPT.py [ARGS...]   runs: python3 -u SCRIPT.py ARGS...
#   berth-entrypoint COMMAND [ARGS...]     runs: COMMAND ARGS...
#
# The job's files are in the working directory (/job/job_source).

if [ "$#" -eq 0 ]; then
    cat >&2 <<'USAGE'
usage: berth-entrypoint SCRIPT.py [ARGS...]   run a Python script (python3 -u)
       berth-entrypoint COMMAND [ARGS...]     run any command
USAGE
    exit 2
fi

case "$1" in
    *.py)
        if [ ! -f "$1" ]; then
            echo "berth-entrypoint: $1: no such file in $(pwd)" >&2
            exit 127
        fi
        exec python3 -u "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
