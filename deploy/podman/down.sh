#!/usr/bin/env bash
# Stops what deploy/podman/up.sh started: the played pods, then MailDev and the infrastructure.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh
state=deploy/.build/podman
if [ -f "$state/bazaar.yaml" ]; then
  say "removing the played pods (podman kube down)"
  bazaar_podman kube down "$state/bazaar.yaml" >/dev/null || true
fi
for name in maildev infra; do
  if [ -f "$state/$name.pid" ]; then
    pid=$(cat "$state/$name.pid")
    kill -TERM "$pid" 2>/dev/null && for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
rm -rf "$state"
say "stopped"
