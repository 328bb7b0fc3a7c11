#!/usr/bin/env bash
# Starts the whole Bazaar platform: private PostgreSQL, RabbitMQ, Redis and a mail sink, then
# every service. The gateway answers on http://127.0.0.1:5000. Ctrl+C stops everything.
#   ./run.sh         the services run in Production: a 500 tells its caller nothing of the code
#   ./run.sh --dev   in Development, and a 500 answer carries its exception (for a developer only)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

launch=(run)
for arg in "$@"; do
  case "$arg" in
    --dev) launch=(run --dev) ;;
    -h | --help) sed -n '2,5s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) fail "unknown option: $arg (usage: ./run.sh [--dev])" ;;
  esac
done

ensure_dotnet
ensure_packages postgresql rabbitmq-server redis-server nodejs npm

ensure_maildev || echo "MailDev could not be installed; the platform runs, but mail goes nowhere."

say "building"
dotnet build Bazaar.slnx -c Release -v quiet -nologo -clp:ErrorsOnly

say "starting (Ctrl+C stops everything)"
exec dotnet src/AppHost/bin/Release/net10.0/Bazaar.AppHost.dll "${launch[@]}"
