#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, end-to-end, conformance) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/setup-browser.sh  # Chromium and npm packages for the browser tests
trap './scripts/ctest-skipped.py' EXIT  # once ctest has run: the tests it skipped, and why
ctest --test-dir "${OVHMOCK_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)" "$@"
./scripts/test-image.sh  # the container image, its file system run without a container runtime (docs/container.md)
./scripts/test-helpers.sh  # Go and Node.js test helpers (go/ovhmocktest, node/, examples/node) against that server
./scripts/test-packages.sh  # builds the .deb and the wheel from build/, tests them outside the checkout (docs/packaging.md)
./scripts/test-sms-clients.sh  # Symfony's OvhCloud Notifier transport and python-ovh send SMS, checked through /__admin/sms (docs/sms.md)
