#!/usr/bin/env bash
# Mutation testing of the security core with universalmutator (PyPI): the signature and
# its pre-image, the authentication decisions, access rules and IP blocks, the journal's
# masking, and the server's flag parsing. Each mutant is one small change of one line.
#
#   scripts/mutation.sh [--sample N] [--seed S] [--deadline HH:MM] [--files "auth/decision.cpp ..."]
#                       [--unit-only] [--out DIR]
#
# For each mutant: the mutated file alone is compiled (the build's own compile command, no
# debug info) to an object; a mutant that does not compile is "invalid"; one whose object
# is byte-identical to the original's is "equivalent" and one identical to an earlier
# mutant's is a "duplicate" (trivial compiler equivalence: the compiler proves they change
# nothing, or nothing more). Otherwise the binary that holds the file is linked again with
# that object in place of the original's (the unit-test binary for a library file; the
# server for main.cpp, judged by the end-to-end tests) and the tests run: first the tests
# of that file (a gtest filter, stopping at the first failure), then, if they all pass,
# every test of the binary. A failure or a hang kills the mutant; otherwise it survives,
# unless scripts/mutation-equivalent.txt lists it (a survivor argued equivalent in
# docs/hardening.md: "file|change", an inserted line as "@ <the line before> > <it>").
# Score = killed / (killed + survived).
#
# --sample N takes N mutants per file, the first N of a seeded random order of its mutants
# (0: all); --deadline HH:MM (UTC) stops at that time, after the mutant under way, having
# taken the files in turn, so the mutants judged are a stratified random sample. Verdicts
# are written as they come (OUT/verdicts.tsv) and the summary (OUT/summary.json) also on
# interrupt. The sources and the build are not modified, except the server binary while
# main.cpp's mutants run (it is put back on exit): use a build directory of its own
# (OVHMOCK_BUILD_DIR=build-mutation) to keep working meanwhile.
# Prints "mutation: SKIPPED: ..." and exits 0 when universalmutator cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# ================================================================== THE SECURITY CORE
# The one place that names the files (paths under mock-server/src/): update it when files
# move. Per file: the tests run first (gtest filter), the region mutated (awk patterns of
# its first line and of the line after it; default: the whole file), and which tests judge
# it (default: the unit tests; "e2e": the end-to-end tests through the server binary).
CORE_FILES=(auth/signature.cpp auth/decision.cpp model/ip_blocks.cpp auth/access_rules.cpp observe/journal.cpp main.cpp)
declare -A FIRST_TESTS=(
  [auth/signature.cpp]='Signature.*:Fixtures/SignatureVector.*:ReferenceSigner.*:SecretMasking.*:Masking.*'
  [auth/decision.cpp]='AuthPipeline.*:AuthorizationPromises.*:AuthFixtures.*:ValidityChoices.*'
  [model/ip_blocks.cpp]='IpBlocks.*:IpPrefixes.*:AuthorizationPromises.*'
  [auth/access_rules.cpp]='AccessRules.*:AccessRuleGlob.*:AuthorizationPromises.*'
  [observe/journal.cpp]='Journal.*:Masking.*:SecretMasking.*:JournalThroughPipeline.*'
  [main.cpp]='Flags.*'
)
declare -A REGION=(
  [observe/journal.cpp]='^bool secret_name|^JournalEntry JournalEntry::from_exchange'
  [main.cpp]='^void add_public_base|^\/\/ The HTTPS options'
)
declare -A JUDGED_BY=([main.cpp]=e2e)
# =====================================================================================

SAMPLE=0
SEED=1
DEADLINE=""
FILES="${CORE_FILES[*]}"
UNIT_ONLY=0
BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sample) SAMPLE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --deadline) DEADLINE=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --unit-only) UNIT_ONLY=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutation: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
log() { echo "mutation: $*" >&2; }
for f in $FILES; do
  [[ " ${CORE_FILES[*]} " == *" $f "* ]] || { log "$f is not in CORE_FILES (scripts/mutation.sh)"; exit 2; }
  [ -f "mock-server/src/$f" ] || { log "mock-server/src/$f does not exist: update CORE_FILES"; exit 2; }
done
if [ $UNIT_ONLY = 1 ]; then
  kept=""
  for f in $FILES; do [ "${JUDGED_BY[$f]:-unit}" = unit ] && kept+="$f "; done
  FILES=$kept
