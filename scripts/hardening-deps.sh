#!/usr/bin/env bash
# Installs what the hardening checks need beyond scripts/setup.sh, when missing:
# clang 14 with its sanitizer and libFuzzer runtimes, llvm-symbolizer, python3-venv.
set -euo pipefail
packages=(clang-14 libclang-rt-14-dev llvm-14 python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "hardening: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
