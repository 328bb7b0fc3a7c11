#!/usr/bin/env bash
# The newcomer's journey against Bazaar played from its images: up.sh, the journey test
# (tests/Deploy.Tests, PlayedJourneyTests), down.sh whatever happens. Prints the time each took.
#   deploy/podman/journey.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh
trap 'deploy/podman/down.sh' EXIT
begun=$SECONDS
deploy/podman/up.sh "$@"
played=$SECONDS
dotnet build tests/Deploy.Tests -c Release -v quiet -nologo -clp:ErrorsOnly >/dev/null
BAZAAR_PLAYED_GATEWAY=http://127.0.0.1:5000 BAZAAR_PLAYED_MAIL=http://127.0.0.1:1080 \
  dotnet test tests/Deploy.Tests -c Release --no-build --filter "FullyQualifiedName~PlayedJourneyTests"
say "journey green: up in $((played - begun)) s, journey in $((SECONDS - played)) s"