fi
deadline_s=0
[ -n "$DEADLINE" ] && deadline_s=$(date -u -d "$DEADLINE" +%s)
OUT=${OUT:-$BUILD_DIR/mutation}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

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
BUILD=$(cd "$BUILD_DIR" && pwd)
needs_e2e=0
for f in $FILES; do [ "${JUDGED_BY[$f]:-unit}" = e2e ] && needs_e2e=1; done
TARGETS=(ovhmock_unit_tests)
[ $needs_e2e = 1 ] && TARGETS+=(ovhmock ovhmock_e2e_tests)
cmake --build "$BUILD" --target "${TARGETS[@]}" >/dev/null

rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$OUT/work
mkdir -p "$WORK"
EQUIVALENT=$ROOT/scripts/mutation-equivalent.txt
# The linker: gold when present (faster on these debug-heavy objects); no debug info out.
LDFLAGS_EXTRA="-Wl,-S"
command -v ld.gold >/dev/null && LDFLAGS_EXTRA+=" -fuse-ld=gold"

# The server binary is replaced while main.cpp's mutants run: put it back on exit.
SERVER_BIN=$BUILD/mock-server/ovhmock
if [ $needs_e2e = 1 ]; then
  cp -p "$SERVER_BIN" "$WORK/ovhmock.original"
fi
put_back() {
  if [ -f "$WORK/ovhmock.original" ]; then cp -p "$WORK/ovhmock.original" "$SERVER_BIN"; fi
}
trap put_back EXIT

# ---------------------------------------------------------------- per-file preparation
# compile_cmd FILE: the build's compile command for FILE, retargeted to the mirror copy
# (WORK/src/<rel>) and to WORK/<name>/object.o, without debug info or dependency files.
link_target_of() { [ "${JUDGED_BY[$1]:-unit}" = e2e ] && echo ovhmock || echo ovhmock_unit_tests; }

prepare() {  # rel -> writes $dir/compile.sh, $dir/link.sh, $dir/test.sh
  local rel=$1 dir=$2 src=$ROOT/mock-server/src/$1 target cmd obj link lib objs
  target=$(link_target_of "$rel")
  cmd=$(ninja -C "$BUILD" -t commands "$target" | grep -F -- "-c $src" | head -1)
  [ -n "$cmd" ] || { log "no compile command for $src in $BUILD"; return 1; }
  obj=$(sed -E 's/.* -o ([^ ]+) -c .*/\1/' <<<"$cmd")
  mkdir -p "$WORK/src/$(dirname "$rel")"
  cmd=$(sed -E 's/^[^ ]*ccache //; s/ -MD -MT [^ ]+ -MF [^ ]+//; s/ -o [^ ]+ -c [^ ]+//' <<<"$cmd")
  printf 'cd %q && %s -g0 -iquote %q -o %q -c %q\n' "$BUILD" "$cmd" "$(dirname "$src")" "$dir/object.o" \
    "$WORK/src/$rel" >"$dir/compile.sh"
  # The link of the binary, with the mutant's object in place of the original's: directly,
  # or, for an object in a static library, the library's other objects beside it.
  link=$(ninja -C "$BUILD" -t commands "$target" | tail -1 | sed -E 's/^: && //; s/ && :$//')
  if [[ " $link " == *" $obj "* ]]; then
    link=${link/ $obj / $dir/object.o }
  else
    lib=$(ninja -C "$BUILD" -t commands "$target" | grep -E " (qc|rcs?) [^ ]+\.a .* $obj( |$)" | head -1 |
      sed -E 's/.* (qc|rcs?) ([^ ]+\.a) .*/\2/')
    [ -n "$lib" ] || { log "no library holds $obj"; return 1; }
    objs=$(ninja -C "$BUILD" -t commands "$target" | grep -E " (qc|rcs?) $lib " | head -1 |
      sed -E "s/.* (qc|rcs?) [^ ]+\.a //; s/ && .*//" | tr ' ' '\n' | grep -vxF "$obj" | grep -v '^$' | tr '\n' ' ')
    link=${link/ $lib / $objs $dir/object.o }
  fi
  if [ "$target" = ovhmock ]; then
    link=$(sed -E "s| -o [^ ]+ | -o $SERVER_BIN |" <<<"$link")
    printf 'timeout 300 %q --gtest_brief=1 --gtest_fail_fast' "$BUILD/mock-server/tests/ovhmock_e2e_tests" >"$dir/binary"
  else
    link=$(sed -E "s| -o [^ ]+ | -o $dir/tests |" <<<"$link")
    printf 'timeout 60 %q --gtest_brief=1 --gtest_fail_fast' "$dir/tests" >"$dir/binary"
  fi
  printf 'cd %q && %s %s\n' "$BUILD" "$link" "$LDFLAGS_EXTRA" >"$dir/link.sh"
}

