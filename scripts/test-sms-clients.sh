#!/usr/bin/env bash
# Real SMS senders against the server's /sms area, checked through the control plane's sink
# (docs/sms.md): Symfony's OvhCloud Notifier transport (Debian's php-symfony-ovh-cloud-notifier,
# unmodified, over HTTPS with the server's generated CA), python-ovh and django-two-factor-auth's
# OVH gateway (PyPI, pinned, in a virtual environment under the build directory). Installs what is missing; fast when present.
# Usage: scripts/test-sms-clients.sh [path/to/ovhmock]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${OVHMOCK_BUILD_DIR:-build}
bin=${1:-$build/mock-server/ovhmock}
[ -x "$bin" ] || { echo "test-sms-clients: no server binary at $bin (build the ovhmock target first)" >&2; exit 1; }
./scripts/apt-install.sh "test-sms-clients" --no-install-recommends php-cli php-symfony-ovh-cloud-notifier python3-venv
# python-ovh and django-two-factor-auth's OVH gateway, pinned; redone only when the pins change.
venv=$build/sms-clients-venv
requirements=mock-server/tests/sms/requirements.txt
pins=$(sha256sum "$requirements" | cut -c1-32)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ]; then
  echo "test-sms-clients: Python SMS senders from $requirements into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-input -r "$requirements"
  echo "$pins" >"$venv/.pins"
fi

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# The server stops when its standard input closes: this script holds the pipe open.
mkfifo "$tmp/stdin"
exec 3<>"$tmp/stdin"
"$bin" --port 0 --tls-port 0 --tls-ca-out "$tmp/ca.pem" --stop-on-stdin-eof <"$tmp/stdin" >"$tmp/out" 2>"$tmp/err" &
server_pid=$!
for _ in $(seq 100); do grep -q '"event":"ready"' "$tmp/out" 2>/dev/null && break; sleep 0.1; done
ready=$(grep '"event":"ready"' "$tmp/out") || { echo "test-sms-clients: the server did not start" >&2; cat "$tmp/err" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$ready" "$1"; }
url=$(field url)
tls_port=$(field tlsPort)

start=$(date +%s)
php mock-server/tests/sms/symfony_ovhcloud.php "127.0.0.1:$tls_port" "$url/__admin" "$tmp/ca.pem"
# The journal and the metrics see the transport's calls like any other: 4 sends, 3 answered 200
# (the national number is an invalid receiver in a 200), 1 refused for credits.
sends=$(curl -sf "$url/__admin/requests/count?method=POST&route=/1.0/sms/%7BserviceName%7D/jobs")
[ "$sends" = '{"count":4}' ] || { echo "test-sms-clients: the journal counted $sends SMS sends, not 4" >&2; exit 1; }
metric='ovhmock_requests_total{route="/1.0/sms/{serviceName}/jobs",method="POST",status="200"} 3'
curl -sf "$url/__admin/metrics" | grep -qF "$metric" || { echo "test-sms-clients: no metric $metric" >&2; exit 1; }
echo "ok: the journal and the metrics count the SMS sends"
curl -sf -X POST "$url/__admin/reset" >/dev/null
"$venv/bin/python" mock-server/tests/sms/python_ovh_sms.py "$url"
curl -sf -X POST "$url/__admin/reset" >/dev/null
"$venv/bin/python" mock-server/tests/sms/django_two_factor_ovh.py "$url"
# The Python and PHP tests of docs/sms.md, as written there (between the snippet markers).
snippet() { python3 -c 'import re,sys; t=open(sys.argv[1]).read(); m=re.search(r"<!-- snippet: "+sys.argv[2]+r" -->\n```\w+\n(.*?)```\n<!-- /snippet -->", t, re.S); print(m.group(1), end="")' docs/sms.md "$1"; }
snippet sms-python >"$tmp/test_signup_sms.py"
snippet sms-php >"$tmp/signup_sms_test.php"
OVHMOCK_URL=$url "$venv/bin/python" -c 'import runpy, sys; runpy.run_path(sys.argv[1])["test_signup_sends_the_code_by_sms"]()' "$tmp/test_signup_sms.py"
echo "ok: the Python test of docs/sms.md"
curl -sf -X POST "$url/__admin/reset" >/dev/null
OVHMOCK_TLS_HOST="127.0.0.1:$tls_port" OVHMOCK_URL=$url OVHMOCK_CA=$tmp/ca.pem php "$tmp/signup_sms_test.php"
echo "ok: the PHP test of docs/sms.md"
echo "test-sms-clients: the tests of docs/sms.md, Symfony's OvhCloud transport, python-ovh and django-two-factor-auth's OVH gateway passed in $(($(date +%s) - start)) s"
