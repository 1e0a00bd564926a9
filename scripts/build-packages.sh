#!/usr/bin/env bash
# Builds the packages from the existing build directory (build/, or $OVHMOCK_BUILD_DIR), without
# compiling the server again:
#   <build>/packages/ovhmock-<version>-py3-none-manylinux_*_x86_64.whl  (auditwheel-repaired)
#   <build>/packages/ovhmock-<version>.tar.gz                           (sdist: builds from source)
#   <build>/packages/ovhmock_<version>_amd64.deb                        (CPack, man page by help2man)
# Installs what it needs (help2man, dpkg-dev; the Python tools in <build>/pkg-venv) when missing.
# Run ./scripts/setup.sh first (it configures and builds <build>).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=$(realpath "${OVHMOCK_BUILD_DIR:-build}")
OUT="$BUILD_DIR/packages"
STAGE="$BUILD_DIR/pkg/stage"
VENV="$BUILD_DIR/pkg-venv"

[ -f "$BUILD_DIR/CMakeCache.txt" ] || { echo "build-packages: no build in $BUILD_DIR; run ./scripts/setup.sh" >&2; exit 1; }

packages=(help2man dpkg-dev)
# python3-venv is only needed where the interpreter lacks venv/ensurepip
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)
./scripts/apt-install.sh build-packages "${packages[@]}"

req=packaging/requirements-build.txt
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$req" "$VENV/requirements-build.txt"; then
  echo "build-packages: Python tools into $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-input -r "$req"
  cp "$req" "$VENV/requirements-build.txt"
fi

rm -rf "$OUT" "$STAGE" "$BUILD_DIR/pkg/dist"
mkdir -p "$OUT"

# The man page target exists only when help2man was found at configure time: re-run the
# configure step (cache kept) so a build configured before help2man was installed gets it.
grep -q '^OVHMOCK_HELP2MAN:FILEPATH=/' "$BUILD_DIR/CMakeCache.txt" || cmake "$BUILD_DIR" >/dev/null
cmake --build "$BUILD_DIR" --target ovhmock ovhmock-man

# Debian package
(cd "$BUILD_DIR" && cpack -G DEB -B "$BUILD_DIR/pkg/deb" >/dev/null)
cp "$BUILD_DIR"/pkg/deb/ovhmock_*_amd64.deb "$OUT/"

# Wheel: the installed tree of this build, packaged by packaging/prebuilt (see pyproject.toml),
# then repaired by auditwheel (copies libssl, libcrypto, cpp-httplib, brotli into the wheel).
cmake --install "$BUILD_DIR" --component server --prefix "$STAGE" --strip >/dev/null
OVHMOCK_PREBUILT="$STAGE" "$VENV/bin/pip" wheel . --no-deps --no-build-isolation -q \
  --disable-pip-version-check -w "$BUILD_DIR/pkg/dist"
PATH="$VENV/bin:$PATH" "$VENV/bin/auditwheel" repair -w "$OUT" "$BUILD_DIR"/pkg/dist/ovhmock-*.whl

# sdist (the whole C++ tree; `pip install` of it compiles the server)
"$VENV/bin/python" -m build --sdist --no-isolation -o "$OUT" . >/dev/null

ls -l "$OUT"