# Lines of a file to mutate: all but comments and includes, within its region if it has one.
line_file() {
  local rel=$1 src=$2 region=${REGION[$1]:-}
  if [ -n "$region" ]; then
    awk -v a="${region%%|*}" -v b="${region#*|}" '$0 ~ a {on=1} $0 ~ b {on=0} on {print NR}' "$src"
  else
    awk '{print NR}' "$src"
  fi | while read -r n; do
    sed -n "${n}p" "$src" | grep -Eq '^\s*(//|#include|$)' || echo "$n"
  done
}

run_tests() {  # dir rel -> 0 when every test passes
  local dir=$1 rel=$2 bin
  bin=$(cat "$dir/binary")
  (cd "$BUILD/mock-server/tests" && eval "$bin --gtest_filter='${FIRST_TESTS[$rel]:-*}'") >/dev/null 2>&1 &&
    (cd "$BUILD/mock-server/tests" && eval "$bin") >/dev/null 2>&1
}

declare -A CHOSEN SEEN
started=$(date +%s)
printf 'file\tmutant\tverdict\tseconds\tchange\n' >"$OUT/verdicts.tsv"
for rel in $FILES; do
  src=$ROOT/mock-server/src/$rel
  name=$(basename "$rel" .cpp)
  dir=$WORK/$name
  mkdir -p "$dir/mutants"
  line_file "$rel" "$src" >"$dir/lines.txt"
  "$VENV/bin/mutate" "$src" cpp --noCheck --lines "$dir/lines.txt" --mutantDir "$dir/mutants" >"$dir/mutate.log" 2>&1
  ls "$dir/mutants" | sort -V >"$dir/all.txt"
  shuf --random-source=<(yes "$SEED $rel") "$dir/all.txt" >"$dir/order.txt"  # an order of its own per file
  [ "$SAMPLE" -gt 0 ] && head -n "$SAMPLE" "$dir/order.txt" >"$dir/chosen.txt" || cp "$dir/order.txt" "$dir/chosen.txt"
  CHOSEN[$rel]=$(wc -l <"$dir/chosen.txt")
  prepare "$rel" "$dir"
  # The original, from the same mirror path, then linked and tested (must pass). An object
  # that were not reproducible would only hide equivalences, never invent one.
  cp "$src" "$WORK/src/$rel"
  bash "$dir/compile.sh" || { log "the original $rel does not compile"; exit 1; }
  sha1sum <"$dir/object.o" | cut -d' ' -f1 >"$dir/original.sha"
  t0=$(date +%s.%N)
  bash "$dir/link.sh" >"$dir/link.log" 2>&1 || { log "the original $rel does not link: $dir/link.log"; exit 1; }
  t1=$(date +%s.%N)
  run_tests "$dir" "$rel" || { log "the tests fail on the original $rel"; exit 1; }
  t2=$(date +%s.%N)
  log "$rel: $(wc -l <"$dir/all.txt") mutants, taking ${CHOSEN[$rel]}; link $(awk -v a=$t0 -v b=$t1 'BEGIN{printf "%.1f", b-a}') s, tests $(awk -v a=$t1 -v b=$t2 'BEGIN{printf "%.1f", b-a}') s"
done

