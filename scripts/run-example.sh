#!/usr/bin/env bash
# Berth's main job, on a fresh machine: builds Berth if needed, makes sure Docker and the worker
# image are there, starts the server on its embedded Redis, submits the example project, shows its
# logs as it runs, then its result and the job table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup-env.sh
jar=server/target/berth-server.jar # built after cli/target/berth.jar
if [ ! -f "$jar" ] || [ ! -f cli/target/berth.jar ] || [ -n "$(find . -path '*/src/*' -newer "$jar" -print -quit)" ] || [ pom.xml -nt "$jar" ]; then
    echo "run-example: building Berth (mvn package)..."
    mvn -B -ntp -q package -DskipTests
fi

bin/berth server start
bin/berth submit -p learning_rate=0.01 -p layers=3 scheduler examples/hello main.py --epochs 3
bin/berth list scheduler
