#!/usr/bin/env bash
# Installs the build dependencies (Debian packages) when missing, then configures and
# builds into ${OVHMOCK_BUILD_DIR:-build}. Fast when everything is already there.
#   scripts/setup.sh            everything: the server, the tests, the benchmarks
#   scripts/setup.sh --server   the server only (scripts/serve.sh): its packages, one target
# One line per phase on stdout; the build's own progress ([k/N] lines) follows.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
case "${1:-}" in
  --server) mode=server ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--server]" >&2; exit 2 ;;
esac

packages=(build-essential cmake ninja-build pkg-config libssl-dev libcpp-httplib-dev libboost-dev nlohmann-json3-dev)
if [ "$mode" = all ]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev)
  # The README snippet test installs python-ovh into a fresh virtual environment.
  python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)
fi
./scripts/apt-install.sh setup "${packages[@]}"

BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
cache="$BUILD_DIR/CMakeCache.txt"
options=()
if [ "$mode" = server ]; then
  # No test or benchmark packages needed; a later scripts/setup.sh turns them back on.
  [ -f "$BUILD_DIR/build.ninja" ] || options=(-DOVHMOCK_BUILD_TESTS=OFF -DOVHMOCK_BUILD_BENCH=OFF)
elif [ ! -f "$BUILD_DIR/build.ninja" ] || grep -Eq '^OVHMOCK_BUILD_(TESTS|BENCH):BOOL=OFF' "$cache"; then
  options=(-DOVHMOCK_BUILD_TESTS=ON -DOVHMOCK_BUILD_BENCH=ON)
fi
if [ ${#options[@]} -gt 0 ]; then
  echo "setup: configuring $BUILD_DIR ($( [ "$mode" = server ] && echo "server only" || echo "server, tests, benchmarks"))"
  # shellcheck disable=SC2086 # OVHMOCK_CMAKE_ARGS is a list of arguments
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${options[@]}" ${OVHMOCK_CMAKE_ARGS:-} >/dev/null
fi

targets=()
[ "$mode" = server ] && targets=(ovhmock)
what=$([ "$mode" = server ] && echo "the server (ovhmock)" || echo "everything")
# The size of the whole job; ninja's "[k/N]" lines then count what is left to do.
steps=$(ninja -C "$BUILD_DIR" -t commands ${targets[@]+"${targets[@]}"} 2>/dev/null | wc -l)
echo "setup: building $what in $BUILD_DIR: $steps compile and link steps in all, on $(nproc) cores"
cmake --build "$BUILD_DIR" ${targets[@]+--target "${targets[@]}"} -j "$(nproc)"
