#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) into build-fuzz/ and runs each for a
# bounded time, starting from the committed seeds in mock-server/fuzz/corpus/<target>/.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 30 s, every target)
# New inputs go to build-fuzz/corpus/<target>/ (not tracked); a crash leaves its input in
# build-fuzz/artifacts/ and fails the script. Prints one summary line per target.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/hardening-deps.sh

seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(pipeline json_bodies fixtures glob)

BUILD=build-fuzz
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOVHMOCK_FUZZ=ON \
    -DOVHMOCK_BUILD_TESTS=OFF -DOVHMOCK_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$BUILD" -j "$(nproc)" --target $(printf '%s_fuzz ' "${targets[@]}")

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
[ -x /usr/bin/llvm-symbolizer-14 ] && export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
status=0
mkdir -p "$BUILD/artifacts"
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t"
  mkdir -p "$work"
  log="$BUILD/fuzz-$t.log"
  if "$BUILD/mock-server/fuzz/${t}_fuzz" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" "$work" "mock-server/fuzz/corpus/$t" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and $BUILD/artifacts/)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  echo "fuzz $t: ${runs:-?} executions in ${seconds} s, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) inputs: $result"
  [ "$result" = ok ] || grep -E 'FINDING|ERROR: |SUMMARY' "$log" | head -5 || true
done
exit $status
