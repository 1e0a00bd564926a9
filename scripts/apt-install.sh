#!/usr/bin/env bash
# Installs the given Debian packages that are not installed yet (a no-op when all are), for
# every script of the project that needs Debian packages. Waits for the dpkg lock when another
# install runs. Prints one line, "LABEL: installing Debian packages: …", when it installs.
# Usage: scripts/apt-install.sh LABEL [--no-install-recommends] PACKAGE...
set -euo pipefail
label=$1
shift
options=()
if [ "${1:-}" = --no-install-recommends ]; then
  options+=(--no-install-recommends)
  shift
fi
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "$label: installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${options[@]}" \
  "${missing[@]}" >/dev/null
