#!/usr/bin/env bash
# Berth with 100,000 queued jobs, as a user with big sweeps meets it (docs/benchmarks.md, "A queue of
# 100,000"): run by `scripts/bench.sh scale [--jobs N] [--finished F] [--sweep-size S] [--runs R]`.
#
# Starts two servers of this checkout (bin/berth), each under a temporary BERTH_HOME on free ports, their
# Docker engine a socket nobody listens on so that every job stays queued; queues the jobs on one ("queue")
# and measures it, beside the other ("empty", the baseline) where a ratio is the target. With --finished F, the
# "queue" server first holds F finished jobs (swept, then cleared from the queue: stopped) and is restarted, so
# that its index is rebuilt from Redis, as the issue's store of a million with a tenth queued:
#   - the server's RSS and CPU idle with the queue, and Redis's RSS and CPU;
#   - berth list, berth get queue and get queue --all: wall time and the server's peak RSS during each;
#   - submit latency (berth submit --no-follow), and the server's share of POST /jobs, GET /pages/jobs and
#     GET /pages/queue, alternating between the two servers;
#   - clear-queue --all of the whole queue.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jobs=100000
finished=0
sweep_size=100000
runs=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --jobs) jobs="$2"; shift 2 ;;
        --finished) finished="$2"; shift 2 ;;
        --sweep-size) sweep_size="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "bench scale: unknown option $1 (--jobs N, --finished F, --sweep-size S, --runs R)" >&2; exit 2 ;;
    esac
done

stale() { [[ ! -f "$1" || -n "$(find . -path '*/src/main/*' -newer "$1" -print -quit)" ]]; }
if stale cli/target/berth.jar || stale server/target/berth-server.jar; then
    echo "bench scale: building Berth (mvn package)..."
    mvn -B -ntp -q package -DskipTests
fi

