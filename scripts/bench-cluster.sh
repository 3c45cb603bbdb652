#!/usr/bin/env bash
# Several machines behind one head, on one machine (docs/benchmarks.md, "Agents"): run by
#   scripts/bench.sh cluster [--jobs N] [--agents A] [--slots K] [--baseline-jobs B] [--kill-at M]
#                            [--lose machine|agent] [--job-seconds S]
#
# Starts A extra Docker engines, each in a network namespace of its own (../shared/docs/ENVIRONMENT.md: in the
# host's namespace a second dockerd deletes docker0), loads the worker image into each, then a head of this
# checkout (bin/berth server start, on the main engine, running no job itself: the jobs ask for a label only the
# agents have) and one agent per engine (bin/berth agent start, K slots each). Then:
#   1. baseline: one agent alone runs a sweep of B jobs; its jobs per second;
#   2. the cluster: all A agents run a sweep of N jobs; once M of them have ended, one machine is lost (its
#      engine, containers, agent and lease watch share a freezer cgroup, which is frozen, every process in
#      it killed with SIGKILL, and thawed: all stop at once, as in a power cut), or with --lose agent
#      only its agent (its engine runs on, and the agent's lease watch must stop its containers); its jobs go
#      back to the queue when its lease (10 s here) runs out and run on the others;
#   3. checks, from every engine's own event stream (`docker events`: each job container's start, end, exit
#      code and berth.job-id label) and from the head: every job completed (0 lost), no job ran in two
#      containers at once (0 at once), and, when the whole machine is lost, no job's container exited 0
#      twice (0 run twice; a job that ends while its agent is dead, before the head hears of it, runs again);
#      prints jobs per second against the baseline's, and the head's CPU per job.
# The jobs print a line and exit (after S seconds with --job-seconds): what is measured is Berth's and Docker's
# cost per job, not the jobs'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jobs=1000
agents=3
slots=4
baseline_jobs=300
kill_at=300
lose=machine
job_seconds=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --jobs) jobs="$2"; shift 2 ;;
        --agents) agents="$2"; shift 2 ;;
        --slots) slots="$2"; shift 2 ;;
        --baseline-jobs) baseline_jobs="$2"; shift 2 ;;
        --kill-at) kill_at="$2"; shift 2 ;;
        --lose) lose="$2"; shift 2 ;;
        --job-seconds) job_seconds="$2"; shift 2 ;;
        *) echo "bench cluster: unknown option $1 (--jobs N, --agents A, --slots K, --baseline-jobs B, --kill-at M," \
               "--lose machine|agent, --job-seconds S)" >&2
           exit 2 ;;
    esac
done
if [[ "$lose" != machine && "$lose" != agent ]]; then
    echo "bench cluster: --lose is machine or agent, not $lose" >&2
    exit 2
fi
if [[ "$agents" -lt 2 ]]; then
    echo "bench cluster: --agents must be 2 or more (one machine is lost mid-sweep)" >&2
    exit 2
fi

if [[ ! -f server/target/berth-server.jar ]]; then
    echo "bench cluster: run it as scripts/bench.sh cluster, which sets up Docker and builds the jars" >&2
    exit 2
fi

