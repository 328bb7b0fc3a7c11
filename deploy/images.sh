#!/usr/bin/env bash
# Builds the image of every Bazaar deployable with podman, from a clean clone:
#   deploy/images.sh                 every service, tagged bazaar/<service>:<git sha>
#   deploy/images.sh cart ordering   only these
#   BAZAAR_IMAGE_BASE=mcr.microsoft.com/dotnet/aspnet:10.0 deploy/images.sh
#                                    a public .NET runtime image as the base, where a registry is
#                                    reachable (here none is: the base is made from Debian packages)
# Prints each image's size and the time taken. The tag is the commit; a tree with uncommitted
# changes gets "<sha>-dirty", so an image never claims a commit it was not built from.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh

ensure_dotnet
ensure_podman
started=$SECONDS

tag=$(git rev-parse --short=12 HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || tag="$tag-dirty"
work=deploy/.build
mkdir -p "$work"

# The deployables and their projects, from the launcher's list (src/AppHost/Platform.cs).
mapfile -t deployables < <(grep -oP 'new\("\K[a-z]+", "[A-Za-z]+' src/AppHost/Platform.cs | tr -d '" ' | tr ',' ' ')
wanted=("$@")

runtime_version=$(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App 10\./ {v=$2} END {print v}')
[ -n "$runtime_version" ] || fail "no ASP.NET Core 10 runtime beside the SDK"
base=${BAZAAR_IMAGE_BASE:-localhost/bazaar-runtime:$runtime_version}

if [ -z "${BAZAAR_IMAGE_BASE:-}" ] && ! bazaar_podman image exists "$base"; then
  if ! bazaar_podman image exists localhost/bazaar-base:bookworm; then
    say "making the Debian base image (debootstrap, about a minute)"
    rootfs=$(mktemp -d /tmp/bazaar-rootfs.XXXXXX)
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates,tzdata \
      bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >/dev/null
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | bazaar_podman import - localhost/bazaar-base:bookworm >/dev/null 2>&1
    rm -rf "$rootfs"
  fi
  say "making the .NET $runtime_version runtime image"
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  context="$work/runtime"
  rm -rf "$context" && mkdir -p "$context/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$context/dotnet/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$context/dotnet/shared/$framework"
    cp -a "$dotnet_root/shared/$framework/$runtime_version" "$context/dotnet/shared/$framework/"
  done
  bazaar_podman build --network host -q -f deploy/runtime.Containerfile -t "$base" "$context" >/dev/null
fi

printf '%-14s %-40s %10s %8s\n' service image size seconds
for entry in "${deployables[@]}"; do
  read -r service project <<<"$entry"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $service "* ]]; then continue; fi
  begun=$SECONDS
  context="$work/$service"
  rm -rf "$context" && mkdir -p "$context"
  dotnet publish "src/$project" -c Release -o "$context/publish" -p:UseAppHost=false -v quiet -nologo -clp:ErrorsOnly >/dev/null
  image="bazaar/$service:$tag"
  bazaar_podman build --network host -q -f deploy/Containerfile \
    --build-arg BASE="$base" --build-arg SERVICE="$service" --build-arg ASSEMBLY="Bazaar.$project" \
    --build-arg REVISION="$tag" -t "$image" "$context" >/dev/null
  size=$(bazaar_podman image inspect "$image" --format '{{.Size}}')
  printf '%-14s %-40s %7s MB %8s\n' "$service" "$image" "$((size / 1000000))" "$((SECONDS - begun))"
done
say "images built in $((SECONDS - started)) s (tag $tag)"
echo "$tag" > "$work/tag"
