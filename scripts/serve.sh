#!/usr/bin/env bash
# Sets up, builds and starts ovhmock on the shipped default fixtures.
# Extra arguments go to the server (e.g. --port 0, --time-window 60); see --help.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >&2
exec "${OVHMOCK_BUILD_DIR:-build}/mock-server/ovhmock" --fixtures fixtures/default "$@"
