#!/usr/bin/env bash
# Starts the whole Bazaar platform: private PostgreSQL, RabbitMQ, Redis and a mail sink, then
# every service. The gateway answers on http://127.0.0.1:5000. Ctrl+C stops everything.
#   ./run.sh         the services run in Production: a 500 tells its caller nothing of the code
#   ./run.sh --dev   in Development, and a 500 answer carries its exception (for a developer only)
#   ./run.sh --replicas N   N instances of every service but the gateway and the storefront (1 to 9)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

launch=(run)
while [ $# -gt 0 ]; do
  case "$1" in
    --dev) launch+=(--dev) ;;
    --replicas)
      [[ "${2:-}" =~ ^[1-9]$ ]] || fail "--replicas takes a number from 1 to 9"
      launch+=(--replicas "$2"); shift ;;
    -h | --help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) fail "unknown option: $1 (usage: ./run.sh [--dev] [--replicas N])" ;;
  esac
  shift
done

ensure_dotnet
ensure_packages postgresql rabbitmq-server redis-server nodejs npm

ensure_maildev || echo "MailDev could not be installed; the platform runs, but mail goes nowhere."

say "building"
dotnet build Bazaar.slnx -c Release -v quiet -nologo -clp:ErrorsOnly

say "starting (Ctrl+C stops everything)"
exec dotnet src/AppHost/bin/Release/net10.0/Bazaar.AppHost.dll "${launch[@]}"
