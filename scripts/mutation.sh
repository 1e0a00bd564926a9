#!/usr/bin/env bash
# Mutation testing of the security core with universalmutator (PyPI): the signature and
# its pre-image, the authentication decisions, access rules and IP blocks, the journal's
# masking, and the server's flag parsing. Each mutant is one small change of one line.
#
#   scripts/mutation.sh [--sample N] [--seed S] [--files "auth/decision.cpp ..."] [--out DIR]
#
# Each mutant is compiled to assembly first: if it does not compile it is "invalid"; if its
# assembly is identical to the original's it is "equivalent" (the compiler proves the
# change changes nothing), and so is a survivor listed in scripts/mutation-equivalent.txt
# (each one argued in docs/hardening.md); otherwise the test binary is rebuilt incrementally and run:
# a failure kills the mutant, a pass lets it survive. Score = killed / (killed + survived).
# Core files are judged by the unit tests; main.cpp (flag parsing) by the end-to-end tests.
#
# --sample N picks N mutants per file at random (seeded) instead of all of them: the full
# set is thousands of mutants (docs/hardening.md gives the counts and the time per mutant).
# The source files are restored on exit, whatever happens, and the build brought back.
# Prints "mutation: SKIPPED: ..." and exits 0 when universalmutator cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SAMPLE=0
SEED=1
FILES="auth/signature.cpp auth/decision.cpp auth/access_rules.cpp observe/journal.cpp main.cpp"
BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sample) SAMPLE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutation: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$BUILD_DIR/mutation}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { echo "mutation: $*" >&2; }

# ---------------------------------------------------------------- the tool (idempotent)
VENV=$BUILD_DIR/mutation-venv
UM_VERSION=1.14.1
if ! "$VENV/bin/python" -c "import importlib.metadata as m; assert m.version('universalmutator') == '$UM_VERSION'" 2>/dev/null; then
  log "installing universalmutator $UM_VERSION into $VENV"
  if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "universalmutator==$UM_VERSION"; } >&2; then
    echo "mutation: SKIPPED: universalmutator $UM_VERSION could not be installed (python3-venv and PyPI needed)"
    exit 0
  fi
fi

[ -f "$BUILD_DIR/build.ninja" ] || ./scripts/setup.sh >/dev/null
needs_e2e=0
for f in $FILES; do [ "$f" = main.cpp ] && needs_e2e=1; done
TARGETS=(ovhmock_unit_tests)
[ $needs_e2e = 1 ] && TARGETS+=(ovhmock_e2e_tests)
cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" >/dev/null

# A mutant that makes the tests hang is killed by the timeout (the whole unit binary takes
# about a second, the end-to-end one well under a minute).
UNIT="timeout 60 $BUILD_DIR/mock-server/tests/ovhmock_unit_tests --gtest_brief=1"
E2E="timeout 180 $BUILD_DIR/mock-server/tests/ovhmock_e2e_tests --gtest_brief=1"
EQUIVALENT=$ROOT/scripts/mutation-equivalent.txt
rm -rf "$OUT"
mkdir -p "$OUT"

# ---------------------------------------------------------------- restore on exit
BACKUP=$OUT/backup
mkdir -p "$BACKUP"
current=""
restore() {
  if [ -n "$current" ]; then
    cp "$BACKUP/$(basename "$current")" "$current"
    current=""
  fi
}
trap 'restore; cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" >/dev/null 2>&1 || true' EXIT

# Lines of a file to mutate: all but comments and includes, or, for the journal and
# main.cpp, the masking functions and the flag parser only.
line_file() {
  local rel=$1 src=$2 lines=$3
  case "$rel" in
    observe/journal.cpp) awk '/^bool secret_name/{on=1} /^JournalEntry JournalEntry::from_exchange/{on=0} on{print NR}' "$src" ;;
    main.cpp) awk '/^Options parse\(int argc/{on=1} /^\/\/ The HTTPS options/{on=0} on{print NR}' "$src" ;;
    *) awk '{print NR}' "$src" ;;
  esac | while read -r n; do
    sed -n "${n}p" "$src" | grep -Eq '^\s*(//|#include)' || echo "$n"
  done >"$lines"
}

# The compile command of a source file, from the build, turned into "to assembly, no debug info".
asm_command() {
  local src=$1 out=$2
  ninja -C "$BUILD_DIR" -t commands "${TARGETS[@]}" | grep -F -- "-c $src" | head -1 |
    sed -E 's/ -MD -MT [^ ]+ -MF [^ ]+//; s/ -o [^ ]+ -c / -c /; s/^ccache //' |
    sed -E "s|\$| -S -g0 -o $out|"
}

