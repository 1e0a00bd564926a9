#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, end-to-end, conformance) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/setup-browser.sh  # Chromium and npm packages for the browser tests
ctest --test-dir "${OVHMOCK_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)" "$@"
./scripts/test-packages.sh  # builds the .deb and the wheel from build/, tests them outside the checkout (docs/packaging.md)
