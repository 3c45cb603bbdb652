#!/usr/bin/env bash
# Berth against plain `docker run` on this machine, in one run (docs/benchmarks.md):
#
#   scripts/bench.sh [--jobs N] [--slots K] [--latency-runs R] [--rounds M] [--warmup W] [--image IMAGE]
#   scripts/bench.sh sweep [--jobs N] [--data-mb D] [--rounds R]   (a sweep's submission against one job's)
#   scripts/bench.sh scale [--jobs N] [--finished F] [--sweep-size S] [--runs R]  (100,000 queued jobs,
#       F finished beside them: scripts/bench-scale.sh)
#   scripts/bench.sh cluster [--jobs N] [--agents A] [--slots K] [--baseline-jobs B] [--kill-at M]
#       [--lose machine|agent] [--job-seconds S]  (agents on A Docker engines in network namespaces, one machine
#       or only its agent lost mid-sweep: scripts/bench-cluster.sh)
#   scripts/bench.sh cli [--runs N] [--client LABEL=COMMAND]...   (the berth command's start-up against
#       `docker ps`: scripts/bench-cli.sh)
#
# Makes sure Docker and the worker image are there (scripts/setup-env.sh, idempotent), compiles
# what the benchmark needs from this checkout (offline, incremental), then runs
# io.berth.bench.SchedulerBenchmark (server's test sources; not shipped, not a test) with the arguments
# passed through. The classpath uses this checkout's target/classes, never the installed jars in
# ~/.m2, so another checkout's `mvn install` cannot change what is measured.
#
# Environment: MVN_OFFLINE=0 to let Maven download what it lacks; JAVA (default: java);
# BERTH_JAVA_OPTS: JVM options for the benchmark's JVM (which runs the Berth server too).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${1:-}" == "scale" ]]; then
    shift
    exec bash scripts/bench-scale.sh "$@" # needs no Docker engine: its servers' engine is a dead socket
fi

bash scripts/setup-env.sh

offline=(-o)
[[ "${MVN_OFFLINE:-1}" == "0" ]] && offline=()
offline_log="$(mktemp)"
trap 'rm -f "$offline_log"' EXIT
mvn_quiet() {
    mvn -B -q -Dstyle.color=never "$@" 2>&1 | sed 's/\x1b\[0m//g' # Maven 3.8 prints colour resets even when quiet
}
# Maven offline; a fresh machine's ~/.m2 lacks the dependency plugin until something resolves it online
# once, so then online once; any other failure (a compile error) is shown as it is
mvn_offline_first() {
    mvn_quiet "${offline[@]}" "$@" >"$offline_log" && return
    if [[ ${#offline[@]} -eq 0 ]] || ! grep -q "offline mode" "$offline_log"; then
        cat "$offline_log"
        exit 1
    fi
    echo "bench: a plugin is not in ~/.m2 yet; resolving it online once (MVN_OFFLINE=0 always does)"
    mvn_quiet "$@"
}

if [[ "${1:-}" == "cluster" ]]; then
    shift
    echo "bench: building the jars (mvn package)..."
    mvn_offline_first package -DskipTests -pl server -am
    exec bash scripts/bench-cluster.sh "$@"
fi
if [[ "${1:-}" == "cli" ]]; then
    shift
    echo "bench: building the jars (mvn package)..."
    mvn_offline_first package -DskipTests -pl server -am
    exec bash scripts/bench-cli.sh "$@"
fi

classpath_file="server/target/bench.classpath"
echo "bench: compiling (mvn test-compile) and resolving the classpath..."
# test-compile in the reactor (-am) so wire, config, sdk, scheduler-daemon and cli resolve to their
# target/classes; build-classpath then writes each module's test classpath to its target/.
mvn_offline_first test-compile dependency:build-classpath -pl server -am \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
[[ -s "$classpath_file" ]] || { echo "bench: no classpath in $classpath_file" >&2; exit 1; }

cp="server/target/test-classes:server/target/classes:$(cat "$classpath_file")"
main=io.berth.bench.SchedulerBenchmark
if [[ "${1:-}" == "sweep" ]]; then
    main=io.berth.bench.SweepSubmissionBenchmark
    shift
fi
# shellcheck disable=SC2086  # BERTH_JAVA_OPTS is a list of options
exec "${JAVA:-java}" ${BERTH_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