top="$(mktemp -d /tmp/berth-bench-scale.XXXXXX)"
on() { local side="$1"; shift; BERTH_HOME="$top/$side" "$@"; }
cleanup() {
    for side in empty queue; do
        on "$side" bin/berth server stop >/dev/null 2>&1 || true
    done
    rm -rf "$top"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
project="$top/project"
mkdir -p "$project"
echo 'print("hi")' >"$project/main.py"
for side in empty queue; do
    mkdir -p "$top/$side"
    cat >"$top/$side/server.yaml" <<EOF
port: $(free_port)
embedded_redis_port: $(free_port)
docker_host: unix://$top/no-docker.sock
EOF
    on "$side" bin/berth server start >/dev/null
    # uploads the bundle and warms the server up
    on "$side" bin/berth submit --no-follow scheduler "$project" main.py >/dev/null 2>&1
done
pid="$(cat "$top/queue/server.pid")"
redis_pid="$(pgrep -P "$pid" redis-server | head -1 || true)"

# --- helpers ---------------------------------------------------------------------------------------
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
peak_mib() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
reset_peak() { echo 5 >"/proc/$1/clear_refs"; }  # VmHWM := VmRSS (Linux 4.0+)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v v="$1" -v max="$2" 'BEGIN {print (v <= max) ? "PASS" : "MISS"}'; }

# Wall time of a command in ms, and the queue server's peak RSS while it ran: "ms peak-MiB"
timed() {
    reset_peak "$pid"
    local start end
    start=$(now_ms)
    "$@" >/dev/null 2>&1
    end=$(now_ms)
    echo "$((end - start)) $(peak_mib "$pid")"
}

# berth submit --no-follow, alternately to each server: "empty-median queue-median"
cli_submit_ms() {
    local empty=() queue=()
    for _ in $(seq "$runs"); do
        empty+=("$(timed on empty bin/berth submit --no-follow scheduler "$project" main.py | cut -d' ' -f1)")
        queue+=("$(timed on queue bin/berth submit --no-follow scheduler "$project" main.py | cut -d' ' -f1)")
    done
    echo "$(printf '%s\n' "${empty[@]}" | median) $(printf '%s\n' "${queue[@]}" | median)"
}

# The server's share, timed around each request only, alternating between the servers: POST /jobs of the
# uploaded bundle, GET /pages/jobs and GET /pages/queue (50 each). A line per request: "METHOD path empty queue".
api_ms() {
    python3 - "$top" $((runs * 4)) <<'PY'
import glob, json, pathlib, statistics, sys, time, urllib.request
top, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
def api(side):
    config = (top / side / "config/submission/scheduler.config.yaml").read_text()
    return [l.split(":", 1)[1].strip() for l in config.splitlines() if l.startswith("scheduler_url")][0] + "/api/v1"
digest = pathlib.Path(glob.glob(str(top / "queue/data/bundles/*.tar.gz"))[0]).name.removesuffix(".tar.gz")
body = json.dumps({"bundleDigest": digest, "project": "latency", "command": ["main.py"]}).encode()
requests = {
    "POST /jobs": lambda base: urllib.request.Request(base + "/jobs", data=body, headers={"Content-Type": "application/json"}),
    "GET /pages/jobs": lambda base: urllib.request.Request(base + "/pages/jobs?limit=50"),
    "GET /pages/queue": lambda base: urllib.request.Request(base + "/pages/queue?limit=50"),
}
for what, make in requests.items():
    times = {"empty": [], "queue": []}
    for _ in range(runs):
        for side in times:
            request = make(api(side))
            start = time.perf_counter()
            urllib.request.urlopen(request).read()
            times[side].append((time.perf_counter() - start) * 1000)
    print(what, f"{statistics.median(times['empty']):.1f}", f"{statistics.median(times['queue']):.1f}")
PY
}

seconds_since() { awk -v ms=$(($(now_ms) - $1)) 'BEGIN {printf "%.1f", ms / 1000}'; }
# queues $1 jobs on the "queue" server by berth sweep --no-follow, one request of at most $sweep_size each;
# with "then-clear", clears the queue after each sweep: its jobs end stopped, a finished state
sweep_jobs() {
    local total="$1" then="${2:-}" swept=0 n
    while [[ $swept -lt $total ]]; do
        n=$((total - swept < sweep_size ? total - swept : sweep_size))
        on queue bin/berth sweep --no-follow --random 'lr=uniform(0,1)' -n "$n" scheduler "$project" main.py \
            >/dev/null 2>"$top/sweep.err" || { cat "$top/sweep.err" >&2; exit 1; }
        if [[ "$then" == then-clear ]]; then
            on queue bin/berth clear-queue scheduler --all >/dev/null
        fi
        swept=$((swept + n))
    done
}

echo "bench scale: $finished finished and $jobs queued jobs in sweeps of $sweep_size; $runs runs each"
rss_empty=$(rss_mib "$(cat "$top/empty/server.pid")")

# --- the finished jobs, then a restart: the server indexes them from Redis ------------------------------
if [[ $finished -gt 0 ]]; then
    start=$(now_ms)
    sweep_jobs "$finished" then-clear
    finish_s=$(seconds_since "$start")
    on queue bin/berth server stop >/dev/null
    start=$(now_ms)
    on queue bin/berth server start >/dev/null
    restart_s=$(seconds_since "$start")
    pid="$(cat "$top/queue/server.pid")"
    redis_pid="$(pgrep -P "$pid" redis-server | head -1 || true)"
    restart_peak_rss=$(peak_mib "$pid") # the new process's peak so far: indexing the store
    on queue bin/berth submit --no-follow scheduler "$project" main.py >/dev/null 2>&1 # warms it up again
fi
echo "bench scale: queue server pid $pid, redis pid ${redis_pid:-?}"

# --- the queue ----------------------------------------------------------------------------------------
reset_peak "$pid"
start=$(now_ms)
sweep_jobs "$jobs"
queue_s=$(seconds_since "$start")
queue_peak_rss=$(peak_mib "$pid")
sleep 10
rss_idle=$(rss_mib "$pid")
redis_rss=$([[ -n "$redis_pid" ]] && rss_mib "$redis_pid" || echo "?")
# what Redis holds (INFO memory's used_memory), asked over a socket: redis-cli may not be installed
redis_used=$(python3 - "$(sed -n 's/^embedded_redis_port: *//p' "$top/queue/server.yaml")" <<'PY'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as s:
    s.sendall(b"*2\r\n$4\r\nINFO\r\n$6\r\nmemory\r\n")
    data = b""
    while b"used_memory:" not in data or not data.endswith(b"\r\n"):
        data += s.recv(65536)
used = [l for l in data.decode().splitlines() if l.startswith("used_memory:")][0].split(":")[1]
print(round(int(used) / 2**20))
PY
)
t0=$(cpu_ticks "$pid"); r0=$([[ -n "$redis_pid" ]] && cpu_ticks "$redis_pid" || echo 0)
sleep 10
t1=$(cpu_ticks "$pid"); r1=$([[ -n "$redis_pid" ]] && cpu_ticks "$redis_pid" || echo 0)
hz=$(getconf CLK_TCK)
idle_cpu=$(awk -v t=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.1f", 100 * t / hz / 10}')
redis_idle_cpu=$(awk -v t=$((r1 - r0)) -v hz="$hz" 'BEGIN {printf "%.1f", 100 * t / hz / 10}')

read -r list_ms list_peak <<<"$(timed on queue bin/berth list scheduler)"
read -r queue_ms queue_peak <<<"$(timed on queue bin/berth get queue scheduler)"
read -r queue_all_ms queue_all_peak <<<"$(timed on queue bin/berth get queue scheduler --all)"
read -r empty_cli queued_cli <<<"$(cli_submit_ms)"
api="$(api_ms)"
read -r clear_ms clear_peak <<<"$(timed on queue bin/berth clear-queue scheduler --all)"
rss_end=$(rss_mib "$pid")

cat <<EOF

Scale: $jobs queued jobs (queued in $queue_s s by $(((jobs + sweep_size - 1) / sweep_size)) berth sweep, one request each)
EOF
if [[ $finished -gt 0 ]]; then
    cat <<EOF
  beside $finished finished (stopped) jobs: swept and cleared in $finish_s s, then the server restarted in
  $restart_s s (its index rebuilt from Redis) at a peak RSS of ${restart_peak_rss} MiB
EOF
fi
cat <<EOF
what                                   value      target
server RSS, empty store                ${rss_empty} MiB
server RSS, peak while queueing        ${queue_peak_rss} MiB    ≤ 512 MiB  $(verdict "$queue_peak_rss" 512)
server RSS, idle with the queue        ${rss_idle} MiB    ≤ 512 MiB  $(verdict "$rss_idle" 512)
Redis used_memory with the queue       ${redis_used} MiB    ≤ 200 MiB  $(verdict "$redis_used" 200)
Redis RSS with the queue               ${redis_rss} MiB
server CPU, idle with the queue        ${idle_cpu} % of a core   < 1 %  $(verdict "$idle_cpu" 0.99)
Redis CPU, idle with the queue         ${redis_idle_cpu} % of a core
berth list (latest 50)                 ${list_ms} ms, server peak RSS ${list_peak} MiB  $(verdict "$list_peak" 512)
berth get queue (next 50)              ${queue_ms} ms, server peak RSS ${queue_peak} MiB  $(verdict "$queue_peak" 512)
berth get queue --all                  ${queue_all_ms} ms, server peak RSS ${queue_all_peak} MiB  $(verdict "$queue_all_peak" 512)
clear-queue --all                      ${clear_ms} ms, server peak RSS ${clear_peak} MiB   ≤ 2000 ms  $(verdict "$clear_ms" 2000)
server RSS at the end                  ${rss_end} MiB

Beside a server with an empty store, alternating (medians; ratio = with the queue / empty)
berth submit --no-follow, $runs each: empty ${empty_cli} ms, with the queue ${queued_cli} ms: ratio $(ratio "$queued_cli" "$empty_cli")  ≤ 1.10  $(verdict "$(ratio "$queued_cli" "$empty_cli")" 1.10)
EOF
while read -r method path empty queue; do
    printf '%-22s %d each: empty %s ms, with the queue %s ms: ratio %s\n' "$method $path" $((runs * 4)) "$empty" \
        "$queue" "$(ratio "$queue" "$empty")"
done <<<"$api"
