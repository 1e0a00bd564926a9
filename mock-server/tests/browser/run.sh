#!/usr/bin/env bash
# Runs the browser tests of the credential pages: run.sh OVHMOCK_BINARY FIXTURES_DIR.
# Fails (never skips) when Chromium or the npm packages are missing: scripts/setup-browser.sh
# installs both.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 2 ] || { echo "usage: run.sh OVHMOCK_BINARY FIXTURES_DIR" >&2; exit 2; }
export OVHMOCK_BINARY="$(realpath "$1")" OVHMOCK_FIXTURES="$(realpath "$2")"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "browser tests: no Chromium at $CHROMIUM; run scripts/setup-browser.sh (apt-get install chromium)" >&2
  exit 1
fi
if ! command -v node >/dev/null; then
  echo "browser tests: node is not installed; run scripts/setup-browser.sh" >&2
  exit 1
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "browser tests: playwright-core needs node 20 or later (found $(node --version))" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "browser tests: playwright-core is not installed; run scripts/setup-browser.sh (npm ci in $here)" >&2
  exit 1
fi
cd "$here"
exec node --test --test-reporter=spec pages.test.mjs
