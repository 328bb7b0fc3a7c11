#!/usr/bin/env bash
# Stops what deploy/podman/up.sh started: the played pods, then MailDev and the infrastructure.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh
state=deploy/.build/podman
if [ -f "$state/bazaar.yaml" ]; then
  say "removing the played pods (podman kube down)"
  bazaar_podman kube down "$state/bazaar.yaml" >/dev/null 2>&1 || true
fi
# kube down stops at the first pod it cannot find: whatever a broken play left goes by name.
for service in $(grep -oP 'new\("\K[a-z]+' src/AppHost/Platform.cs); do
  bazaar_podman pod rm -f "$service-pod-0" >/dev/null 2>&1 || true
done
for secret in $(bazaar_podman secret ls --format '{{.Name}}' 2>/dev/null | grep -- '-secrets$'); do
  bazaar_podman secret rm "$secret" >/dev/null 2>&1 || true
done
for name in maildev infra; do
  if [ -f "$state/$name.pid" ]; then
    pid=$(cat "$state/$name.pid")
    kill -TERM "$pid" 2>/dev/null && for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
rm -rf "$state"
say "stopped"
