# Sourced by run.sh and test.sh: makes sure what Bazaar needs from the machine is there.
# On Debian or Ubuntu it installs missing packages itself; elsewhere it says what to install.

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31merror: %s\033[0m\n' "$*" >&2; exit 1; }

# Debian package name -> a file that proves it is installed.
declare -A BAZAAR_PACKAGE_PROBES=(
  [postgresql]="/usr/lib/postgresql/*/bin/postgres"
  [rabbitmq-server]="/usr/lib/rabbitmq/bin/rabbitmq-server"
  [redis-server]="/usr/bin/redis-server"
  [nodejs]="/usr/bin/node"
  [npm]="/usr/bin/npm"
  [chromium]="/usr/bin/chromium"
)

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    fail "the .NET 10 SDK is not installed. Install it (https://learn.microsoft.com/dotnet/core/install/linux) and run this again."
  fi
  if ! dotnet --list-sdks | grep -q '^10\.'; then
    fail "a .NET 10 SDK is needed; found: $(dotnet --list-sdks | tr '\n' ' '). Install the .NET 10 SDK and run this again."
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# ensure_packages PACKAGE... : installs the missing ones with apt-get.
ensure_packages() {
  local missing=() package probe
  for package in "$@"; do
    probe=${BAZAAR_PACKAGE_PROBES[$package]:-}
    # shellcheck disable=SC2086 # the probe is a glob on purpose
    if [ -n "$probe" ] && compgen -G $probe >/dev/null; then continue; fi
    if [ -z "$probe" ] && dpkg -s "$package" >/dev/null 2>&1; then continue; fi
    missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if ! command -v apt-get >/dev/null 2>&1; then
    fail "missing: ${missing[*]}. This is not a Debian or Ubuntu machine: install PostgreSQL 15+, RabbitMQ 3.10+, Redis 7 (and Node.js for the mail sink) with your package manager, then run this again."
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "missing: ${missing[*]}; run as root or install sudo."
    sudo="sudo"
  fi

  say "installing ${missing[*]} (apt-get)"
  # The packages would start system-wide servers on their default ports where systemd runs;
  # Bazaar runs its own private ones, so keep the system ones from starting.
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && added_policy=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$added_policy" ] && $sudo rm -f "$policy"
  return 0
}

# ensure_maildev: the MailDev SMTP sink (npm) in .tools/, used by the launcher and the mail tests.
ensure_maildev() {
  [ -f .tools/node_modules/maildev/bin/maildev ] && return 0
  say "installing the MailDev mail sink into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error maildev@2.2.1 >/dev/null
}

# ensure_podman: podman configured as it works on this kind of machine (../shared/docs/containers.md):
# runc (crun refuses cgroups in hybrid mode), no default ulimits (setrlimit is not permitted in
# this sandbox), cgroupfs; catatonit, the pause process `kube play` builds its pods on. Also
# debootstrap, which makes the base image without any registry.
ensure_podman() {
  ensure_packages podman runc uidmap slirp4netns fuse-overlayfs debootstrap catatonit
  local conf=/etc/containers/containers.conf sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! grep -q 'cgroup_manager = "cgroupfs"' "$conf" 2>/dev/null; then
    say "configuring podman ($conf)"
    $sudo mkdir -p /etc/containers
    printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n' | $sudo tee "$conf" >/dev/null
  fi
}

# podman as every Bazaar script calls it.
bazaar_podman() { podman --runtime runc "$@"; }
