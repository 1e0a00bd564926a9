#!/usr/bin/env bash
# Instructions per request of the in-process request-path cases, counted by
# `valgrind --tool=callgrind`: a figure that does not move with the machine's load, unlike
# times. Each case runs twice, with N iterations and with none (the same set-up and warm-up),
# and the difference divided by N is the cost of one iteration.
#
#   bench/instructions.sh                  every case, a table on stdout
#   bench/instructions.sh me-journal ...   some cases only (ovhmock_instr_bench --list)
#
# Environment: INSTR_ITERATIONS (N, default 2000), INSTR_JSON=FILE (also write the figures
# as JSON), INSTR_KEEP=DIR (keep the callgrind.out files of the N runs there, for
# `callgrind_annotate --inclusive=yes DIR/callgrind.CASE.out`), OVHMOCK_BUILD_DIR (default build).
# Installs valgrind when missing (Debian/Ubuntu, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${INSTR_ITERATIONS:-2000}
BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
BIN=$BUILD_DIR/bench/ovhmock_instr_bench
log() { echo "instructions: $*" >&2; }

if ! command -v valgrind >/dev/null; then
  log "installing valgrind"
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
[ -x "$BIN" ] || {
  log "missing $BIN (cmake --build $BUILD_DIR --target ovhmock_instr_bench)"
  exit 1
}
case "$N" in '' | *[!0-9]* | 0)
  log "INSTR_ITERATIONS must be a positive integer"
  exit 1
  ;;
esac

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -n "${INSTR_KEEP:-}" ] && mkdir -p "$INSTR_KEEP"

# Total instructions (Ir) of one run of CASE with ITER iterations.
count() {
  local case=$1 iter=$2 out=$TMP/callgrind.$1.$2.out
  valgrind --tool=callgrind --callgrind-out-file="$out" "$BIN" "$case" "$iter" >/dev/null 2>"$TMP/valgrind.log" || {
    cat "$TMP/valgrind.log" >&2
    return 1
  }
  [ -n "${INSTR_KEEP:-}" ] && [ "$iter" != 0 ] && cp "$out" "$INSTR_KEEP/callgrind.$case.out"
  awk '$1 == "summary:" || $1 == "totals:" { print $2; exit }' "$out"
}

if [ $# -gt 0 ]; then CASES=("$@"); else mapfile -t CASES < <("$BIN" --list); fi
printf '%-16s %16s\n' case instructions >&2
ROWS=()
for c in "${CASES[@]}"; do
  with=$(count "$c" "$N")
  without=$(count "$c" 0)
  per=$(((with - without + N / 2) / N))
  printf '%-16s %16d\n' "$c" "$per"
  ROWS+=("\"$c\": $per")
done
if [ -n "${INSTR_JSON:-}" ]; then
  (
    IFS=,
    echo "{\"iterations\": $N, \"instructions_per_iteration\": {${ROWS[*]}}}"
  ) >"$INSTR_JSON"
fi
