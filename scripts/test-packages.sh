#!/usr/bin/env bash
# Builds the packages from the existing build (scripts/build-packages.sh) and tests them as a
# user gets them, outside the checkout:
#   wheel: a fresh virtual environment in a temporary directory, `pip install` of the wheel,
#          a check (ldd) that the server loads only libraries from the wheel or the system's
#          C/C++ runtime, mypy --strict on the package's sources, then the package's own
#          tests (python/tests) and a copy of examples/pytest, run with LD_LIBRARY_PATH empty;
#   .deb:  `apt-get install ./ovhmock_*.deb`, the installed server started from /tmp answers a
#          signed GET /1.0/me with its default data set, `man ovhmock` shows the flags; the
#          package is removed again afterwards.
# Prints the wall time of each step. Called by scripts/test.sh after ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=$(realpath "${OVHMOCK_BUILD_DIR:-build}")
OUT="$BUILD_DIR/packages"
WORK=$(mktemp -d /tmp/ovhmock-packages.XXXXXX)
DEB_INSTALLED_BY_US=0
cleanup() {
  if [ "$DEB_INSTALLED_BY_US" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y -qq ovhmock >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
trap cleanup EXIT

declare -a TIMES=()
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
step() {  # step NAME COMMAND...: runs it, records its wall time
  local name=$1; shift
  local start
  start=$(date +%s.%N)
  echo "== test-packages: $name"
  "$@"
  TIMES+=("$(printf '%-34s %6.1f s' "$name" "$(elapsed "$start")")")
}

wheel_venv() {
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q --disable-pip-version-check --no-input \
    "$OUT"/ovhmock-*.whl -r "$ROOT/examples/pytest/requirements.txt"
}

check_libraries() {
  # Every library the installed server loads, with LD_LIBRARY_PATH empty, must come from the
  # wheel (ovhmock.libs/) or be part of the C/C++ runtime every Linux system has (glibc,
  # libstdc++, libgcc_s; zlib, which the manylinux policy also counts as a system library).
  local bin
  bin=$("$WORK/venv/bin/python" -c 'import ovhmock.testing as t; print(t.find_binary())')
  case "$bin" in "$WORK/venv/"*) ;; *) echo "server not from the wheel: $bin" >&2; return 1 ;; esac
  LD_LIBRARY_PATH= ldd "$bin" > "$WORK/ldd.txt"
  cat "$WORK/ldd.txt"
  local bad
  bad=$(grep -v -E '^\s*(linux-vdso\.so\.1|/lib64/ld-linux-x86-64\.so\.2) ' "$WORK/ldd.txt" \
        | grep -v -E "=> $WORK/venv/lib/python3[.0-9]*/site-packages/ovhmock/_server/bin/\.\./\.\./\.\./ovhmock\.libs/" \
        | grep -v -E '^\s*(libc|libm|libpthread|libdl|librt|libstdc\+\+|libgcc_s|libz)\.so\.[0-9]+ => /(usr/)?lib(64|/x86_64-linux-gnu)/' || true)
  if [ -n "$bad" ]; then
    echo "libraries from outside the wheel and the C/C++ runtime:" >&2
    echo "$bad" >&2
    return 1
  fi
}

wheel_types() {
  # the package's sources, typed strictly, against what the fresh environment has installed
  "$BUILD_DIR/pkg-venv/bin/mypy" --strict --python-executable "$WORK/venv/bin/python" \
    --cache-dir "$WORK/mypy-cache" "$ROOT/python/ovhmock"
}

wheel_tests() {
  cp -r "$ROOT/python/tests" "$WORK/package-tests"
  (cd "$WORK/package-tests" && LD_LIBRARY_PATH= "$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider)
}

wheel_examples() {
  cp -r "$ROOT/examples/pytest" "$WORK/examples"
  (cd "$WORK/examples" && LD_LIBRARY_PATH= "$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider)
}

deb_install() {
  if dpkg-query -W -f='${Status}' ovhmock 2>/dev/null | grep -q 'install ok installed'; then
    echo "test-packages: an ovhmock package is already installed; it is replaced and then removed" >&2
  fi
  command -v man >/dev/null || {
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq man-db >/dev/null; }
  DEB_INSTALLED_BY_US=1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$OUT"/ovhmock_*_amd64.deb >/dev/null
  dpkg-query -W -f='installed ${Package} ${Version}, Depends: ${Depends}\n' ovhmock
}

deb_run() {
  # From /tmp, with nothing telling it where its data set is.
  (cd /tmp && python3 - <<'PY'
import hashlib, json, subprocess, sys, time, urllib.request
proc = subprocess.Popen(["/usr/bin/ovhmock", "--port", "0", "--stop-on-stdin-eof"],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                        text=True)
out = []
for line in proc.stdout:
    out.append(line)
    if line.startswith('{"'):
        ready = json.loads(line)
        break
else:
    sys.exit("no ready line:\n" + "".join(out))
banner = {k: line.split()[-1] for line in out for k in ("application key", "application secret",
                                                        "consumer key") if k in line}
apps = json.load(open("/usr/share/ovhmock/default/applications.json"))
assert banner["application key"] == apps[0]["applicationKey"], (banner, "data set not the packaged one")
ak, as_, ck = banner["application key"], banner["application secret"], banner["consumer key"]
url = ready["endpoint"] + "/me"
ts = str(int(time.time()))
sig = "$1$" + hashlib.sha1("+".join([as_, ck, "GET", url, "", ts]).encode()).hexdigest()
req = urllib.request.Request(url, headers={"X-Ovh-Application": ak, "X-Ovh-Consumer": ck,
                                           "X-Ovh-Timestamp": ts, "X-Ovh-Signature": sig})
with urllib.request.urlopen(req, timeout=10) as resp:
    me = json.load(resp)
    assert resp.status == 200 and me["nichandle"], me
print(f"GET {url} -> 200, nichandle {me['nichandle']}")
proc.stdin.close()
assert proc.wait(timeout=10) == 0
PY
  )
}

deb_man() {
  MANPAGER=cat MANWIDTH=100 man ovhmock > "$WORK/man.txt" 2>"$WORK/man.err"
  head -5 "$WORK/man.txt"
  for flag in --port --fixtures --stop-on-stdin-eof --tls-ca-out --auto-validate; do
    grep -q -- "$flag" "$WORK/man.txt" || { echo "man ovhmock: no $flag" >&2; return 1; }
  done
}

deb_remove() {
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y -qq ovhmock >/dev/null
  DEB_INSTALLED_BY_US=0
  [ ! -e /usr/bin/ovhmock ] && [ ! -e /usr/share/ovhmock ]
}

total_start=$(date +%s.%N)
step "build packages (deb, wheel, sdist)" ./scripts/build-packages.sh
step "wheel: fresh venv + pip install" wheel_venv
step "wheel: ldd with LD_LIBRARY_PATH=" check_libraries
step "python: mypy --strict" wheel_types
step "wheel: python/tests" wheel_tests
step "wheel: examples/pytest" wheel_examples
step "deb: apt-get install" deb_install
step "deb: run from /tmp, signed GET" deb_run
step "deb: man ovhmock" deb_man
step "deb: apt-get purge" deb_remove

echo "== test-packages: wall times"
printf '  %s\n' "${TIMES[@]}"
printf '  %-34s %6.1f s\n' "total" "$(elapsed "$total_start")"
ls -l "$OUT" | awk 'NR > 1 {printf "  %s %s bytes\n", $9, $5}'
