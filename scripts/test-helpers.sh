#!/usr/bin/env bash
# Tests the Go (go/ovhmocktest) and Node.js (node/, examples/node*) test helpers against the
# server built by this checkout, and prints the wall time of each step. Called by test.sh
# after ctest; installs Go and Node.js through apt when missing; Go modules and npm packages
# come from their registries (cached after the first run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export OVHMOCK_BIN=${OVHMOCK_BIN:-$ROOT/${OVHMOCK_BUILD_DIR:-build}/mock-server/ovhmock}
[ -x "$OVHMOCK_BIN" ] || { echo "test-helpers: no server at $OVHMOCK_BIN (build it first)" >&2; exit 1; }

missing=()
command -v go >/dev/null || missing+=(golang-go)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] || ./scripts/apt-install.sh test-helpers "${missing[@]}"

timings=()
step() {
  local name=$1; shift
  local start ms
  start=$(date +%s%N)
  echo "== test-helpers: $name"
  "$@"
  ms=$((($(date +%s%N) - start) / 1000000))
  timings+=("$(printf '%4d.%d s  %s' $((ms / 1000)) $((ms % 1000 / 100)) "$name")")
}

# gofmt's list goes to stderr with echo: `tee /dev/stderr` would reopen, and so truncate, a log
# file that stdout and stderr are redirected to.
go_vet() {
  (cd go/ovhmocktest && go vet ./... && {
    local unformatted
    unformatted=$(gofmt -l .)
    [ -z "$unformatted" ] || { echo "test-helpers: not gofmt'ed: $unformatted" >&2; return 1; }
  })
}
go_test() { (cd go/ovhmocktest && go test -race -count=1 ./...); }

# A module outside the repository consumes the helper through a replace directive, as a user
# would, and creates a record with go-ovh, three times under the race detector.
go_outside() {
  local dir
  dir=$(mktemp -d)
  cat > "$dir/go.mod" <<GOMOD
module example.test/records

go 1.19

require (
	github.com/ovh/go-ovh v1.9.0
	ovhmock/ovhmocktest v0.0.0
)

replace ovhmock/ovhmocktest => $ROOT/go/ovhmocktest
GOMOD
  cp go/ovhmocktest/go.sum "$dir/go.sum"
  cat > "$dir/records_test.go" <<'GOTEST'
package records

import (
	"testing"

	"ovhmock/ovhmocktest"
	"ovhmock/ovhmocktest/ovhclient"
)

func TestCreateRecord(t *testing.T) {
	t.Parallel()
	s, client := ovhclient.Start(t)
	var rec struct {
		ID     int64  `json:"id"`
		Target string `json:"target"`
	}
	err := client.Post("/domain/zone/example.com/record",
		map[string]interface{}{"fieldType": "A", "subDomain": "www", "target": "203.0.113.10", "ttl": 60}, &rec)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID == 0 || rec.Target != "203.0.113.10" {
		t.Fatalf("record %+v", rec)
	}
	if n, err := s.CountRequests(ovhmocktest.Filter{Method: "POST"}); err != nil || n != 1 {
		t.Fatalf("journal: %d %v", n, err)
	}
}
GOTEST
  local rc=0
  (cd "$dir" && go mod tidy && go test -race -count=3 -v ./... >"$dir/out" 2>&1) || rc=$?
  grep -E '^(--- |ok|FAIL)' "$dir/out" || cat "$dir/out"
  [ $rc -eq 0 ] || cat "$dir/out"
  rm -rf "$dir"
  return $rc
}

# npm ci in the current directory, skipped when node_modules was installed from this very lock file.
npm_ci() {
  local h
  h=$(cat package.json package-lock.json | sha256sum | cut -c1-32)
  if [ "$(cat node_modules/.ovhmock-lock-hash 2>/dev/null)" != "$h" ]; then
    npm ci --no-audit --no-fund --silent
    echo "$h" > node_modules/.ovhmock-lock-hash
  fi
}
node_pkg() {
  # tsc type-checks index.js and regenerates its declarations: the committed ones must match.
  (cd node && npm_ci && tmp=$(mktemp -d) && npx tsc --outDir "$tmp" && diff -ru types "$tmp" && rm -rf "$tmp" \
    && node --test)
}
node_examples() { (cd examples/node && npm_ci && node --test); }
node_runners() { (cd examples/node-runners && npm_ci && npx vitest run && NODE_OPTIONS=--experimental-vm-modules npx jest); }

step "go vet + gofmt (go/ovhmocktest)" go_vet
step "go test -race ./... (go/ovhmocktest, examples included)" go_test
step "go test -race -count=3 from a module outside the repository" go_outside
step "npm ci + tsc + node --test (node/)" node_pkg
step "npm ci + node --test (examples/node)" node_examples
step "npm ci + vitest + jest (examples/node-runners)" node_runners

echo "== test-helpers: wall time per step"
printf '%s\n' "${timings[@]}"
