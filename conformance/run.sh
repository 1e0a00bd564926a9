#!/usr/bin/env bash
# Runs the conformance matrix: installs the drivers' dependencies when missing (setup.sh),
# then starts ovhmock and runs every driver over the scenarios (runner/run.py --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/setup.sh"
exec "$here/.deps/venv/bin/python" -u "$here/runner/run.py" "$@"