top="$(mktemp -d /tmp/berth-bench-cluster.XXXXXX)"
head_home="$top/head"
engine() { echo "$top/engine-$1"; }
socket() { echo "unix://$(engine "$1")/docker.sock"; }
# Each machine's processes share a cgroup of the v1 freezer (its engine's, its containers' through
# --cgroup-parent, its agent's and lease watch's), so that losing it stops them all at once: no container can
# end, nor an agent report, between one's death and another's. Without that freezer the machine's agent is
# killed, then its engine stopped, and a job may end in between.
freezer=/sys/fs/cgroup/freezer
freezer_ok=""
[[ -w "$freezer" ]] && freezer_ok=1
machine_cgroup() { echo "berth-bench-$$-$1"; }
remove_cgroups() {
    for i in $(seq 1 "$agents"); do
        for hierarchy in /sys/fs/cgroup/*/; do
            [[ -d "$hierarchy$(machine_cgroup "$i")" ]] &&
                find "$hierarchy$(machine_cgroup "$i")" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
    done
    return 0
}
cleanup() {
    for i in $(seq 1 "$agents"); do # a machine lost half way is frozen still
        if [[ -n "$freezer_ok" && -d "$freezer/$(machine_cgroup "$i")" ]]; then
            { echo THAWED >"$freezer/$(machine_cgroup "$i")/freezer.state"; } 2>/dev/null || true
        fi
    done
    for i in $(seq 1 "$agents"); do
        BERTH_HOME="$top/agent-$i" bin/berth agent stop >/dev/null 2>&1 || true
    done
    BERTH_HOME="$head_home" bin/berth server stop >/dev/null 2>&1 || true
    for i in $(seq 1 "$agents"); do
        local d
        d="$(engine "$i")"
        [[ -f "$d/events.pid" ]] && kill "$(cat "$d/events.pid")" 2>/dev/null || true
        [[ -f "$d/docker.pid" ]] && kill "$(cat "$d/docker.pid")" 2>/dev/null || true
    done
    sleep 3
    remove_cgroups
    rm -rf "$top" 2>/dev/null || true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "bench cluster: starting $agents Docker engines, each in its own network namespace..."
docker save berth-worker:latest -o "$top/worker.tar"
[[ -n "$freezer_ok" ]] || echo "bench cluster: no cgroup v1 freezer at $freezer: a lost machine's agent dies" \
    "before its engine, and a job may end in between" >&2
for i in $(seq 1 "$agents"); do
    d="$(engine "$i")"
    mkdir -p "$d"
    cgroup_options=()
    if [[ -n "$freezer_ok" ]]; then
        mkdir -p "$freezer/$(machine_cgroup "$i")"
        cgroup_options=(--cgroup-parent "/$(machine_cgroup "$i")")
    fi
    (
        [[ -z "$freezer_ok" ]] || echo "$BASHPID" >"$freezer/$(machine_cgroup "$i")/cgroup.procs"
        exec setsid unshare -n dockerd --data-root "$d/data" --exec-root "$d/exec" -H "$(socket "$i")" \
            --pidfile "$d/docker.pid" --bridge none --iptables=false --ip-masq=false \
            ${cgroup_options[@]+"${cgroup_options[@]}"}
    ) >"$d/log" 2>&1 &
done
for i in $(seq 1 "$agents"); do
    for _ in $(seq 1 60); do
        docker -H "$(socket "$i")" version >/dev/null 2>&1 && break
        sleep 1
    done
    docker -H "$(socket "$i")" load -i "$top/worker.tar" >/dev/null
    # every job container's start and end, with its job and exit code, as the engine saw it
    d="$(engine "$i")"
    docker -H "$(socket "$i")" events --filter event=start --filter event=die \
        --format '{{.Action}} {{.TimeNano}} {{.Actor.ID}} {{index .Actor.Attributes "berth.job-id"}} {{index .Actor.Attributes "exitCode"}}' \
        >"$d/events" 2>"$d/events.log" &
    echo $! >"$d/events.pid"
done

port="$(free_port)"
mkdir -p "$head_home"
cat >"$head_home/server.yaml" <<EOF
port: $port
embedded_redis_port: $(free_port)
agent_lease: 10s
EOF
BERTH_HOME="$head_home" bin/berth server start >/dev/null
for i in $(seq 1 "$agents"); do
    home="$top/agent-$i"
    mkdir -p "$home"
    cat >"$home/agent.yaml" <<EOF
server: http://127.0.0.1:$port
name: machine-$i
docker_host: $(socket "$i")
slots: $slots
labels:
  pool: agents
EOF
done

project="$top/project"
mkdir -p "$project"
printf 'import sys, time\ntime.sleep(%s)\nprint("job", sys.argv[1:], flush=True)\n' "$job_seconds" >"$project/main.py"
cat >"$project/job.config.yaml" <<'EOF'
project_name: cluster-bench
worker:
  network: none   # the extra engines have no bridge
  constraints:
    pool: agents
EOF
on_head() { BERTH_HOME="$head_home" bin/berth "$@"; }
# the sweep's jobs, counted by state on the head
states() {
    on_head list --all --json --sweep "$1" scheduler | python3 -c '
import collections, json, sys
print(" ".join("%s=%d" % kv for kv in sorted(collections.Counter(j["state"] for j in json.load(sys.stdin)).items())))'
}
ended() { on_head list --all --json --sweep "$1" scheduler | python3 -c '
import json, sys
print(sum(j["state"] in ("completed", "failed", "stopped") for j in json.load(sys.stdin)))'; }
sweep() { # N: queues a sweep of N jobs, prints its id
    on_head sweep --no-follow --grid "i=$(seq -s, 1 "$1")" scheduler "$project" main.py 2>&1 |
        sed -n 's/^queued sweep \([0-9a-z]*\):.*/\1/p'
}
head_cpu() { # CPU seconds the head's JVM has used
    awk '{print ($14 + $15) / 100}' "/proc/$(cat "$head_home/server.pid")/stat"
}
start_agent() { # I: starts agent I, and puts it and its lease watch in machine I's cgroup
    BERTH_HOME="$top/agent-$1" bin/berth agent start >/dev/null
    [[ -n "$freezer_ok" ]] || return 0
    local procs
    procs="$freezer/$(machine_cgroup "$1")/cgroup.procs"
    cat "$top/agent-$1/agent.pid" >"$procs"
    for pid in $(pgrep -f "LeaseWatch $top/agent-$1/agent-data" || true); do
        echo "$pid" >"$procs"
    done
}
lose_machine() { # I: everything of machine I stops at once
    if [[ -z "$freezer_ok" ]]; then
        kill -9 "$(cat "$top/agent-$1/agent.pid")"
        pkill -9 -f "LeaseWatch $top/agent-$1/agent-data" || true
        kill "$(cat "$(engine "$1")/docker.pid")" # its engine goes with it: its containers stop
        return
    fi
    local cgroup
    cgroup="$freezer/$(machine_cgroup "$1")"
    echo FROZEN >"$cgroup/freezer.state"
    until grep -q FROZEN "$cgroup/freezer.state"; do sleep 0.05; done
    find "$cgroup" -name cgroup.procs -exec cat {} + | xargs -r kill -9
    echo THAWED >"$cgroup/freezer.state"
}
await_ended() { # SWEEP N
    while [[ "$(ended "$1")" -lt "$2" ]]; do sleep 1; done
}

