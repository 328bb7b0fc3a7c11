#!/usr/bin/env bash
# Runs every Bazaar test against real PostgreSQL, Redis and RabbitMQ: one private stack is
# started for the whole run, handed to the test projects in environment variables, and
# stopped at the end, whatever happens. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_dotnet
ensure_packages postgresql rabbitmq-server redis-server nodejs npm chromium
ensure_maildev

say "building"
dotnet build Bazaar.slnx -c Release -v quiet -nologo -clp:ErrorsOnly

run_dir=$(mktemp -d /tmp/bazaar-test-run.XXXXXX)
chmod 755 "$run_dir"
infra_pid=""
stop_infra() {
  if [ -n "$infra_pid" ] && kill -0 "$infra_pid" 2>/dev/null; then
    kill -TERM "$infra_pid" 2>/dev/null || true
    wait "$infra_pid" 2>/dev/null || true
  fi
  rm -rf "$run_dir"
}
trap stop_infra EXIT

say "starting PostgreSQL, Redis and RabbitMQ for the tests"
dotnet src/AppHost/bin/Release/net10.0/Bazaar.AppHost.dll infra --dir "$run_dir/infra" --env-file "$run_dir/infra.env" &
infra_pid=$!
deadline=$((SECONDS + 120))
until [ -f "$run_dir/infra.env" ]; do
  kill -0 "$infra_pid" 2>/dev/null || fail "the test infrastructure did not start (see above)"
  [ $SECONDS -lt $deadline ] || fail "the test infrastructure was not up after 120 s"
  sleep 0.2
done
# shellcheck disable=SC1091
source "$run_dir/infra.env"

# The suites that start the whole platform (eleven services, a browser for the web, two instances
# of each and servers of its own for the faults) run after the others, one at a time: beside every
# other suite on two cores, their pages and deadlines were the part of CI that flaked. The other
# suites run two at a time, as before.
whole_platform=(tests/Platform.Tests tests/Resilience.Tests tests/Web.Tests)
say "testing the services"
failed=0
find tests -maxdepth 2 -name '*.Tests.csproj' -printf '%h\n' | sort \
  | grep -v -x -F "${whole_platform[@]/#/-e}" \
  | xargs -P 2 -I{} dotnet test {} -c Release --no-build "$@" || failed=1
for suite in "${whole_platform[@]}"; do
  say "testing ${suite#tests/}"
  dotnet test "$suite" -c Release --no-build "$@" || failed=1
done
exit "$failed"
