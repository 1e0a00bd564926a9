#!/usr/bin/env bash
# The long checks (docs/hardening.md), run by .ci/run after scripts/test.sh:
#   asan          ASan+UBSan build (build-asan/), every unit and end-to-end test under it
#   tsan          TSan build (build-tsan/), every unit and end-to-end test under it
#   fuzz          each libFuzzer target for FUZZ_SECONDS (default 30) (build-fuzz/)
#   schemathesis  schemathesis with OVH's OpenAPI files against the server (skipped when absent);
#                 its accepted calls are captured from the journal for the strictness proof
#   strictness    the strictness proof: route table + captured traffic (build/hardening/captured/)
#   mutation      scripts/mutation.sh on a seeded sample of MUTATION_SAMPLE (default 4) mutants of each
#                 of MUTATION_FILES (default: the core files, not main.cpp whose mutants need the
#                 end-to-end tests); reports killed/survived/equivalent (SKIPPED without the tool)
# Steps can be chosen: scripts/hardening.sh fuzz strictness. Logs go to build/hardening/;
# the figures of each step and its duration are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/hardening-deps.sh

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(asan tsan fuzz schemathesis strictness mutation)
export FUZZ_SECONDS=${FUZZ_SECONDS:-30}
jobs=$(nproc)
logs=build/hardening
mkdir -p "$logs"
summary=()
failed=()
started_all=$(date +%s)

sanitized() {  # build name, sanitizer
  local dir="build-$1"
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOVHMOCK_SANITIZE="$2" -DOVHMOCK_BUILD_BENCH=OFF \
      -DOVHMOCK_BUILD_CONFORMANCE=OFF >/dev/null
  fi
  cmake --build "$dir" -j "$jobs" || return 1
  # The browser tests need Chromium (scripts/setup-browser.sh) and the README test downloads
  # python-ovh: both run in the normal build only.
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300 -LE 'browser|readme' || return 1
}

run_step() {
  case "$1" in
    asan)
      ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} sanitized asan address ;;
    tsan)
      TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/mock-server/tests/sanitizers/tsan.supp} \
        sanitized tsan thread ;;
    fuzz)
      ./scripts/fuzz.sh "$FUZZ_SECONDS" ;;
    strictness)
      ./scripts/setup.sh >/dev/null
      local args=()
      for f in "$logs"/captured/*.jsonl; do [ -f "$f" ] && args+=(--captured "$f"); done
      "${OVHMOCK_BUILD_DIR:-build}/mock-server/tests/ovhmock_strictness" "${args[@]+"${args[@]}"}" || return 1
      python3 mock-server/tests/strictness/wire_strictness.py --server "${OVHMOCK_BUILD_DIR:-build}/mock-server/ovhmock" || return 1
      # Without captured traffic the proof covers the route table only (a few thousand
      # mutants instead of ~95,000): say so in the summary.
      [ ${#args[@]} -gt 0 ] || echo "strictness: captured traffic SKIPPED: no $logs/captured/*.jsonl; the" \
        "schemathesis step captures it and needs OVH's schema files (set OVHMOCK_SCHEMAS_DIR)" ;;
    schemathesis)
      ./scripts/schemathesis.sh ;;
    mutation)
      # the files judged by the unit tests (scripts/mutation.sh names them), or MUTATION_FILES
      if [ -n "${MUTATION_FILES:-}" ]; then files=(--files "$MUTATION_FILES"); else files=(--unit-only); fi
      ./scripts/mutation.sh --sample "${MUTATION_SAMPLE:-4}" --seed "${MUTATION_SEED:-1}" "${files[@]}" ;;
    *) echo "hardening: unknown step $1" >&2; return 2 ;;
  esac
}

for step in "${steps[@]}"; do
  t0=$(date +%s)
  echo "== $step"
  if run_step "$step" 2>&1 | tee "$logs/$step.log"; then status=ok; else status=FAILED; failed+=("$step"); fi
  # A step that did not run says "<step>: SKIPPED: <reason and how to enable it>".
  [ "$status" = ok ] && grep -q "^$step: SKIPPED" "$logs/$step.log" && status=SKIPPED
  case "$step" in
    asan|tsan) figures=$(grep -o '[0-9]*% tests passed.*' "$logs/$step.log" | tail -1) ;;
    fuzz) figures=$(grep '^fuzz ' "$logs/$step.log" | sed 's/^/\\n    /' | tr -d '\n') ;;
    strictness) figures=$(grep '^strictness:' "$logs/$step.log" | sed 's/^strictness: //' | sed '2,$s/^/\\n    /' | tr -d '\n') ;;
    schemathesis) figures=$(grep '^schemathesis' "$logs/$step.log" | tail -1 | sed 's/^schemathesis: SKIPPED: //') ;;
    mutation) figures=$(grep '^mutation: \(killed\|SKIPPED\)' "$logs/$step.log" | tail -1) ;;
  esac
  summary+=("$step: $status in $(( $(date +%s) - t0 )) s: ${figures:-}")
done

echo
echo "== hardening summary"
printf '%b\n' "${summary[@]}"
echo "total: $(( $(date +%s) - started_all )) s"
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
