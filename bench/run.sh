#!/usr/bin/env bash
# The benchmark in one command (docs/benchmark.md):
#   bench/run.sh [--only NAMES] [--seconds S] [--jar PATH] [--out DIR]     CPU per MB and saturated throughput with
#                                                                         the blast generator (default, ~15 min)
#   bench/run.sh --ladder [--quick] [--only NAMES] ...                    the simulator's rate ladders and latency
# Builds the gateway jar if it is missing, resolves Kafka's ProducerPerformance, checks the Python modules, then
# runs bench/blast_bench.py (default) or bench/bench.py (--ladder): each part its own process.
# Writes target/bench/report.md and results.json, and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/meeting-media-gateway.jar
DRIVER=bench/blast_bench.py
args=()
for a in "$@"; do
  if [[ "$a" == "--ladder" ]]; then DRIVER=bench/bench.py; else args+=("$a"); fi
done
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--jar" ]]; then JAR="${args[$((i + 1))]}"; fi
done

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR" >&2
  mvn -B -q -DskipTests package
fi
if ! java -jar "$JAR" blast --help >/dev/null 2>&1; then
  echo "$JAR has no 'blast' command (the load generator); build a newer main" >&2
  exit 2
fi

mkdir -p bench/target
if [[ ! -s bench/target/kafka-tools.classpath ]]; then
  echo "resolving org.apache.kafka:kafka-tools (ProducerPerformance)" >&2
  mvn -B -q -f bench/kafka-tools-pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$PWD/bench/target/kafka-tools.classpath" >&2
fi

# Debian's packages are built for /usr/bin/python3, not for a pyenv python3 that may come first on PATH
if ! /usr/bin/python3 -c 'import confluent_kafka, websockets, matplotlib' 2>/dev/null || ! command -v jcmd >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -q python3-confluent-kafka python3-websockets python3-matplotlib >&2 \
      || { apt-get update -q >&2 && apt-get install -y -q python3-confluent-kafka python3-websockets python3-matplotlib >&2; }
  else
    echo "missing: sudo apt-get install python3-confluent-kafka python3-websockets python3-matplotlib" >&2
    exit 2
  fi
fi

exec /usr/bin/python3 "$DRIVER" "${args[@]}"