echo "bench cluster: 1. baseline: one agent alone, a sweep of $baseline_jobs jobs"
start_agent 1
on_head sweep --no-follow --grid "i=0" scheduler "$project" main.py >/dev/null 2>&1 # warm-up: the bundle
sleep 3
start=$(date +%s.%N)
cpu0=$(head_cpu)
base_sweep="$(sweep "$baseline_jobs")"
await_ended "$base_sweep" "$baseline_jobs"
base_seconds=$(python3 -c "import time; print(round(time.time() - $start, 2))")
base_cpu=$(python3 -c "print(round($(head_cpu) - $cpu0, 2))")
echo "bench cluster:    $baseline_jobs jobs in $base_seconds s ($(states "$base_sweep")); head CPU $base_cpu s"

echo "bench cluster: 2. $agents agents, a sweep of $jobs jobs; machine-2 ($lose) is lost after $kill_at have ended"
for i in $(seq 2 "$agents"); do
    start_agent "$i"
done
start=$(date +%s.%N)
cpu0=$(head_cpu)
cluster_sweep="$(sweep "$jobs")"
await_ended "$cluster_sweep" "$kill_at"
lost_ns=$(date +%s%N)
if [[ "$lose" == machine ]]; then
    lose_machine 2
else
    kill -9 "$(cat "$top/agent-2/agent.pid")"
