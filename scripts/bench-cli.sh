#!/usr/bin/env bash
# How fast the berth command answers, against `docker ps` in the same run (docs/benchmarks.md,
# "CLI start-up"). Run through `scripts/bench.sh cli [--runs N]`, which builds the jars first.
#
# Starts a server of this checkout in a temporary BERTH_HOME, queues 24 tiny jobs and waits until they
# have finished, then times, N rounds, each round in a rotated order and on an idle server:
# `docker ps`, `berth --version`, `berth list --limit 20 scheduler` and `berth submit --no-follow` of a
# project the server already has. Prints each median, its ratio to docker ps' median, and PASS or MISS
# against the targets (--version 0.15 s; list and submit 0.3 s).
#
# Environment: BERTH_BENCH_CLIENT, the command timed as the client (default: bin/berth of this checkout;
# e.g. "java -jar /tmp/old/berth.jar" to measure another build against the same server).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=15
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: scripts/bench.sh cli [--runs N]" >&2; exit 2 ;;
    esac
done

# shellcheck disable=SC2206  # a command line given as one string
client=(${BERTH_BENCH_CLIENT:-$root/bin/berth})
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

idle() { # until nothing is queued or running
    for _ in $(seq 600); do
        "$root/bin/berth" server status --json | python3 -c \
            'import json, sys; s = json.load(sys.stdin); sys.exit(0 if s["queued"] == 0 and s["running"] == 0 else 1)' \
            && return 0
        sleep 0.2
    done
    echo "bench: the server did not become idle" >&2
    return 1
}

echo "bench: starting a server in $home and queueing 24 finished jobs..."
"$root/bin/berth" server start >/dev/null
"$root/bin/berth" sweep --no-follow --grid i=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24 \
    scheduler "$project" main.py >/dev/null
idle

names=(docker_ps version list submit)
declare -A commands=(
    [docker_ps]="docker ps"
    [version]="${client[*]} --version"
    [list]="${client[*]} list --limit 20 scheduler"
    [submit]="${client[*]} submit --no-follow scheduler $project main.py"
)
declare -A times=()
time_once() { # prints the wall time of one command in ms; a command that fails stops the benchmark
    local start end
    start=$(date +%s%N)
    # shellcheck disable=SC2086  # the command is a list of words
    ${commands[$1]} >/dev/null 2>"$home/stderr" || { echo "bench: '${commands[$1]}' failed:" >&2; cat "$home/stderr" >&2; exit 1; }
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}

echo "bench: warming up (each command once; the first submit uploads the project)"
for name in "${names[@]}"; do time_once "$name" >/dev/null; done
idle

echo "bench: $runs rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 0; round < runs; round++)); do
    for ((i = 0; i < ${#names[@]}; i++)); do
        name=${names[$(((i + round) % ${#names[@]}))]}
        times[$name]+="$(time_once "$name") "
        [[ "$name" == submit ]] && idle
    done
done

median_ms() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000}'; }
declare -A targets=([version]=150 [list]=300 [submit]=300)
docker_ms=$(median_ms "${times[docker_ps]}")
printf '\n%-10s %10s %14s %8s\n' command "median ms" "/ docker ps" target
for name in "${names[@]}"; do
    ms=$(median_ms "${times[$name]}")
    ratio=$(awk -v a="$ms" -v b="$docker_ms" 'BEGIN {printf "%.1f", a / b}')
    verdict=""
    if [[ -n "${targets[$name]:-}" ]]; then
        verdict=$(awk -v a="$ms" -v t="${targets[$name]}" 'BEGIN {print (a <= t ? "PASS" : "MISS") " (" t " ms)"}')
    fi
    printf '%-10s %10s %14s %s\n' "$name" "$ms" "$ratio" "$verdict"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
