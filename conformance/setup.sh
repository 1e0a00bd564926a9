#!/usr/bin/env bash
# Installs the conformance drivers' dependencies at the pinned versions into conformance/.deps
# (git-ignored): the Python venv from requirements.txt, node-ovh from package-lock.json
# (npm ci), the go-ovh v1.9.0 driver from go.mod/go.sum, Debian's go-ovh 1.1.0 and Debian's
# certbot-dns-ovh.
# Idempotent: each part is redone only when its inputs changed (a hash stamp per part).
set -euo pipefail
cd "$(dirname "$0")"
DEPS=.deps
mkdir -p "$DEPS/stamps" "$DEPS/bin"

# A part is current when the hash of its inputs equals its stamp.
inputs_hash() { cat "$@" | sha256sum | cut -c1-32; }
current() { [ -f "$DEPS/stamps/$1" ] && [ "$(cat "$DEPS/stamps/$1")" = "$2" ]; }
stamp() { echo "$2" > "$DEPS/stamps/$1"; }

apt_missing=()
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$1"); }
need_pkg golang-github-ovh-go-ovh-dev
need_pkg python3-certbot-dns-ovh  # the certbot column, on Debian's own Python and dns-lexicon 3.11.7
command -v go >/dev/null || need_pkg golang-go
command -v node >/dev/null || need_pkg nodejs
command -v npm >/dev/null || need_pkg npm
python3 -c 'import venv, ensurepip' 2>/dev/null || need_pkg python3-venv
[ ${#apt_missing[@]} -eq 0 ] || ../scripts/apt-install.sh "conformance setup" "${apt_missing[@]}"

# Python: python-ovh, dns-lexicon, apache-libcloud, octodns + octodns-ovh.
h=$(inputs_hash requirements.txt)
if ! current python "$h" || [ ! -x "$DEPS/venv/bin/python" ]; then
  echo "conformance setup: Python venv from requirements.txt"
  [ -x "$DEPS/venv/bin/python" ] || python3 -m venv "$DEPS/venv"
  "$DEPS/venv/bin/pip" install -q --disable-pip-version-check --no-input -r requirements.txt
  stamp python "$h"
fi

# Node: @ovhcloud/node-ovh 3.0.0 and ovh 2.0.3, exactly as locked.
h=$(inputs_hash drivers/node-ovh/package.json drivers/node-ovh/package-lock.json)
if ! current node "$h" || [ ! -d drivers/node-ovh/node_modules ]; then
  echo "conformance setup: npm ci (node-ovh)"
  (cd drivers/node-ovh && npm ci --no-audit --no-fund --silent)
  stamp node "$h"
fi

# go-ovh v1.9.0 (module mode, through the Go module proxy).
h=$(inputs_hash drivers/go-ovh/*.go drivers/go-ovh/go.mod drivers/go-ovh/go.sum)
if ! current go-ovh "$h" || [ ! -x "$DEPS/bin/go-ovh-driver" ]; then
  echo "conformance setup: go build (go-ovh v1.9.0)"
  (cd drivers/go-ovh && go build -o ../../$DEPS/bin/go-ovh-driver .)
  stamp go-ovh "$h"
fi

# go-ovh 1.1.0 from Debian, GOPATH mode as Debian ships it (same driver source, -tags debian).
h=$(inputs_hash drivers/go-ovh/main.go drivers/go-ovh/features_debian.go /usr/share/gocode/src/github.com/ovh/go-ovh/ovh/ovh.go)
if ! current go-ovh-debian "$h" || [ ! -x "$DEPS/bin/go-ovh-debian-driver" ]; then
  echo "conformance setup: go build (Debian go-ovh 1.1.0, GOPATH mode)"
  src="$DEPS/gopath/src/ovhmock-go-ovh-debian"
  rm -rf "$src" && mkdir -p "$src"
  cp drivers/go-ovh/main.go drivers/go-ovh/features_debian.go "$src/"
  gopath="$(cd "$DEPS/gopath" && pwd):/usr/share/gocode"
  (cd "$src" && GO111MODULE=off GOPATH="$gopath" GOFLAGS= go build -tags debian -o ../../../bin/go-ovh-debian-driver .)
  stamp go-ovh-debian "$h"
fi