fi
lost_at=$(python3 -c "import time; print(round(time.time() - $start, 2))")
echo "bench cluster:    machine-2 ($lose) lost at $lost_at s ($(states "$cluster_sweep"))"
if [[ "$lose" == agent ]]; then
    echo "bench cluster:    machine-2's engine runs on with $(docker -H "$(socket 2)" ps -q | wc -l) containers"
fi
await_ended "$cluster_sweep" "$jobs"
cluster_seconds=$(python3 -c "import time; print(round(time.time() - $start, 2))")
cluster_cpu=$(python3 -c "print(round($(head_cpu) - $cpu0, 2))")
echo "bench cluster:    $jobs jobs in $cluster_seconds s ($(states "$cluster_sweep")); head CPU $cluster_cpu s"
sleep 2

echo "bench cluster: 3. checks"
for i in $(seq 1 "$agents"); do
    kill "$(cat "$(engine "$i")/events.pid")" 2>/dev/null || true
done
on_head list --all --json --sweep "$cluster_sweep" scheduler >"$top/cluster.json"
if [[ "$lose" == agent ]]; then
    echo "bench cluster:    machine-2's engine at the end: $(docker -H "$(socket 2)" ps -q | wc -l) containers running"
fi
for i in $(seq 1 "$agents"); do
    sed "s/^/$i /" "$(engine "$i")/events"
done >"$top/events"
python3 - "$top/cluster.json" "$top/events" "$jobs" "$cluster_seconds" "$baseline_jobs" "$base_seconds" \
    "$cluster_cpu" "$lose" "$lost_ns" <<'EOF'
import collections, json, sys
listed, events, jobs, seconds, base_jobs, base_seconds, head_cpu, lose, lost_ns = sys.argv[1:]
listed = json.load(open(listed))
ids = {job["id"] for job in listed}
completed = [job for job in listed if job["state"] == "completed"]
exits = collections.defaultdict(list)
began, ended = {}, {}  # container -> (engine, job, time)
for line in open(events):
    parts = line.split()
    if len(parts) < 5 or parts[4] not in ids:
        continue
    engine, action, at, container, job = parts[0], parts[1], int(parts[2]), parts[3], parts[4]
    if action == "start":
        began[container] = (engine, job, at)
    elif action == "die" and len(parts) == 6:
        exits[job].append(parts[5])
        ended[container] = at
# job -> [(start, end)]: a container of the lost machine's engine that never died there ended with it; any other
# still runs
runs = collections.defaultdict(list)
for container, (engine, job, at) in began.items():
    gone = int(lost_ns) if lose == "machine" and engine == "2" else float("inf")
    runs[job].append((at, ended.get(container, gone)))
at_once = [job for job, spans in runs.items()
           if any(b[0] < a[1] for a, b in zip(sorted(spans), sorted(spans)[1:]))]
starts = len(began)
twice = [job for job, codes in exits.items() if codes.count("0") > 1]
never = [job for job in ids if "0" not in exits.get(job, [])]
requeued = [job for job in listed if job["attemptsLostToEngine"] > 0]
by_node = collections.Counter(job["node"] for job in completed)
rate = int(jobs) / float(seconds)
base_rate = int(base_jobs) / float(base_seconds)
print("jobs %s, completed %d, lost %d (listed not completed), containers %d, ran at once in two %d, ran to its end"
      " twice %d, never exited 0 %d" % (jobs, len(completed), int(jobs) - len(completed), starts, len(at_once),
                                        len(twice), len(never)))
print("jobs given back to the queue when machine-2 was lost: %d; completed per machine: %s"
      % (len(requeued), ", ".join("%s %d" % kv for kv in sorted(by_node.items()))))
print("throughput: %.2f jobs/s on the machines (one of them lost mid-sweep), %.2f jobs/s on one alone; ratio %.2f"
      % (rate, base_rate, rate / base_rate))
print("head CPU per job: %.1f ms" % (1000 * float(head_cpu) / int(jobs)))
# a job that ended on the lost agent's engine before the head heard of it runs again: only a lost machine,
# whose containers die with it, promises no second run to the end
ok = len(completed) == int(jobs) and not at_once and not never and (lose == "agent" or not twice)
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
EOF
