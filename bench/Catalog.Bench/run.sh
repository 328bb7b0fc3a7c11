#!/usr/bin/env bash
# One Catalog bench run as docs/performance.md reports it: private infrastructure, a seeded Catalog
# and a gateway in Production, the ceiling checked to answer the service's JSON, then the bench.
# Extra arguments go to the bench before its defaults (16 clients, 8 s, 3 rounds), so they win. Built with Release first:
#   dotnet build Bazaar.slnx -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh
ensure_packages postgresql rabbitmq-server redis-server jq
work=$(mktemp -d /tmp/catalog-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet src/AppHost/bin/Release/net10.0/Bazaar.AppHost.dll infra --dir "$work/infra" --env-file "$work/infra.env" > "$work/infra.log" 2>&1 &
pids+=($!)
until [ -f "$work/infra.env" ]; do sleep 0.5; done
# shellcheck disable=SC1091
source "$work/infra.env"
port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<< "$BAZAAR_POSTGRES")
psql "host=127.0.0.1 port=$port user=postgres dbname=postgres" -qc "CREATE DATABASE catalog"
PG="${BAZAAR_POSTGRES/Database=postgres/Database=catalog}"

(cd src/Catalog/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__postgres="$PG" \
  ConnectionStrings__redis="$BAZAAR_REDIS" ConnectionStrings__rabbitmq="$BAZAAR_RABBITMQ" Catalog__SeedDemoData=true \
  ASPNETCORE_URLS=http://127.0.0.1:15602 dotnet Bazaar.Catalog.dll) > "$work/catalog.log" 2>&1 &
catalog=$!; pids+=($catalog)
(cd src/Gateway/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production RateLimits__PermitsPerMinute=100000000 \
  ReverseProxy__Clusters__catalog__Destinations__primary__Address=http://127.0.0.1:15602 \
  ASPNETCORE_URLS=http://127.0.0.1:15002 dotnet Bazaar.Gateway.dll) > "$work/gateway.log" 2>&1 &
gateway=$!; pids+=($gateway)
until curl -sf "http://127.0.0.1:15602/api/products?pageSize=1" > /dev/null; do sleep 1; done
until curl -sf "http://127.0.0.1:15002/api/products?pageSize=1" > /dev/null; do sleep 1; done

# The ceiling must answer what the service answers, or it bounds something else.
bench=bench/Catalog.Bench/bin/Release/net10.0/Bazaar.Catalog.Bench.dll
(sleep 60 | dotnet "$bench" --serve-ceiling "$PG" > "$work/ceiling.url") &
until [ -s "$work/ceiling.url" ]; do sleep 0.5; done
ceiling=$(head -1 "$work/ceiling.url")
id=$(curl -s "$ceiling/api/products?pageSize=1" | jq -r '.items[0].id')
for path in "/api/products?page=2&pageSize=20" "/api/products?q=wirel&pageSize=20" "/api/products?q=running%20shoes&pageSize=20" "/api/products/$id"; do
  diff <(curl -s "http://127.0.0.1:15602$path" | jq -S .) <(curl -s "$ceiling$path" | jq -S .) > /dev/null \
    || { echo "the ceiling answers $path differently from the service" >&2; exit 1; }
done
echo "the ceiling answers as the service does (list, two searches, get)"

dotnet "$bench" http://127.0.0.1:15602 "$@" --gateway http://127.0.0.1:15002 --ceiling "$PG" \
  --catalog-pid "$catalog" --gateway-pid "$gateway" --concurrency 16 --duration 8 --rounds 3 "$@"
