#!/usr/bin/env bash
# k8s/base as a pod on this machine: renders it with `kubectl kustomize`, plays its Deployment and generated
# ConfigMap with `podman kube play` (the tenant Secret and the KafkaUser's Secret created first with
# `podman secret create`), and checks that the pod starts, passes its probes (polled here: podman 4.3 ignores
# startup and readiness probes), takes its config from the ConfigMap and its token from the Secret, refuses a
# made-up token, and that a vendor connection through it lands in Kafka stamped with the ConfigMap's tenant.
# Called by docker/smoke-test.sh with SMOKE_BOOTSTRAP (a plaintext broker whose topics exist), SMOKE_IMAGE, DEV_JAR
# and WORK set. Every patch to the rendered manifests is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SMOKE_BOOTSTRAP:?} ${SMOKE_IMAGE:?} ${DEV_JAR:?} ${WORK:?}"
say() { echo "kube: $*"; }
fail() { echo "kube: FAIL  $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
command -v kubectl > /dev/null || fail "kubectl is needed to render k8s/base (kubectl kustomize)"
python3 -c 'import yaml' 2> /dev/null || { apt-get install -y -q python3-yaml > /dev/null; }

DIR=$WORK/kube
rm -rf "$DIR" && mkdir -p "$DIR"
kubectl kustomize k8s/base > "$DIR/rendered.yaml"
say "rendered k8s/base with kubectl kustomize: $(grep -c '^kind:' "$DIR/rendered.yaml") objects"

IPORT=$(free_port); MPORT=$(free_port)
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
python3 - "$DIR" "$SMOKE_IMAGE" "$SMOKE_BOOTSTRAP" "$IPORT" "$MPORT" <<'PY'
import json, sys, yaml
out, image, bootstrap, iport, mport = sys.argv[1:]
docs = list(yaml.safe_load_all(open(f"{out}/rendered.yaml")))
dep = next(d for d in docs if d["kind"] == "Deployment")
cm = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("meeting-media-gateway-config"))
patches = []
def patch(text): patches.append(text)
spec = dep["spec"]["template"]["spec"]
c = spec["containers"][0]
dep["spec"]["replicas"] = 1; patch("Deployment: replicas 2 -> 1")
c["image"] = image; patch(f"Deployment: image -> {image} (built by the smoke test)")
spec["hostNetwork"] = True; patch("Deployment: hostNetwork: true (this VM's containers reach the broker on loopback)")
c.pop("ports"); patch("Deployment: containerPorts removed (podman 4.3 refuses them with hostNetwork)")
for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
    c.pop(probe)
patch("Deployment: probes removed (podman 4.3 ignores startup/readiness and runs liveness with curl, which a JRE "
      "image lacks); the script polls /health/live and /health/ready itself")
for e in c["env"]:
    if e["name"] == "KAFKA_BOOTSTRAP_SERVERS":
        e["value"] = bootstrap
c["env"] += [{"name": "GATEWAY_PORT", "value": iport}, {"name": "GATEWAY_MANAGEMENT_PORT", "value": mport}]
patch(f"Deployment: env KAFKA_BOOTSTRAP_SERVERS={bootstrap}, GATEWAY_PORT={iport}, GATEWAY_MANAGEMENT_PORT={mport} "
      "(free ports: host network)")
c["volumeMounts"] = [m for m in c["volumeMounts"] if m["name"] != "kafka-cluster-ca"]
spec["volumes"] = [v for v in spec["volumes"] if v["name"] != "kafka-cluster-ca"]
patch("Deployment: Strimzi cluster-CA secret volume removed (a secret: volume crashes podman 4.3; plaintext broker)")
config = json.loads(cm["data"]["gateway.json"])
config["kafka"]["properties"] = {}
cm["data"]["gateway.json"] = json.dumps(config, indent=2)
patch("ConfigMap gateway.json: kafka.properties (SASL_SSL to Strimzi) -> {} for the plaintext test broker; "
      "everything else, tenants included, as rendered")
with open(f"{out}/play.yaml", "w") as f:
    yaml.safe_dump_all([cm, dep], f, sort_keys=False)
for p in patches:
    print("kube: patch  " + p)
print("kube: configmap " + cm["metadata"]["name"] + ", tenants " + json.dumps([t["id"] for t in config["tenants"]]))
PY

