#!/usr/bin/env bash
# Runs the gateway as its users run it, on this machine, and exits 0 only if all of it holds:
#   1. the image builds from docker/Dockerfile (podman, or docker where present), from the production artifact;
#   2. it refuses to start without KAFKA_BOOTSTRAP_SERVERS (exit 2, naming the key and the variable);
#   3. started against a real broker, as non-root with a read-only root file system, /health/ready turns 200;
#   4. a simulated Recall bot through the container's port lands in Kafka with the right keys and headers;
#   5. SIGTERM drains and the exit code is 0;
#   6. docker/kube-play-test.sh: k8s/base rendered with kubectl kustomize and played with podman kube play.
# Not part of `mvn verify` (CI has no container engine). Needs root; installs podman, runc, debootstrap and kcat
# with apt-get when missing. Where no registry answers, the base images are built from Debian packages
# (docker/stand-in-bases.sh) and passed as build arguments; the output says which bases were used.
# Usage: docker/smoke-test.sh [--no-kube]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${SMOKE_WORK:-$ROOT/target/smoke}
IMAGE=${SMOKE_IMAGE:-localhost/meeting-media-gateway:smoke}
KUBE=1
[[ "${1:-}" == "--no-kube" ]] && KUBE=0
mkdir -p "$WORK"
CHECKS=()
pass() { CHECKS+=("PASS  $*"); echo "smoke: PASS  $*"; }
fail() { echo "smoke: FAIL  $*" >&2; exit 1; }
say() { echo "smoke: $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- tools ----
need=()
command -v podman > /dev/null || command -v docker > /dev/null || need+=(podman runc)
command -v kcat > /dev/null || need+=(kcat)
command -v curl > /dev/null || need+=(curl)
command -v debootstrap > /dev/null || need+=(debootstrap)
if (( ${#need[@]} )); then
  say "installing ${need[*]}"
  apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" > /dev/null
fi
if command -v podman > /dev/null; then
  ENGINE=podman
  # this VM: crun fails on hybrid cgroups and raising rlimits is forbidden, so runc and lower ulimits
  command -v runc > /dev/null || { apt-get update -q > /dev/null; apt-get install -y -q runc > /dev/null; }
  cat > "$WORK/containers.conf" <<'CONF'
[engine]
runtime = "runc"
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
CONF
  export CONTAINERS_CONF="$WORK/containers.conf"
else
  ENGINE=docker
fi
say "engine: $ENGINE ($($ENGINE --version))"

# ---- the developer artifact: broker and simulator on the host ----
say "mvn -B -q -DskipTests package"
mvn -B -q -DskipTests package > "$WORK/mvn.log" 2>&1 || { tail -30 "$WORK/mvn.log"; fail "mvn package"; }
DEV_JAR=$ROOT/target/meeting-media-gateway.jar

# ---- base images ----
BUILD_IMAGE=maven:3-eclipse-temurin-17
RUNTIME_IMAGE=eclipse-temurin:25-jre
if timeout 60 $ENGINE pull -q "docker.io/library/$RUNTIME_IMAGE" > /dev/null 2>&1 \
    && timeout 300 $ENGINE pull -q "docker.io/library/$BUILD_IMAGE" > /dev/null 2>&1; then
  say "bases: the public images $BUILD_IMAGE and $RUNTIME_IMAGE (Dockerfile defaults)"
else
  [[ $ENGINE == podman ]] || fail "no registry reachable and stand-in bases need podman"
  say "bases: no registry reachable; building STAND-INS from Debian packages (docker/stand-in-bases.sh)"
  docker/stand-in-bases.sh > "$WORK/bases.log" 2>&1 || { tail -20 "$WORK/bases.log"; fail "stand-in bases"; }
  BUILD_IMAGE=localhost/stand-in/maven-jdk17
  RUNTIME_IMAGE=localhost/stand-in/jre17
  say "bases: BUILD_IMAGE=$BUILD_IMAGE (Debian 12 openjdk-17-jdk + Maven + this host's CAs)," \
    "RUNTIME_IMAGE=$RUNTIME_IMAGE (Debian 12 openjdk-17-jre-headless)"
fi

# ---- 1. build ----
say "$ENGINE build -f docker/Dockerfile --build-arg BUILD_IMAGE=$BUILD_IMAGE --build-arg RUNTIME_IMAGE=$RUNTIME_IMAGE -t $IMAGE ."
$ENGINE build --network host -f docker/Dockerfile --build-arg "BUILD_IMAGE=$BUILD_IMAGE" \
  --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE" -t "$IMAGE" . > "$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; fail "image build"; }
pass "image $IMAGE built from docker/Dockerfile"

# ---- broker ----
KPORT=$(free_port); CPORT=$(free_port)
rm -rf "$WORK/kafka"
java -jar "$DEV_JAR" kafka --data-dir "$WORK/kafka" --host 127.0.0.1 --port "$KPORT" --controller-port "$CPORT" \
  > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
CONTAINERS=()
cleanup() {
  for c in "${CONTAINERS[@]}"; do $ENGINE rm -f "$c" > /dev/null 2>&1 || true; done
  kill "$BROKER_PID" 2> /dev/null || true
  wait "$BROKER_PID" 2> /dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do grep -q "listening on" "$WORK/broker.log" && break; sleep 1; done
grep -q "listening on" "$WORK/broker.log" || { cat "$WORK/broker.log"; fail "broker did not start"; }
BOOTSTRAP=127.0.0.1:$KPORT
say "broker: Apache Kafka (KRaft, the developer artifact's 'kafka' command) at $BOOTSTRAP"
export SMOKE_BOOTSTRAP=$BOOTSTRAP SMOKE_IMAGE=$IMAGE ENGINE DEV_JAR WORK

# ---- 2. closed defaults ----
set +e
NOKAFKA=$($ENGINE run --rm --network host -e TENANT_MAIN_TOKEN=x-0123456789abcdef "$IMAGE" 2>&1)
code=$?
set -e
[[ $code == 2 ]] || fail "without KAFKA_BOOTSTRAP_SERVERS the exit code is $code, not 2: $NOKAFKA"
grep -q "kafka.bootstrapServers" <<< "$NOKAFKA" && grep -q KAFKA_BOOTSTRAP_SERVERS <<< "$NOKAFKA" \
  || fail "the refusal names neither key nor variable: $NOKAFKA"
! grep -q EMBEDDED <<< "$NOKAFKA" || fail "an embedded broker started in the image"
pass "no KAFKA_BOOTSTRAP_SERVERS: exit 2, '$(grep -o "'kafka.bootstrapServers' is empty[^.]*" <<< "$NOKAFKA")'"

# ---- 3. run: non-root, read-only root fs ----
IPORT=$(free_port); MPORT=$(free_port)
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
NAME=mmg-smoke-$$
CONTAINERS+=("$NAME")
# --network host: this VM's containers reach the broker on the host's loopback; the gateway's ports are published
# on the host as GATEWAY_PORT / GATEWAY_MANAGEMENT_PORT
$ENGINE run -d --name "$NAME" --network host --read-only --tmpfs /tmp:rw,size=256m \
  -e KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" -e GATEWAY_KAFKA_CREATE_TOPICS=true \
  -e GATEWAY_PORT="$IPORT" -e GATEWAY_MANAGEMENT_PORT="$MPORT" -e TENANT_MAIN_TOKEN="$TOKEN" "$IMAGE" > /dev/null
ready=0
for _ in $(seq 1 90); do
  if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/health/ready") == 200 ]]; then ready=1; break; fi
  [[ $($ENGINE inspect -f '{{.State.Running}}' "$NAME") == true ]] || break
  sleep 1
done
(( ready )) || { $ENGINE logs "$NAME" | tail -30; fail "/health/ready never turned 200"; }
pass "/health/ready 200 on :$MPORT ($(curl -s "http://127.0.0.1:$MPORT/health/ready"))"
uid=$($ENGINE exec "$NAME" id -u)
[[ $uid == 1001 ]] || fail "runs as uid $uid"
[[ $($ENGINE inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$NAME") == true ]] || fail "root fs not read-only"
! $ENGINE exec "$NAME" sh -c 'echo x > /app/probe' 2> /dev/null || fail "the root file system is writable"
pass "runs as uid $uid (non-root), root file system read-only (writing /app fails), /tmp a tmpfs"
$ENGINE cp "$NAME:/app/meeting-media-gateway-production.jar" "$WORK/image.jar"
python3 - "$WORK/image.jar" <<'PY' || fail "the image's jar is not the production artifact"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
bad = [n for n in names if n.startswith(("scala/", "kafka/server/", "io/meetingmedia/gateway/simulator/"))]
assert not bad, bad[:5]
assert "org/apache/kafka/clients/producer/KafkaProducer.class" in names
print(f"smoke: /app/meeting-media-gateway-production.jar: {len(names)} entries, no scala/, kafka/server/ or simulator")
PY
pass "the image runs the production artifact (no broker, Scala or simulator inside)"
curl -s "http://127.0.0.1:$MPORT/metrics" > "$WORK/metrics-fresh.txt"
grep -q 'gateway_connections_open{tenant="main",vendor="recall"} 0' "$WORK/metrics-fresh.txt" \
  || fail "gateway_connections_open absent on a fresh pod"
pass "fresh gateway exposes gateway_connections_open{tenant=\"main\",vendor=\"recall\"} 0"

# ---- 4. a simulated vendor through the container's port lands in Kafka ----
java -jar "$DEV_JAR" simulate --vendor recall --gateway "http://127.0.0.1:$IPORT" --token "$TOKEN" \
  --bots 1 --participants 2 --frames 5 --fps 5 --quiet --json-summary "$WORK/sim.json" > "$WORK/sim.log" 2>&1 \
  || { cat "$WORK/sim.log"; fail "simulator"; }
kcat -q -b "$BOOTSTRAP" -C -t meeting.video.frames -o beginning -e -X fetch.message.max.bytes=20000000 \
  -f '%k\t%h\n' > "$WORK/frames.txt" 2> "$WORK/kcat.err" || { cat "$WORK/kcat.err"; fail "kcat"; }
python3 - "$WORK/frames.txt" <<'PY' || fail "records in meeting.video.frames"
import re, sys
lines = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]) if l.strip()]
assert len(lines) == 10, f"{len(lines)} records, expected 2 participants x 5 frames"
keys = set()
for key, headers in lines:
    h = dict(kv.split("=", 1) for kv in headers.split(","))
    bot, participant = key.split(":")
    assert h["ce_tenant"] == "main" and h["ce_vendor"] == "recall", h
    assert h["ce_type"] == "meeting.video.frame" and h["content-type"] == "image/png", h
    assert h["ce_botid"] == bot and h["ce_participantid"] == participant and h["ce_partitionkey"] == key, h
    assert "token" not in headers.lower(), "no secret in headers"
    keys.add(key)
assert len(keys) == 2, keys
print(f"smoke: {len(lines)} records, keys {sorted(keys)}, headers ce_tenant=main ce_vendor=recall "
      f"ce_type=meeting.video.frame content-type=image/png ce_botid/ce_participantid/ce_partitionkey = key")
PY
pass "simulated Recall bot via :$IPORT -> meeting.video.frames: 10 records, right keys and headers"
curl -s "http://127.0.0.1:$MPORT/metrics" | grep -q 'gateway_records_out_total{kind="video_frame",vendor="recall"} 1[0-9]' \
  || fail "gateway_records_out_total did not count the frames"

# ---- 5. SIGTERM drains, exit 0 ----
$ENGINE kill --signal TERM "$NAME" > /dev/null
code=$($ENGINE wait "$NAME")
$ENGINE logs "$NAME" > "$WORK/gateway.log" 2>&1
[[ $code == 0 ]] || { tail -20 "$WORK/gateway.log"; fail "exit code after SIGTERM: $code"; }
grep '"message":"gateway stopped"' "$WORK/gateway.log" | grep -q '"drained":true' || fail "no drained stop logged"
pass "SIGTERM: drained, exit code 0 ($(grep -o '"message":"gateway stopped"[^}]*' "$WORK/gateway.log"))"

# ---- 6. the Kubernetes manifests as a pod ----
if (( KUBE )); then
  docker/kube-play-test.sh || fail "kube play (docker/kube-play-test.sh)"
  pass "k8s/base played with podman kube play: see the lines above"
fi

echo
echo "smoke: all checks passed:"
printf '  %s\n' "${CHECKS[@]}"
