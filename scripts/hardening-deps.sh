#!/usr/bin/env bash
# Installs what the hardening checks need beyond scripts/setup.sh, when missing:
# clang 14 with its sanitizer and libFuzzer runtimes, llvm-symbolizer, python3-venv.
set -euo pipefail
packages=(clang-14 libclang-rt-14-dev llvm-14 python3-venv)
"$(dirname "$0")/apt-install.sh" hardening "${packages[@]}" >&2