# Secrets first, with podman secret create: podman 4.3's kube play reads a secret for envFrom / secretKeyRef as a
# JSON map of key to base64 value (a Secret inside the played YAML is stored in a form it cannot read back)
secret() { # name key value
  printf '{"%s":"%s"}' "$2" "$(printf %s "$3" | base64 -w0)" | podman secret create "$1" - > /dev/null
}
podman secret rm meeting-media-gateway-tenants meeting-media-gateway > /dev/null 2>&1 || true
secret meeting-media-gateway-tenants TENANT_ACME_TOKEN "$TOKEN"
secret meeting-media-gateway sasl.jaas.config "unused-by-the-plaintext-test-broker"
say "podman secret create meeting-media-gateway-tenants (TENANT_ACME_TOKEN, random) and meeting-media-gateway"

cleanup() {
  podman kube down "$DIR/play.yaml" > /dev/null 2>&1 || true
  podman secret rm meeting-media-gateway-tenants meeting-media-gateway > /dev/null 2>&1 || true
}
trap cleanup EXIT
podman kube play "$DIR/play.yaml" > "$DIR/play.log" 2>&1 || { cat "$DIR/play.log"; fail "podman kube play"; }
CTR=$(podman ps -a --filter label=io.kubernetes.container.name=gateway --format '{{.Names}}' | head -1)
[[ -n $CTR ]] || CTR=$(podman ps -a --format '{{.Names}}' | grep -- '-gateway$' | head -1)
say "podman kube play: pod started, container $CTR"

ready=0
for _ in $(seq 1 90); do
  if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/health/live") == 200 && \
        $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/health/ready") == 200 ]]; then
    ready=1; break
  fi
  [[ $(podman inspect -f '{{.State.Running}}' "$CTR" 2> /dev/null) == true ]] || break
  sleep 1
done
(( ready )) || { podman logs "$CTR" 2>&1 | tail -30; fail "the pod's probes never passed"; }
say "PASS  probes: /health/live 200 and /health/ready 200 on :$MPORT"
[[ $(podman exec "$CTR" id -u) == 1001 ]] || fail "the pod does not run as 1001"
! podman exec "$CTR" sh -c 'echo x > /app/probe' 2> /dev/null || fail "the pod's root file system is writable"
podman logs "$CTR" > "$DIR/pod.log" 2>&1
grep -q '"message":"tenant authentication enabled"' "$DIR/pod.log" && grep -q '"acme"' "$DIR/pod.log" \
  || fail "the pod did not load the ConfigMap's tenant"
say "PASS  securityContext kept (uid 1001, read-only root fs); config from the ConfigMap (tenant acme, not the image's 'main')"

status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
  -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
  "http://127.0.0.1:$IPORT/ingest/attendee?token=made-up-token-0123456789")
[[ $status == 401 ]] || fail "a made-up token got $status, not 401"
say "PASS  a made-up token is refused with 401"

before=$(kcat -q -b "$SMOKE_BOOTSTRAP" -C -t meeting.video.frames -o beginning -e -f '%k\n' | wc -l)
java -jar "$DEV_JAR" simulate --vendor attendee --gateway "http://127.0.0.1:$IPORT" --token "$TOKEN" \
  --bots 1 --participants 1 --frames 4 --fps 4 --quiet > "$DIR/sim.log" 2>&1 || { cat "$DIR/sim.log"; fail "simulator"; }
kcat -q -b "$SMOKE_BOOTSTRAP" -C -t meeting.video.frames -o beginning -e -f '%k\t%h\n' | tail -n +$((before + 1)) \
  > "$DIR/frames.txt"
python3 - "$DIR/frames.txt" <<'PY' || fail "records from the pod"
import sys
lines = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]) if l.strip()]
assert len(lines) == 4, f"{len(lines)} records, expected 4"
for key, headers in lines:
    h = dict(kv.split("=", 1) for kv in headers.split(","))
    assert h["ce_tenant"] == "acme" and h["ce_vendor"] == "attendee", h
    assert h["content-type"] == "image/jpeg" and h["ce_partitionkey"] == key, h
print(f"kube: PASS  a simulated Attendee bot through the pod with the Secret's token: {len(lines)} records in "
      f"meeting.video.frames, key {lines[0][0]}, ce_tenant=acme ce_vendor=attendee content-type=image/jpeg")
PY

podman kube down "$DIR/play.yaml" > /dev/null 2>&1
say "podman kube down: pod removed"
