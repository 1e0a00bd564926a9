#!/usr/bin/env bash
# Builds the container image ovhmock:<version> (and ovhmock:latest) from the project's build
# (docs/container.md): FROM scratch with the server (built here if needed, stripped), exactly
# the shared libraries it loads (as the dynamic loader resolves them, loader included), the
# default data set, CA certificates, a non-root user and a writable /tmp.
#
#   ./scripts/build-image.sh                 stage build/image/ and build it (podman, else docker)
#   ./scripts/build-image.sh --stage-only    only stage build/image/ (the context of
#                                            container/Containerfile), e.g. for `docker build`
#
# OVHMOCK_BUILD_DIR (default build) is the CMake build directory; OVHMOCK_CONTAINER_TOOL
# forces podman or docker. podman is installed (Debian package) when neither is there.
set -euo pipefail
cd "$(dirname "$0")/.."

stage_only=false
for arg in "$@"; do
  case "$arg" in
    --stage-only) stage_only=true ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "build-image: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

BUILD_DIR=${OVHMOCK_BUILD_DIR:-build}
CONTEXT="$BUILD_DIR/image"
ROOT="$CONTEXT/rootfs"

# 1. The server, configured like scripts/setup.sh does when the build directory is new.
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${OVHMOCK_CMAKE_ARGS:-} >/dev/null ||
    { echo "build-image: cannot configure $BUILD_DIR; ./scripts/setup.sh installs the build dependencies" >&2; exit 1; }
fi
cmake --build "$BUILD_DIR" --target ovhmock >/dev/null

# 2. The image's file system.
rm -rf "$CONTEXT"
mkdir -p "$ROOT"
cmake --install "$BUILD_DIR" --component server --prefix "$ROOT/usr" --strip >/dev/null
bin="$ROOT/usr/bin/ovhmock"
version=$("$bin" --version | awk '{print $2}')

# Shared libraries: what the dynamic loader loads for this binary (ldd), with the loader
# itself (the binary's PT_INTERP, the line without "=>"); linux-vdso comes from the kernel.
ldd_out=$(ldd "$bin")
if grep -q 'not found' <<<"$ldd_out"; then
  echo "build-image: libraries not found:" >&2
  grep 'not found' <<<"$ldd_out" >&2
  exit 1
fi
libs=$(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$ldd_out")
[ -n "$libs" ] || { echo "build-image: ldd found no libraries" >&2; exit 1; }
for lib in $libs; do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
  chmod 0755 "$ROOT$lib"
done

# CA certificates (the image sets SSL_CERT_FILE to them).
ca=/etc/ssl/certs/ca-certificates.crt
[ -f "$ca" ] || { echo "build-image: $ca missing (Debian package ca-certificates)" >&2; exit 1; }
mkdir -p "$ROOT/etc/ssl/certs"
cp "$ca" "$ROOT/etc/ssl/certs/"

# The non-root user the image runs as, and /tmp (data sets posted to /__admin/dataset,
# --tls-ca-out files).
cat >"$ROOT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
ovhmock:x:10001:10001:ovhmock:/nonexistent:/sbin/nologin
PASSWD
cat >"$ROOT/etc/group" <<'GROUP'
root:x:0:
ovhmock:x:10001:
GROUP
mkdir -p "$ROOT/tmp"
chmod 1777 "$ROOT/tmp"
chmod -R go-w,a+rX "$ROOT/usr" "$ROOT/etc"

cp container/Containerfile "$CONTEXT/Containerfile"
echo "build-image: staged $CONTEXT ($(du -sh "$ROOT" | cut -f1), $(wc -w <<<"$libs") libraries)"
if $stage_only; then
  echo "build-image: build it with: docker build -t ovhmock:$version $CONTEXT"
  exit 0
fi

# 3. The image.
tool=${OVHMOCK_CONTAINER_TOOL:-}
if [ -z "$tool" ]; then
  if command -v podman >/dev/null; then
    tool=podman
  elif command -v docker >/dev/null; then
    tool=docker
  else
    ./scripts/container-deps.sh >&2 || { echo "build-image: podman not installable" >&2; exit 3; }
    tool=podman
  fi
fi
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
source_url=$(git remote get-url origin 2>/dev/null || true)
[[ "$source_url" =~ ^https:// ]] || source_url=unknown
build_args=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=$source_url")
[ -n "${OVHMOCK_IMAGE_LICENSE:-}" ] && build_args+=(--build-arg "LICENSE=$OVHMOCK_IMAGE_LICENSE")
format=()
[ "$tool" = podman ] && format=(--format docker --layers=false)  # OCI has no HEALTHCHECK; no cache images
previous=$("$tool" image inspect --format '{{.Id}}' "ovhmock:$version" 2>/dev/null || true)
"$tool" build -q "${format[@]}" "${build_args[@]}" -t "ovhmock:$version" -t ovhmock:latest \
  -f "$CONTEXT/Containerfile" "$CONTEXT" >/dev/null
# The image this one replaces, now untagged: removed unless something else still uses it.
current=$("$tool" image inspect --format '{{.Id}}' "ovhmock:$version")
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  "$tool" image rm "$previous" >/dev/null 2>&1 || true
fi
size=$("$tool" image inspect --format '{{.Size}}' "ovhmock:$version")
echo "build-image: ovhmock:$version built with $tool ($((size / 1024)) KiB)"
