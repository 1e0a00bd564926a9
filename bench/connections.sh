#!/usr/bin/env bash
# Keep-alive connections against one ovhmock: req/s, p50/p99 and errors of the signed
# GET /1.0/me at 1, 8, 64, 256 and 1,000 connections, then 8 working connections while
# 1,000 others are open and idle, for each --threads value given ("default": no --threads,
# the server's own default). Figures are reported, never asserted; a Markdown table goes to
# stdout, the raw results to bench/results/.
#
#   bench/connections.sh                 the server's default --threads
#   CONN_THREADS="default 2" bench/connections.sh
#
# Environment: CONN_DURATION (s per run, default 5), CONN_THREADS (default "default"),
# CONN_COUNTS (default "1 8 64 256 1000"), CONN_IDLE (idle connections, default 1000),
# CONN_RATE (total requests/s spread over the connections, open loop; default 0: each
# connection as fast as it can, closed loop), OVHMOCK_BUILD_DIR (default build).
#
# At maximum rate (closed loop) each of N connections waits for the N - 1 others, so the
# latency grows with N by construction; at a fixed rate (CONN_RATE) it shows what N
# connections themselves cost.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
OVHMOCK=$ROOT/$BUILD_DIR/mock-server/ovhmock
OVHLOAD=$ROOT/$BUILD_DIR/bench/ovhload
DURATION=${CONN_DURATION:-5}
THREADS=${CONN_THREADS:-default}
COUNTS=${CONN_COUNTS:-1 8 64 256 1000}
IDLE=${CONN_IDLE:-1000}
RATE=${CONN_RATE:-0}
OUT=$ROOT/bench/results/connections-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
log() { echo "connections: $*" >&2; }
for b in "$OVHMOCK" "$OVHLOAD"; do [ -x "$b" ] || {
  log "missing $b"
  exit 1
}; done
# Each connection is a file descriptor on both sides (and a thread in the load generator).
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

KEYS=(--ak 7kbG7Bk7S9Nt7ZSV --as Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA --ck a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
SID=""
IDLE_PID=""
cleanup() {
  [ -n "$IDLE_PID" ] && kill "$IDLE_PID" 2>/dev/null || true
  [ -n "$SID" ] && kill -TERM -- "-$SID" 2>/dev/null || true
  IDLE_PID=""
  SID=""
}
trap cleanup EXIT

run() { # NAME CONNECTIONS
  "$OVHLOAD" run --url "$URL" --path /1.0/me "${KEYS[@]}" --connections "$2" --duration "$DURATION" --warmup 1 --rate "$RATE" \
    --quiet --label "$1" --server-session "$SID" --json "$OUT/$1.json" || log "$1: no successful request"
}

for t in $THREADS; do
  log "--threads $t"
  threads_flag=(--threads "$t")
  [ "$t" = default ] && threads_flag=()
  setsid "$OVHMOCK" --port "$PORT" --fixtures fixtures/default --log-format off "${threads_flag[@]}" >/dev/null 2>&1 &
  SID=$!
  "$OVHLOAD" ready --url "$URL" --path /1.0/auth/time --since-ns "$(date +%s%N)" --timeout 30 --json - >/dev/null
  for c in $COUNTS; do
    log "  $c connections"
    run "t$t-c$c" "$c"
  done
  log "  8 connections while $IDLE others are open and idle"
  python3 - "$PORT" "$IDLE" "$OUT/t$t-idle.ready" <<'EOF_PY' &
import socket, sys, time
port, n, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
open(ready, "w").write(str(len(held)))
time.sleep(3600)
EOF_PY
  IDLE_PID=$!
  for _ in $(seq 300); do [ -f "$OUT/t$t-idle.ready" ] && break; sleep 0.1; done
  run "t$t-idle$IDLE-c8" 8
  kill "$IDLE_PID" 2>/dev/null || true
  wait "$IDLE_PID" 2>/dev/null || true
  IDLE_PID=""
  kill -TERM -- "-$SID" 2>/dev/null || true
  wait "$SID" 2>/dev/null || true
  SID=""
done

python3 - "$OUT" <<'EOF_PY'
import glob, json, os, sys
out = sys.argv[1]
rows = []
for p in sorted(glob.glob(os.path.join(out, "t*.json"))):
    r = json.load(open(p))
    rows.append((r["label"], r))
def key(item):
    label = item[0]
    t, rest = label[1:].split("-", 1)
    return (-1 if t == "default" else int(t), 1 if rest.startswith("idle") else 0, int(rest.split("c")[-1]))
print(f"| --threads | connections | served | req/s | p50 ms | p99 ms | max ms | errors | server CPU µs/req |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for label, r in sorted(rows, key=key):
    t, rest = label[1:].split("-", 1)
    conns = f"8 (+{rest[4:].split('-')[0]} idle)" if rest.startswith("idle") else rest[1:]
    lat = r["latency_ms"]
    cpu = r.get("server_cpu_us_per_request")
    print(f"| {t} | {conns} | {r.get('connections_served', '-')} | {r['rps']:.0f} | {lat['p50']:.2f} | {lat['p99']:.2f} | {lat['max']:.0f} | {r['errors']} |"
          + (f" {cpu:.1f} |" if cpu is not None and r["requests"] else " - |"))
json.dump({label: r for label, r in rows}, open(os.path.join(out, "connections.json"), "w"), indent=2)
EOF_PY
log "results in $OUT"
