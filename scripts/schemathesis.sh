#!/usr/bin/env bash
# Schema-driven probing: schemathesis (pinned, in a git-ignored venv) against a running
# ovhmock, with OVH's OpenAPI files from ${OVHMOCK_SCHEMAS_DIR:-../shared/ovh-api-schemas}/openapi3/,
# restricted to the operations the server implements; each request signed with the
# default key. The accepted calls are captured from the journal for the strictness proof
# (build/hardening/captured/schemathesis.jsonl). Fails on a 5xx answer or an answer that violates the schema (OVH's files
# document the 200 answers only, so error statuses are not checked against them).
#   SCHEMATHESIS_MAX_EXAMPLES (default 30) examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
schemas=${OVHMOCK_SCHEMAS_DIR:-../shared/ovh-api-schemas}
case "$schemas" in /*) ;; *) schemas="$root/$schemas" ;; esac
if [ ! -d "$schemas/openapi3" ]; then
  echo "schemathesis: SKIPPED: no OpenAPI files in $schemas/openapi3; put OVH's schema files in OpenAPI 3 form" \
    "there (one per area, e.g. me.json, domain.json) or set OVHMOCK_SCHEMAS_DIR (README.md, \"OVH's schema files\")"
  exit 0
fi

./scripts/setup.sh >/dev/null
./scripts/hardening-deps.sh
work=build/hardening/schemathesis
venv=build/hardening/venv
mkdir -p "$work"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==4.32.5"
fi

bin="${OVHMOCK_BUILD_DIR:-build}/mock-server/ovhmock"
strictness="${OVHMOCK_BUILD_DIR:-build}/mock-server/tests/ovhmock_strictness"
rm -f "$work/port" "$work/counts"
"$bin" --port 0 --port-file "$work/port" --fixtures fixtures/default --journal-size 1000000 >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

# The operations the server implements, as schemathesis names them ("GET /me").
"$strictness" --list-routes >"$work/routes"
status=0
total=0
for schema in "$schemas"/openapi3/*.json; do
  includes=()
  while read -r method path; do
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if sys.argv[3].lower() in d.get("paths",{}).get(sys.argv[2],{}) else 1)' \
        "$schema" "$path" "$method"; then
      includes+=(--include-name "$method $path")
    fi
  done <"$work/routes"
  [ ${#includes[@]} -eq 0 ] && continue
  name=$(basename "$schema" .json)
  echo "schemathesis $name: $(( ${#includes[@]} / 2 )) operations"
  if ! OVHMOCK_SCHEMATHESIS_COUNTS="$root/$work/counts" OVHMOCK_KNOWN_PARAMETERS="$("$strictness" --known-parameters)" \
      PYTHONPATH="$root/mock-server/tests/schemathesis" SCHEMATHESIS_HOOKS=ovh_signing \
      "$venv/bin/schemathesis" run "$schema" --url "http://127.0.0.1:$port/1.0" "${includes[@]}" \
      --checks not_a_server_error,content_type_conformance,response_schema_conformance \
      --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" --seed 1 --no-color --suppress-health-check all \
      >"$work/$name.log" 2>&1; then
    status=1
    tail -n 60 "$work/$name.log"
  fi
  tail -n 5 "$work/$name.log"
done
# The accepted signed calls of this run feed the strictness proof (scripts/hardening.sh).
mkdir -p build/hardening/captured
python3 mock-server/tests/strictness/capture_journal.py "http://127.0.0.1:$port" fixtures/default \
  build/hardening/captured/schemathesis.jsonl
cases=$(wc -l <"$work/counts" 2>/dev/null || echo 0)
server_errors=$(grep -c '^5' "$work/counts" 2>/dev/null || true)
echo "schemathesis: ${cases} cases sent, ${server_errors:-0} answered 5xx: $([ $status -eq 0 ] && echo ok || echo FAILED)"
exit $status
