#!/usr/bin/env bash
# Plays Bazaar on this machine from its images and the Kubernetes manifests (overlay podman):
# builds the images (deploy/images.sh), starts private PostgreSQL, Redis, RabbitMQ (the
# launcher's `infra`) and MailDev, renders deploy/k8s/overlays/podman with this run's connection
# strings, random client secrets and the image tag, plays it with `podman kube play`, and waits
# until every service is ready. deploy/podman/down.sh stops it all.
#   deploy/podman/up.sh [--no-build]    --no-build: use the images of the last deploy/images.sh
# The gateway answers on http://127.0.0.1:5000, MailDev on http://127.0.0.1:1080.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh

build=1
[ "${1:-}" = "--no-build" ] && build=0
state=deploy/.build/podman
[ ! -f "$state/bazaar.yaml" ] || fail "a played platform is up already ($state); deploy/podman/down.sh first"

ensure_dotnet
ensure_podman
ensure_packages postgresql rabbitmq-server redis-server nodejs npm
ensure_maildev
mapfile -t deployables < <(grep -oP 'new\("\K[a-z]+", "[A-Za-z]+", \d+' src/AppHost/Platform.cs | tr -d '",' )
for entry in "${deployables[@]}"; do
  read -r _ _ port <<<"$entry"
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "port $port is taken (./run.sh running?): stop it first"
done

started=$SECONDS
if [ $build -eq 1 ] || [ ! -f deploy/.build/tag ]; then deploy/images.sh; fi
tag=$(cat deploy/.build/tag)

say "starting PostgreSQL, Redis, RabbitMQ and MailDev"
dotnet build src/AppHost -c Release -v quiet -nologo -clp:ErrorsOnly >/dev/null
rm -rf "$state" && mkdir -p "$state/render"
setsid dotnet src/AppHost/bin/Release/net10.0/Bazaar.AppHost.dll infra --dir "$PWD/$state/infra" --env-file "$state/infra.env" >"$state/infra.log" 2>&1 &
echo $! >"$state/infra.pid"
setsid node .tools/node_modules/maildev/bin/maildev --smtp 1025 --ip 127.0.0.1 --web 1080 --web-ip 127.0.0.1 >"$state/maildev.log" 2>&1 &
echo $! >"$state/maildev.pid"
deadline=$((SECONDS + 120))
until [ -f "$state/infra.env" ]; do
  [ $SECONDS -lt $deadline ] || fail "the infrastructure was not up after 120 s ($state/infra.log)"
  sleep 0.5
done
# shellcheck disable=SC1091
source "$state/infra.env"

say "rendering deploy/k8s/overlays/podman (tag $tag)"
render="$state/render"
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources: [../../../k8s/overlays/podman]"
  echo "secretGenerator:"
  for entry in "${deployables[@]}"; do
    read -r service _ _ <<<"$entry"
    echo "  - {name: $service-secrets, behavior: replace, envs: [$service.env], options: {disableNameSuffixHash: true}}"
  done
  # Debian's podman (4.3) turns a containerPort into a port mapping, which host networking
  # refuses ("PortMappings can only be used with Bridge or slirp4netns networking"); each service
  # binds its port itself (ASPNETCORE_URLS), so the declaration goes for this play only.
  echo "patches:"
  echo "  - target: {kind: Deployment}"
  echo "    patch: '[{\"op\": \"remove\", \"path\": \"/spec/template/spec/containers/0/ports\"}]'"
  echo "images:"
  for entry in "${deployables[@]}"; do
    read -r service _ _ <<<"$entry"
    echo "  - {name: bazaar/$service, newName: localhost/bazaar/$service, newTag: \"$tag\"}"
  done
} >"$render/kustomization.yaml"
declare -A secret
for entry in "${deployables[@]}"; do
  read -r service _ _ <<<"$entry"
  secret[$service]=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
done
for entry in "${deployables[@]}"; do
  read -r service _ _ <<<"$entry"
  # The committed local values, with this run's servers and secrets put in.
  while IFS= read -r line; do
    case "$line" in
      '#'* | '') continue ;;
      ConnectionStrings__postgres=*) database=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$line")
        echo "ConnectionStrings__postgres=${BAZAAR_POSTGRES/Database=postgres/Database=$database}" ;;
      ConnectionStrings__redis=*) echo "ConnectionStrings__redis=$BAZAAR_REDIS" ;;
      ConnectionStrings__rabbitmq=*) echo "ConnectionStrings__rabbitmq=$BAZAAR_RABBITMQ" ;;
      *=local-podman-*) key=${line%%=*}; client=${line##*=local-podman-}; echo "$key=${secret[$client]}" ;;
      *) echo "$line" ;;
    esac
  done <"deploy/k8s/overlays/podman/secrets/$service.env" >"$render/$service.env"
done
# Debian's podman (4.3) does not read Secret objects of the YAML back ("not valid JSON"); it reads
# podman secrets holding a JSON object of base64 values. So the Secrets become podman secrets of
# the same names, and the played YAML keeps everything else.
kubectl kustomize "$render" | awk 'BEGIN { RS = "\n---\n"; ORS = "\n---\n" } !/(^|\n)kind: Secret\n/' >"$state/bazaar.yaml"
for entry in "${deployables[@]}"; do
  read -r service _ _ <<<"$entry"
  json=""
  while IFS= read -r line; do
    json+="${json:+,}\"${line%%=*}\":\"$(printf '%s' "${line#*=}" | base64 -w0)\""
  done <"$render/$service.env"
  bazaar_podman secret rm "$service-secrets" >/dev/null 2>&1 || true
  printf '{%s}' "$json" | bazaar_podman secret create "$service-secrets" - >/dev/null
done

say "playing it (podman kube play)"
# Pods a broken earlier play left behind carry the same names: gone first.
for entry in "${deployables[@]}"; do
  read -r service _ _ <<<"$entry"
  bazaar_podman pod rm -f "$service-pod-0" >/dev/null 2>&1 || true
done
bazaar_podman kube play --network host "$state/bazaar.yaml" >"$state/play.log"

for entry in "${deployables[@]}"; do
  read -r service _ port <<<"$entry"
  deadline=$((SECONDS + 240))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if [ $SECONDS -ge $deadline ]; then
      bazaar_podman ps -a --format '{{.Names}} {{.Status}}' | grep -i "$service" || true
      fail "$service not ready on port $port after 240 s (podman logs of its pod tell why)"
    fi
    sleep 1
  done
done
say "Bazaar is up from its images in $((SECONDS - started)) s: http://127.0.0.1:5000 (mail: http://127.0.0.1:1080). deploy/podman/down.sh stops it."
