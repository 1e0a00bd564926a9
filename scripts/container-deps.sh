#!/usr/bin/env bash
# Installs what building and testing the container image needs (Debian packages): podman to
# build it, ca-certificates for the image's CA bundle, iproute2 for the image test's network
# namespace. Fast when everything is already there. On failure the last line says why.
set -euo pipefail

packages=(podman ca-certificates iproute2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null || { echo "no apt-get to install ${missing[*]}"; exit 1; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null || { echo "not root and no sudo to install ${missing[*]}"; exit 1; }
  SUDO="sudo -n"
fi
echo "container-deps: installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
         -o DPkg::Lock::Timeout=300 "${missing[@]}"; } >"$log" 2>&1; then
  reason=$(grep -E '^(E|W):' "$log" | tail -1)
  echo "apt-get could not install ${missing[*]}: ${reason:-$(tail -1 "$log")}"
  exit 1
fi
