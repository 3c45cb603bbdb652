#!/usr/bin/env bash
# How fast the berth command answers, against `docker ps` in the same run (docs/benchmarks.md,
# "CLI start-up"). Run through `scripts/bench.sh cli`, which builds the jars first:
#
#   scripts/bench.sh cli [--runs N] [--client LABEL=COMMAND]...
#
# Starts a server of this checkout in a temporary BERTH_HOME, queues 24 tiny jobs and waits until they
# have finished, then times, N rounds: `docker ps`, `berth --version`, `berth list --limit 20 scheduler`
# and `berth submit --no-follow` of a project the server already has, each on an idle server, the order
# of the commands and of the clients rotated every round. Prints each median, its ratio to docker ps'
# median, and PASS or MISS against the targets (--version 0.15 s; list and submit 0.3 s).
#
# --client (repeatable) times other commands as the client, alternating with each other against the same
# server, e.g. --client "old=java -jar /tmp/old/berth.jar"; the default is "berth=bin/berth".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=15
labels=()
declare -A clients=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --client) labels+=("${2%%=*}"); clients[${2%%=*}]="${2#*=}"; shift 2 ;;
        *) echo "usage: scripts/bench.sh cli [--runs N] [--client LABEL=COMMAND]..." >&2; exit 2 ;;
    esac
done
if [[ ${#labels[@]} -eq 0 ]]; then
    labels=(berth)
    clients[berth]="$root/bin/berth"
fi

home="$(mktemp -d)"
export BERTH_HOME="$home"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
printf 'port: %s\nembedded_redis_port: %s\n' "$(free_port)" "$(free_port)" >"$home/server.yaml"
cleanup() {
    "$root/bin/berth" server stop >/dev/null 2>&1 || true
    rm -rf "$home"
}
trap cleanup EXIT

project="$home/project"
mkdir -p "$project"
echo 'print("done")' >"$project/main.py"

idle() { # until nothing is queued or running, and the last job's container is gone: the server removes it
    # after the job has ended, which must not run under the next measurement
    local containers
    for _ in $(seq 600); do
        "$root/bin/berth" server status --json | python3 -c \
            'import json, sys; s = json.load(sys.stdin); sys.exit(0 if s["queued"] == 0 and s["running"] == 0 else 1)' \
            && containers="$(docker ps -aq --filter "label=berth.server=$server_id")" && [[ -z "$containers" ]] \
            && return 0
        sleep 0.2
    done
    echo "bench: the server did not become idle" >&2
    return 1
}

echo "bench: starting a server in $home and queueing 24 finished jobs..."
"$root/bin/berth" server start >/dev/null
server_id_file="$(find "$home" -name server-id -print -quit)" # labels the containers of this server alone
[[ -n "$server_id_file" ]] || { echo "bench: the server wrote no server-id under $home" >&2; exit 1; }
server_id="$(cat "$server_id_file")"
"$root/bin/berth" sweep --no-follow --grid i=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24 \
    scheduler "$project" main.py >/dev/null 2>&1
idle

names=(docker_ps version list submit)
declare -A arguments=(
    [version]="--version"
    [list]="list --limit 20 scheduler"
    [submit]="submit --no-follow scheduler $project main.py"
)
declare -A times=()
# bin/berth writes its class archive in the background after each subcommand's first success (docs/cli.md);
# until the last write has ended, its commands run without it and the writes load the machine
cache="${XDG_CACHE_HOME:-$HOME/.cache}/berth"
for _ in $(seq 240); do
    compgen -G "$cache/berth-*.[0-9]*.classlist" >/dev/null || break
    sleep 0.5
done
time_once() { # appends the wall time of one command (µs) to times[$1]; a command that fails stops the benchmark
    local key="$1" start end
    shift
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$home/stderr" || { echo "bench: '$*' failed:" >&2; cat "$home/stderr" >&2; exit 1; }
    end=$(date +%s%N)
    times[$key]+="$(((end - start) / 1000)) "
}
# shellcheck disable=SC2086  # a client is a command line given as one string; the arguments are words
run() { # run LABEL NAME
    if [[ "$2" == docker_ps ]]; then
        time_once docker_ps docker ps
    else
        time_once "$1.$2" ${clients[$1]} ${arguments[$2]}
        [[ "$2" != submit ]] || idle
    fi
}

echo "bench: warming up (each command once; the first submit uploads the project)"
for label in "${labels[@]}"; do
    for name in version list submit; do run "$label" "$name"; done
done
times=()

echo "bench: $runs rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 0; round < runs; round++)); do
    for ((i = 0; i < ${#names[@]}; i++)); do
        name=${names[$(((i + round) % ${#names[@]}))]}
        if [[ "$name" == docker_ps ]]; then
            run - docker_ps
            continue
        fi
        for ((k = 0; k < ${#labels[@]}; k++)); do
            run "${labels[$(((k + round) % ${#labels[@]}))]}" "$name"
        done
    done
done

median_ms() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000}'; }
declare -A targets=([version]=150 [list]=300 [submit]=300)
docker_ms=$(median_ms "${times[docker_ps]}")
printf '\nmedians of %d runs; docker ps %s ms\n%-12s %-8s %10s %12s  %s\n' "$runs" "$docker_ms" client command \
    "median ms" "/ docker ps" target
for label in "${labels[@]}"; do
    for name in version list submit; do
        ms=$(median_ms "${times[$label.$name]}")
        ratio=$(awk -v a="$ms" -v b="$docker_ms" 'BEGIN {printf "%.1f", a / b}')
        verdict=$(awk -v a="$ms" -v t="${targets[$name]}" 'BEGIN {print (a <= t ? "PASS" : "MISS") " (" t " ms)"}')
        printf '%-12s %-8s %10s %12s  %s\n' "$label" "$name" "$ms" "$ratio" "$verdict"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
