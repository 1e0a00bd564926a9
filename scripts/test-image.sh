#!/usr/bin/env bash
# The container image test (docs/container.md): builds the image with podman
# (scripts/build-image.sh), exports it (podman save), unpacks its layers and runs its file
# system under chroot as the image's user, in fresh network and mount namespaces
# (container/image_test.py): no container runtime needed. Prints one SKIPPED line and
# succeeds where podman cannot be installed or the test cannot get root.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s.%N)
skip() {
  echo "SKIPPED: $*"
  exit 0
}

[ "$(id -u)" -eq 0 ] || skip "container image test: needs root (chroot, mount and network namespaces)"
if ! out=$(./scripts/container-deps.sh 2>&1); then
  skip "podman not installable: $(tail -1 <<<"$out")"
fi
command -v podman >/dev/null || skip "podman not installable: not on PATH after installation"

BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
OVHMOCK_CONTAINER_TOOL=podman ./scripts/build-image.sh
version=$("$BUILD_DIR/mock-server/ovhmock" --version | awk '{print $2}')
size=$(podman image inspect --format '{{.Size}}' "ovhmock:$version")
limit=$((25 * 1000 * 1000))
if [ "$size" -ge "$limit" ]; then
  echo "image test: FAILED: ovhmock:$version is $size bytes, over 25 MB" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
podman save -q --format docker-archive -o "$work/image.tar" "ovhmock:$version"
mkdir "$work/archive"
tar -xf "$work/image.tar" -C "$work/archive"
# New network and mount namespaces: port 8080 is free there, and the /proc mounted in the
# unpacked root goes away with them.
unshare --net --mount --propagation private --fork python3 container/image_test.py "$work/archive" "$work/run"
printf 'image test: ovhmock:%s is %s bytes; %.1f s\n' "$version" "$size" "$(awk "BEGIN {print $(date +%s.%N) - $started}")"
