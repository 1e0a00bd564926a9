#!/usr/bin/env bash
# Benchmark of the real client libraries against ovhmock: N signed calls per client (default
# 300) and pure signing where the library exposes its signer. Writes bench/results/clients.json
# and clients.md. Timings are measured, never asserted.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-300}"
[ $# -gt 0 ] && shift
exec "$here/run.sh" --no-scenarios --bench "$n" -j 1 "$@"