total_killed=0 total_survived=0 total_equivalent=0 total_invalid=0 total_generated=0
started=$(date +%s)
summary_json="["
for rel in $FILES; do
  src=$ROOT/mock-server/src/$rel
  name=$(basename "$rel" .cpp)
  dir=$OUT/$name
  mkdir -p "$dir/mutants"
  cp "$src" "$BACKUP/$(basename "$src")"
  line_file "$rel" "$src" "$dir/lines.txt"
  "$VENV/bin/mutate" "$src" cpp --noCheck --lines "$dir/lines.txt" --mutantDir "$dir/mutants" >"$dir/mutate.log" 2>&1
  mapfile -t all < <(ls "$dir/mutants" | sort -V)
  generated=${#all[@]}
  if [ "$SAMPLE" -gt 0 ] && [ "$generated" -gt "$SAMPLE" ]; then
    mapfile -t chosen < <(printf '%s\n' "${all[@]}" | shuf -n "$SAMPLE" --random-source=<(yes "$SEED") | sort -V)
  else
    chosen=("${all[@]}")
  fi
  if [ "$rel" = main.cpp ]; then test_cmd=$E2E; target=ovhmock_e2e_tests; else test_cmd=$UNIT; target=ovhmock_unit_tests; fi
  cmd=$(asm_command "$src" "$dir/asm.s")
  [ -n "$cmd" ] || { log "no compile command for $src in $BUILD_DIR"; exit 1; }
  (cd "$BUILD_DIR" && eval "$cmd") || { log "the original $rel does not compile to assembly"; exit 1; }
  mv "$dir/asm.s" "$dir/original.s"
  killed=0 survived=0 equivalent=0 invalid=0
  : >"$dir/survived.txt"
  log "$rel: $generated mutants, testing ${#chosen[@]}"
  for m in "${chosen[@]}"; do
    current=$src
    cp "$dir/mutants/$m" "$src"
    change=$(diff "$BACKUP/$(basename "$src")" "$src" | grep -E '^[<>]' | tr '\n' ' ' | sed 's/ *$//' | cut -c1-300 || true)
    if ! (cd "$BUILD_DIR" && eval "$cmd") >/dev/null 2>&1; then
      verdict=invalid; invalid=$((invalid + 1))
    elif cmp -s "$dir/asm.s" "$dir/original.s"; then
      verdict=equivalent; equivalent=$((equivalent + 1))
    elif ! cmake --build "$BUILD_DIR" --target "$target" >/dev/null 2>&1; then
      verdict=invalid; invalid=$((invalid + 1))
    elif $test_cmd >/dev/null 2>&1; then
      if grep -qxF -- "$rel|$change" "$EQUIVALENT" 2>/dev/null; then
        verdict=equivalent; equivalent=$((equivalent + 1))
      else
        verdict=survived; survived=$((survived + 1))
        echo "$m: $change" >>"$dir/survived.txt"
      fi
    else
      verdict=killed; killed=$((killed + 1))
    fi
    echo "$m $verdict $change" >>"$dir/verdicts.txt"
    restore
  done
  touch "$src"  # the restored original is rebuilt by the next build
  log "$rel: killed $killed, survived $survived, equivalent $equivalent, invalid $invalid"
  total_killed=$((total_killed + killed)); total_survived=$((total_survived + survived))
  total_equivalent=$((total_equivalent + equivalent)); total_invalid=$((total_invalid + invalid))
  total_generated=$((total_generated + generated))
  summary_json+=$(printf '{"file":"mock-server/src/%s","generated":%d,"tested":%d,"killed":%d,"survived":%d,"equivalent":%d,"invalid":%d},' \
    "$rel" "$generated" "${#chosen[@]}" "$killed" "$survived" "$equivalent" "$invalid")
done
elapsed=$(($(date +%s) - started))
summary_json="${summary_json%,}]"
judged=$((total_killed + total_survived))
score=$(awk -v k=$total_killed -v j=$judged 'BEGIN { if (j == 0) print "n/a"; else printf "%.1f", 100 * k / j }')
printf '{"tool":"universalmutator %s","sample":%d,"seed":%d,"seconds":%d,"generated":%d,"killed":%d,"survived":%d,"equivalent":%d,"invalid":%d,"scorePercent":"%s","files":%s}\n' \
  "$UM_VERSION" "$SAMPLE" "$SEED" "$elapsed" "$total_generated" "$total_killed" "$total_survived" "$total_equivalent" \
  "$total_invalid" "$score" "$summary_json" >"$OUT/summary.json"
echo "mutation: killed $total_killed, survived $total_survived, equivalent $total_equivalent, invalid $total_invalid" \
  "(of $total_generated generated); score $score% in ${elapsed} s; details in $OUT"
for rel in $FILES; do
  f=$OUT/$(basename "$rel" .cpp)/survived.txt
  if [ -s "$f" ]; then echo "survivors in $rel:"; sed 's/^/  /' "$f"; fi
done
exit 0
