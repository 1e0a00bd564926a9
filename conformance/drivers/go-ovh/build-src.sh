#!/usr/bin/env bash
# Builds the go-ovh driver against a local checkout of github.com/ovh/go-ovh (--client-src):
# a copy of the driver whose go.mod replaces the pinned module with the checkout.
# Usage: build-src.sh SRC OUTDIR  (writes OUTDIR/go-ovh-driver)
set -euo pipefail
src="$(cd "$1" && pwd)"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
[ -f "$src/go.mod" ] && grep -q '^module github.com/ovh/go-ovh' "$src/go.mod" \
  || { echo "build-src.sh: $src is not a github.com/ovh/go-ovh checkout (no go.mod naming that module)" >&2; exit 2; }
mkdir -p "$out/build"
rm -f "$out/build"/*.go
cp "$here"/*.go "$here/go.mod" "$here/go.sum" "$out/build/"
cd "$out/build"
go mod edit -replace "github.com/ovh/go-ovh=$src"
# The checkout may need other versions of go-ovh's own dependencies than the pinned release.
go mod tidy
go build -o ../go-ovh-driver .
