#!/usr/bin/env bash
# The fault-injection suite at full scale: eight shoppers check out for several minutes while an
# instance of each service is SIGKILLed in turn, a RabbitMQ node is killed, and PostgreSQL and
# Redis restart; then every invariant is checked (docs/reliability.md). CI runs the same faults
# with four shoppers and fewer checkouts between them. Needs nothing running: the suite starts
# its own servers. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh

ensure_dotnet
ensure_packages postgresql rabbitmq-server redis-server nodejs npm
ensure_maildev

say "building"
dotnet build Bazaar.slnx -c Release -v quiet -nologo -clp:ErrorsOnly

say "injecting faults (a few minutes)"
begun=$SECONDS
BAZAAR_RESILIENCE_FULL=1 dotnet test tests/Resilience.Tests -c Release --no-build \
  --logger "console;verbosity=detailed" "$@"
say "fault-injection suite green in $((SECONDS - begun)) s"