summary() {
  put_back
  local elapsed=$(($(date +%s) - started))
  awk -F'\t' -v tool="universalmutator $UM_VERSION" -v sample="$SAMPLE" -v seed="$SEED" -v secs="$elapsed" \
    -v files="$FILES" -v work="$WORK" '
    NR == 1 { next }
    { n[$1]++; c[$1 SUBSEP $3]++; t[$3] += $4; nt[$3]++; tot[$3]++ }
    END {
      split(files, fs, " "); out = ""
      for (i = 1; fs[i] != ""; i++) {
        f = fs[i]; name = f; sub(/.*\//, "", name); sub(/\.cpp$/, "", name)
        gen = 0; while ((getline line < (work "/" name "/all.txt")) > 0) gen++
        out = out sprintf("%s{\"file\":\"mock-server/src/%s\",\"generated\":%d,\"judged\":%d,\"killed\":%d,\"survived\":%d,\"equivalent\":%d,\"duplicate\":%d,\"invalid\":%d}", \
          (i > 1 ? "," : ""), f, gen, n[f], c[f SUBSEP "killed"], c[f SUBSEP "survived"], c[f SUBSEP "equivalent"], \
          c[f SUBSEP "duplicate"], c[f SUBSEP "invalid"])
      }
      j = tot["killed"] + tot["survived"]
      score = j ? sprintf("%.1f", 100 * tot["killed"] / j) : "n/a"
      secs_per = ""
      for (v in nt) secs_per = secs_per sprintf("%s\"%s\":%.1f", (secs_per == "" ? "" : ","), v, t[v] / nt[v])
      printf "{\"tool\":\"%s\",\"sample\":%d,\"seed\":%d,\"seconds\":%d,\"killed\":%d,\"survived\":%d,\"equivalent\":%d,\"duplicate\":%d,\"invalid\":%d,\"scorePercent\":\"%s\",\"secondsPerMutant\":{%s},\"files\":[%s]}\n", \
        tool, sample, seed, secs, tot["killed"], tot["survived"], tot["equivalent"], tot["duplicate"], tot["invalid"], score, secs_per, out
    }' "$OUT/verdicts.tsv" >"$OUT/summary.json"
}
trap summary EXIT

# ---------------------------------------------------------------- the mutants, files in turn
round=0
stopped=""
while :; do
  any=0
  for rel in $FILES; do
    [ "$round" -lt "${CHOSEN[$rel]}" ] || continue
    any=1
    if [ "$deadline_s" -gt 0 ] && [ "$(date +%s)" -ge "$deadline_s" ]; then stopped="deadline $DEADLINE reached"; break 2; fi
    name=$(basename "$rel" .cpp)
    dir=$WORK/$name
    m=$(sed -n "$((round + 1))p" "$dir/chosen.txt")
    src=$ROOT/mock-server/src/$rel
    t0=$(date +%s.%N)
    cp "$dir/mutants/$m" "$WORK/src/$rel"
    change=$(diff "$src" "$WORK/src/$rel" | grep -E '^[<>]' | tr '\n' ' ' | sed 's/ *$//' | cut -c1-300 || true)
    # An inserted line (break;, continue;) is named with the line it follows.
    if [[ $(diff "$src" "$WORK/src/$rel" | head -1) =~ ^([0-9]+)a ]]; then
      change="@ $(sed -n "${BASH_REMATCH[1]}p" "$src" | sed -E 's/^ +//') $change"
    fi
    if ! bash "$dir/compile.sh" >/dev/null 2>&1; then
      verdict=invalid
    else
      sha=$(sha1sum <"$dir/object.o" | cut -d' ' -f1)
      if [ "$sha" = "$(cat "$dir/original.sha")" ]; then
        verdict=equivalent
      elif [ -n "${SEEN[$rel:$sha]:-}" ]; then
        verdict=duplicate  # same object as an earlier mutant: same verdict, counted once
      else
        SEEN[$rel:$sha]=$m
        if ! bash "$dir/link.sh" >/dev/null 2>&1; then
          verdict=invalid
        elif run_tests "$dir" "$rel"; then
          if grep -qxF -- "$rel|$change" "$EQUIVALENT" 2>/dev/null; then verdict=equivalent; else verdict=survived; fi
        else
          verdict=killed
        fi
      fi
    fi
    secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$rel" "$m" "$verdict" "$secs" "$change" >>"$OUT/verdicts.tsv"
    [ "$verdict" = survived ] && log "survived: $rel $m: $change"
  done
  [ $any = 1 ] || break
  round=$((round + 1))
done
summary
trap - EXIT
read -r k s e d i score < <(awk -F'\t' 'NR > 1 { c[$3]++ } END { j = c["killed"] + c["survived"]
  printf "%d %d %d %d %d %s\n", c["killed"], c["survived"], c["equivalent"], c["duplicate"], c["invalid"],
    (j ? sprintf("%.1f", 100 * c["killed"] / j) : "n/a") }' "$OUT/verdicts.tsv")
echo "mutation: killed $k, survived $s, equivalent $e, duplicate $d, invalid $i; score $score% in" \
  "$(($(date +%s) - started)) s${stopped:+ ($stopped)}; details in $OUT"
awk -F'\t' '$3 == "survived" { print "  survived: " $1 " " $2 ": " $5 }' "$OUT/verdicts.tsv"
exit 0
