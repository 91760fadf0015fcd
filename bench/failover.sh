#!/usr/bin/env bash
# The fail-over scenario of docs/operations.md ("Capacity and fail-over") in one command:
#   bench/failover.sh [--jar PATH] [--out DIR] [--budget BYTES] [--skip-throughput]
# JAR (or --jar) names the gateway artifact; it is built when missing. Starts a 3-node KRaft cluster from the jar,
# gateways behind HAProxy, the simulator as Recall bots that reconnect like the vendor, then breaks things step by
# step (broker kill -9, broker SIGSTOP, gateway SIGTERM, gateway kill -9, gateway added) and checks every record.
# Writes target/failover/report.md and results.json. Exits 0 only if every "must" holds.
# Needs a JDK, Maven and Debian packages it installs when run as root (haproxy, python3-confluent-kafka).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/meeting-media-gateway.jar}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--jar" ]]; then JAR="${args[$((i + 1))]}"; fi
done
if [[ ! -f "$JAR" ]]; then
  echo "building $JAR" >&2
  mvn -B -q -DskipTests package
fi
if ! command -v haproxy >/dev/null || ! /usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -q haproxy python3-confluent-kafka >&2 \
      || { apt-get update -q >&2 && apt-get install -y -q haproxy python3-confluent-kafka >&2; }
  else
    echo "missing: sudo apt-get install haproxy python3-confluent-kafka" >&2
    exit 2
  fi
fi
out=target/failover
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--out" ]]; then out="${args[$((i + 1))]}"; fi
done
rm -rf "$out"
filtered=()
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--jar" ]]; then i=$((i + 1)); continue; fi
  filtered+=("${args[$i]}")
done
exec /usr/bin/python3 bench/failover.py --jar "$JAR" ${filtered[@]+"${filtered[@]}"}
