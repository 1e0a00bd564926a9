#!/usr/bin/env bash
# Sets up, builds and starts ovhmock on the shipped default fixtures. Builds the server
# only (scripts/test.sh builds the rest), saying what it does at each phase.
# Extra arguments go to the server (e.g. --port 0, --time-window 60); see --help.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --server >&2
bin="${OVHMOCK_BUILD_DIR:-build}/mock-server/ovhmock"
echo "serve: starting $bin" >&2
exec "$bin" --fixtures fixtures/default "$@"
