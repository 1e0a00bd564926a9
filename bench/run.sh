#!/usr/bin/env bash
# The whole benchmark in one command: installs what it needs (idempotent), builds,
# runs the microbenchmarks, the ovhmock load scenarios, and the side-by-side with nginx,
# WireMock and Prism (same load generator, same request, same response body), then
# writes bench/results/*.json, a Markdown table, an SVG chart and the README section.
# Loopback only. Figures are reported, never asserted.
#
#   bench/run.sh                 full run (a few minutes)
#   BENCH_DURATION=2 bench/run.sh   shorter scenarios
#
# Environment: BENCH_DURATION (s per scenario, default 5), BENCH_WARMUP (s, default 1),
# BENCH_PEER_WARMUP (s before the side-by-side max-rate run of every server, default 10:
# the JVM and Node peers need it), BENCH_CONNECTIONS (default 8), BENCH_FIXED_RATE (req/s
# of the fixed-rate runs, default 250, which every peer sustains here), BENCH_SKIP_PEERS=1
# (ovhmock only), BENCH_NO_README=1 (leave README.md alone), BENCH_CLIENTS=N (also the
# client-library table from conformance/bench-clients.sh N; off by default).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${BENCH_DURATION:-5}
WARMUP=${BENCH_WARMUP:-1}
PEER_WARMUP=${BENCH_PEER_WARMUP:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
FIXED_RATE=${BENCH_FIXED_RATE:-250}
BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
COMPARE=$ROOT/bench/compare
RESULTS=$ROOT/bench/results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN=$RESULTS/run-$STAMP
mkdir -p "$RUN"

log() { echo "bench: $*" >&2; }

# ---------------------------------------------------------------- install (idempotent)
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  # RUNLEVEL=1: do not start the system nginx service; this script runs its own instance.
  "${sudo[@]}" env RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

./scripts/setup.sh >&2
apt_install procps openssl
command -v python3 >/dev/null || apt_install python3
if [ -z "${BENCH_SKIP_PEERS:-}" ]; then
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v npm >/dev/null || apt_install nodejs npm
  # npm peers pinned by bench/compare/package-lock.json, into bench/compare/node_modules.
  if [ ! -x "$COMPARE/node_modules/.bin/prism" ] || [ ! -f "$COMPARE/node_modules/wiremock/build/wiremock-standalone-3.13.2.jar" ] ||
    [ "$COMPARE/package-lock.json" -nt "$COMPARE/node_modules/.package-lock.json" ]; then
    log "npm ci (wiremock, @stoplight/prism-cli)"
    (cd "$COMPARE" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
OVHMOCK=$ROOT/$BUILD_DIR/mock-server/ovhmock
OVHLOAD=$ROOT/$BUILD_DIR/bench/ovhload
MICRO=$ROOT/$BUILD_DIR/bench/ovhmock_micro_bench
for b in "$OVHMOCK" "$OVHLOAD" "$MICRO"; do
  [ -x "$b" ] || { log "missing $b (is OVHMOCK_BUILD_BENCH on?)"; exit 1; }
done

# The unrestricted validated key of fixtures/default.
KEYS=(--ak 7kbG7Bk7S9Nt7ZSV --as Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA --ck a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b)
ZONE=${BENCH_ZONE:-example.com}
RECORD_BODY='{"fieldType":"TXT","subDomain":"bench","target":"ovhmock-bench","ttl":60}'

# ---------------------------------------------------------------- helpers
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }

# Process ids of a server started with setsid (its session).
session_pids() { pgrep -s "$1" 2>/dev/null || true; }
# Sum over the session of a /proc/PID/status field (kB): VmRSS now, VmHWM the peak.
session_kb() {
  local sid=$1 field=$2 total=0 v
  for p in $(session_pids "$sid"); do
    v=$(awk -v f="$field:" '$1==f{print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

SERVER_SID=""
stop_server() {
  [ -n "$SERVER_SID" ] || return 0
  kill -TERM -- "-$SERVER_SID" 2>/dev/null || true
  for _ in $(seq 50); do
    [ -z "$(session_pids "$SERVER_SID")" ] && break
    sleep 0.1
  done
  kill -KILL -- "-$SERVER_SID" 2>/dev/null || true
  SERVER_SID=""
}
trap stop_server EXIT

# start_server NAME URL PATH -- command...: starts in its own session, waits for the first
# 200 on PATH (signed request, as the load will send), writes NAME.server.json.
start_server() {
  local name=$1 url=$2 path=$3
  shift 4
  local t0
  t0=$(now_ns)
  setsid "$@" >"$RUN/$name.stdout.log" 2>"$RUN/$name.stderr.log" &
  SERVER_SID=$!
  local ready
  if ! ready=$("$OVHLOAD" ready --url "$url" --path "$path" "${KEYS[@]}" --since-ns "$t0" --timeout 120 --insecure \
    --json -); then
    log "$name did not become ready; see $RUN/$name.stderr.log"
    stop_server
    return 1
  fi
  sleep 0.5 # settle, then the idle footprint
  local idle
  idle=$(session_kb "$SERVER_SID" VmRSS)
  python3 - "$RUN/$name.server.json" "$ready" "$idle" "$name" "$*" <<'EOF'
import json, sys
out, ready, idle, name, cmd = sys.argv[1:]
json.dump({"server": name, "ready_ms": json.loads(ready)["ready_ms"], "idle_rss_kb": int(idle), "command": cmd},
          open(out, "w"), indent=2)
EOF
  log "$name ready in $(python3 -c "import json,sys; print(round(json.load(open('$RUN/$name.server.json'))['ready_ms'],1))") ms, idle RSS ${idle} kB"
}

# Peak RSS of the running server's session (sum of each process's VmHWM), into NAME.server.json.
record_peak() {
  local name=$1 peak
  peak=$(session_kb "$SERVER_SID" VmHWM)
  python3 - "$RUN/$name.server.json" "$peak" <<'EOF'
import json, sys
p, peak = sys.argv[1], int(sys.argv[2])
d = json.load(open(p)); d["peak_rss_kb"] = peak; json.dump(d, open(p, "w"), indent=2)
EOF
}

# load NAME URL [ovhload options]: one scenario into NAME.json (warm-up: $LOAD_WARMUP if set).
load() {
  local name=$1 url=$2
  shift 2
  # HTTPS: verified against ovhmock's CA when TLS_CA is set (the peers speak HTTP only).
  local tls=(--insecure)
  [ -n "${TLS_CA:-}" ] && tls=(--cacert "$TLS_CA")
  "$OVHLOAD" run --url "$url" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "${LOAD_WARMUP:-$WARMUP}" \
    --label "$name" --json "$RUN/$name.json" "${tls[@]}" ${SERVER_SID:+--server-session "$SERVER_SID"} "$@" ||
    log "scenario $name had no successful request"
}

# ---------------------------------------------------------------- machine
python3 - "$RUN/machine.json" "$DURATION" "$WARMUP" "$CONNECTIONS" "$FIXED_RATE" "$PEER_WARMUP" <<'EOF'
import json, os, platform, sys
out, duration, warmup, conns, rate, peer_warmup = sys.argv[1:]
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
json.dump({"nproc": os.cpu_count(), "cpu_model": model, "mem_total_kb": mem, "kernel": platform.release(),
           "loadavg_at_start": os.getloadavg(), "duration_s": float(duration), "warmup_s": float(warmup),
           "connections": int(conns), "fixed_rate": float(rate),
           "peer_warmup_s": float(peer_warmup)}, open(out, "w"), indent=2)
EOF

# ---------------------------------------------------------------- microbenchmarks
log "microbenchmarks"
"$MICRO" --benchmark_min_time=0.2 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$RUN/micro.json" --benchmark_out_format=json --ratios_out="$RUN/micro_ratios.json" >&2

# Instructions per request of the same in-process cases (callgrind: independent of the load).
INSTR=$ROOT/$BUILD_DIR/bench/ovhmock_instr_bench
if [ -x "$INSTR" ]; then
  log "instruction counts (bench/instructions.sh)"
  INSTR_JSON="$RUN/instructions.json" OVHMOCK_BUILD_DIR="$BUILD_DIR" "$ROOT/bench/instructions.sh" >&2 ||
    log "instruction counts failed"
else
  log "missing $INSTR: instruction counts skipped"
fi

# ---------------------------------------------------------------- ovhmock scenarios
HELP=$("$OVHMOCK" --help)
has_flag() { grep -q -- "$1" <<<"$HELP"; }

# The signed GET every server answers: /1.0/me once the /me route exists, else the
# current credential (the route the foundation has).
OVH_PORT=$(free_port)
OVH_URL=http://127.0.0.1:$OVH_PORT
probe_sid=""
setsid "$OVHMOCK" --port "$OVH_PORT" --fixtures fixtures/default >/dev/null 2>&1 &
probe_sid=$!
"$OVHLOAD" ready --url "$OVH_URL" --path /1.0/auth/time --timeout 30 --json - >/dev/null
GET_PATH=/1.0/me
if ! "$OVHLOAD" fetch --url "$OVH_URL" --path "$GET_PATH" "${KEYS[@]}" >"$RUN/body.json" 2>/dev/null; then
  GET_PATH=/1.0/auth/currentCredential
  "$OVHLOAD" fetch --url "$OVH_URL" --path "$GET_PATH" "${KEYS[@]}" >"$RUN/body.json"
fi
HAS_RECORD=1
"$OVHLOAD" fetch --url "$OVH_URL" --method POST --path "/1.0/domain/zone/$ZONE/record" --body "$RECORD_BODY" \
  "${KEYS[@]}" >/dev/null 2>&1 || HAS_RECORD=0
kill -TERM -- "-$probe_sid" 2>/dev/null || true
wait "$probe_sid" 2>/dev/null || true
log "signed GET route: $GET_PATH ($(wc -c <"$RUN/body.json") body bytes); record creation: $([ $HAS_RECORD = 1 ] && echo yes || echo 'no route')"
echo "{\"get_path\": \"$GET_PATH\", \"record_route\": $([ $HAS_RECORD = 1 ] && echo true || echo false)}" >"$RUN/routes.json"

# Flags of this build: the journal switch, the access log, TLS (issue-dependent, so detected).
BASE_ARGS=(--port "$OVH_PORT" --fixtures fixtures/default)
LOG_OFF=()
has_flag --log-format && LOG_OFF=(--log-format off)
JOURNAL_OFF=()
has_flag --journal-size && JOURNAL_OFF=(--journal-size 0)
TLS_ARGS=()
has_flag --tls-ca-out && TLS_ARGS=(--tls --tls-ca-out "$RUN/ca.pem")

# ovhmock_scenarios TAG URL: the ovhmock load matrix on a running server.
ovhmock_scenarios() {
  local tag=$1 url=$2
  LOAD_WARMUP=$PEER_WARMUP load "ovhmock-$tag-get" "$url" --path "$GET_PATH" "${KEYS[@]}"
  [ $HAS_RECORD = 1 ] && load "ovhmock-$tag-record" "$url" --method POST --path "/1.0/domain/zone/$ZONE/record" \
    --body "$RECORD_BODY" "${KEYS[@]}"
  load "ovhmock-$tag-time" "$url" --path /1.0/auth/time
}

# Readiness of ovhmock, five more cold starts (the median of all six goes in the report;
# one start is noisy on a shared machine).
READY_SAMPLES=()
for _ in 1 2 3 4 5; do
  start_server ovhmock-start "$OVH_URL" "$GET_PATH" -- "$OVHMOCK" "${BASE_ARGS[@]}" "${LOG_OFF[@]}"
  READY_SAMPLES+=("$(python3 -c "import json; print(json.load(open('$RUN/ovhmock-start.server.json'))['ready_ms'])")")
  stop_server
done
rm -f "$RUN/ovhmock-start.server.json" "$RUN/ovhmock-start.stdout.log" "$RUN/ovhmock-start.stderr.log"

# The side-by-side configuration: journal on (as shipped), access log off (as nginx and
# WireMock are run).
log "ovhmock, HTTP, journal on, access log off"
start_server ovhmock "$OVH_URL" "$GET_PATH" -- "$OVHMOCK" "${BASE_ARGS[@]}" "${LOG_OFF[@]}"
python3 - "$RUN/ovhmock.server.json" "${READY_SAMPLES[@]}" <<'EOF'
import json, statistics, sys
p, samples = sys.argv[1], [float(x) for x in sys.argv[2:]]
d = json.load(open(p))
d["ready_ms_samples"] = [d["ready_ms"]] + samples
d["ready_ms"] = statistics.median(d["ready_ms_samples"])
json.dump(d, open(p, "w"), indent=2)
EOF
ovhmock_scenarios http-journal "$OVH_URL"
load "ovhmock-http-journal-get-fixed" "$OVH_URL" --path "$GET_PATH" "${KEYS[@]}" --rate "$FIXED_RATE"
record_peak ovhmock
stop_server

if [ ${#JOURNAL_OFF[@]} -gt 0 ]; then
  log "ovhmock, HTTP, journal off"
  start_server ovhmock-nojournal "$OVH_URL" "$GET_PATH" -- "$OVHMOCK" "${BASE_ARGS[@]}" "${LOG_OFF[@]}" \
    "${JOURNAL_OFF[@]}"
  ovhmock_scenarios http-nojournal "$OVH_URL"
  record_peak ovhmock-nojournal
  stop_server
else
  log "ovhmock has no --journal-size flag: journal-off scenarios skipped"
fi

if [ ${#LOG_OFF[@]} -gt 0 ]; then
  log "ovhmock, HTTP, journal on, access log on (plain, to a file)"
  start_server ovhmock-log "$OVH_URL" "$GET_PATH" -- "$OVHMOCK" "${BASE_ARGS[@]}"
  LOAD_WARMUP=$PEER_WARMUP load "ovhmock-http-journal-log-get" "$OVH_URL" --path "$GET_PATH" "${KEYS[@]}"
  stop_server
fi

# HTTPS: the --port listener speaks TLS with ovhmock's throw-away CA, which the load
# generator verifies (--cacert).
if [ ${#TLS_ARGS[@]} -gt 0 ]; then
  log "ovhmock, HTTPS, journal on"
  TLS_URL=https://127.0.0.1:$OVH_PORT
  start_server ovhmock-https "$TLS_URL" "$GET_PATH" -- "$OVHMOCK" "${BASE_ARGS[@]}" "${LOG_OFF[@]}" "${TLS_ARGS[@]}"
  TLS_CA="$RUN/ca.pem" ovhmock_scenarios https-journal "$TLS_URL"
  if [ ${#JOURNAL_OFF[@]} -gt 0 ]; then
    stop_server
    log "ovhmock, HTTPS, journal off"
    start_server ovhmock-https-nojournal "$TLS_URL" "$GET_PATH" -- "$OVHMOCK" "${BASE_ARGS[@]}" "${LOG_OFF[@]}" \
      "${JOURNAL_OFF[@]}" "${TLS_ARGS[@]}"
    TLS_CA="$RUN/ca.pem" ovhmock_scenarios https-nojournal "$TLS_URL"
  fi
  record_peak ovhmock-https
  stop_server
else
  log "ovhmock has no TLS flags: HTTPS scenarios skipped"
fi

# ---------------------------------------------------------------- peers (same body bytes)
if [ -z "${BENCH_SKIP_PEERS:-}" ]; then
  PEER_DIR=$RUN/peers
  mkdir -p "$PEER_DIR/nginx/tmp" "$PEER_DIR/wiremock/mappings" "$PEER_DIR/wiremock/__files"
  cp "$RUN/body.json" "$PEER_DIR/body.json"
  python3 "$COMPARE/peer_config.py" --body "$RUN/body.json" --path "$GET_PATH" --dir "$PEER_DIR" \
    --nginx-root "$( [ "$(id -u)" -eq 0 ] && echo yes || echo no)"

  peer() {
    local name=$1 port=$2
    shift 2
    local url=http://127.0.0.1:$port
    log "$name"
    start_server "$name" "$url" "$GET_PATH" -- "$@" || return 0
    "$OVHLOAD" fetch --url "$url" --path "$GET_PATH" "${KEYS[@]}" >"$RUN/$name.body" || true
    LOAD_WARMUP=$PEER_WARMUP load "$name-get" "$url" --path "$GET_PATH" "${KEYS[@]}"
    load "$name-get-fixed" "$url" --path "$GET_PATH" "${KEYS[@]}" --rate "$FIXED_RATE"
    record_peak "$name"
    stop_server
  }

  P=$(free_port)
  sed -i "s/__PORT__/$P/" "$PEER_DIR/nginx/nginx.conf"
  peer nginx "$P" "$NGINX" -p "$PEER_DIR/nginx" -c "$PEER_DIR/nginx/nginx.conf" -e "$PEER_DIR/nginx/error.log"

  P=$(free_port)
  peer wiremock "$P" java -Xms128m -Xmx256m -jar "$COMPARE/node_modules/wiremock/build/wiremock-standalone-3.13.2.jar" \
    --port "$P" --bind-address 127.0.0.1 --root-dir "$PEER_DIR/wiremock" --no-request-journal \
    --disable-request-logging --disable-banner

  P=$(free_port)
  peer prism "$P" "$COMPARE/node_modules/.bin/prism" mock "$PEER_DIR/prism-openapi.json" -h 127.0.0.1 -p "$P"
fi

# ---------------------------------------------------------------- client libraries (optional)
# BENCH_CLIENTS=N: N signed calls through each real client library and their pure signing
# (conformance/bench-clients.sh, which installs the clients); its table joins the report.
if [ -n "${BENCH_CLIENTS:-}" ]; then
  log "client libraries (conformance/bench-clients.sh $BENCH_CLIENTS)"
  if ./conformance/bench-clients.sh "$BENCH_CLIENTS" >"$RUN/clients.log" 2>&1 && [ -f "$RESULTS/clients.md" ]; then
    cp "$RESULTS/clients.md" "$RUN/clients.md"
    [ -f "$RESULTS/clients.json" ] && cp "$RESULTS/clients.json" "$RUN/clients.json"
  else
    log "client benchmark failed; see $RUN/clients.log"
  fi
fi

# ---------------------------------------------------------------- report
REPORT_ARGS=(--run "$RUN" --results "$RESULTS" --svg "$ROOT/docs/benchmarks-latest.svg"
             --summary "$ROOT/docs/benchmarks-latest.json")
[ -z "${BENCH_NO_README:-}" ] && REPORT_ARGS+=(--readme "$ROOT/README.md")
python3 "$COMPARE/report.py" "${REPORT_ARGS[@]}"
log "results in $RUN, summary in $RESULTS/latest.md"
