#include "tools/server_help.hpp"

namespace ovhmock {

namespace {

constexpr char kHelp[] = R"(ovhmock: a mock of the OVHcloud API that checks signatures like the real one.

usage: ovhmock [options]
       ovhmock sign --help        compute the signature a request should carry
       ovhmock health --help      ask a running server whether it is healthy (exit status)
       ovhmock container --help   the container image's entrypoint (docs/container.md)

options:
  --host HOST              address to listen on (default 127.0.0.1)
  --port PORT              port to listen on; 0 picks a free one (default 8080)
  --port-file FILE         write the bound port to FILE once listening
  --fixtures DIR           data set to load (default: the shipped default data set,
                           <prefix>/share/ovhmock/default beside an installed binary)
  --time-window SECONDS    accepted distance between X-Ovh-Timestamp and the server
                           clock, either way (default 300)
  --threads N              I/O threads serving every connection (default: one per core)
  --max-body-bytes N       largest request body accepted (default 1048576)
  --read-timeout SECONDS   close a connection that sends nothing for this long in the
                           middle of a request (default 10)
  --api-era ERA            current (default), 2024 or 2022: the real API's behaviours of
                           that time (void answers, TXT quoting, error bodies, record
                           types; docs/api.md "API eras"); the next four options
                           override it
  --void-200-null          answer void operations 200 with body `null` (the API before
                           October 2023) instead of 204 with no body
  --void-204               answer void operations 204 with no body
  --txt-quoting MODE       quoted (TXT targets in double quotes, since October 2025) or
                           as-sent
  --error-format FORMAT    superset ({class, errorCode, httpCode, message}), current
                           ({class, message}) or legacy ({errorCode, httpCode, message})
  --stop-on-stdin-eof      stop when standard input reaches end of file: a test helper
                           holds the other end of a pipe, so the server goes with the
                           test process even when that process is killed

credential flows (docs/credentials.md):
  --auto-validate          keys requested through POST /auth/credential are validated at
                           once, with the rules requested (for CI without a browser)
  --auto-validate-validity SECONDS
                           their validity; 0 or absent: unlimited
  --public-url URL         base of the validation links (default: the request's scheme
                           and Host header)

control plane, TLS, observability (docs/control-plane.md):
  --public-base URL        also accept signatures computed over URL + target, e.g.
                           https://eu.api.ovh.com or https://127.0.0.1 (node-ovh and
                           libcloud sign https://host without the port); repeatable.
                           Default: strict (only the URL as received)
  --journal-size N         requests kept in the journal (/__admin/requests); 0 disables
                           it (default 1000)
  --admin-token TOKEN      let non-loopback peers use /__admin with
                           Authorization: Bearer TOKEN (default: loopback only)
  --no-signature-hint      no X-Ovhmock-Signature-Hint header on INVALID_SIGNATURE
                           (the journal still explains)
  --log-format FORMAT      access log on stdout: plain, json or off (default plain)
  --tls                    the --port listener speaks HTTPS instead of HTTP
  --tls-port PORT          an HTTPS listener on PORT beside HTTP; 0 picks a free one
  --tls-cert FILE          certificate (PEM) for HTTPS; with --tls-key. Without them a
  --tls-key FILE           throw-away CA and server certificate (127.0.0.1, localhost,
                           ::1 and --host) are generated at start
  --tls-ca-out FILE        write the generated CA certificate (PEM) to FILE, for
                           REQUESTS_CA_BUNDLE, SSL_CERT_FILE or NODE_EXTRA_CA_CERTS

  --help                   this text
  --version                the version

Once listening, one line on stdout is machine-readable:
  {"endpoint":"http://127.0.0.1:8080/1.0","event":"ready","port":8080,"url":"http://127.0.0.1:8080"}
(keys in this order); with an HTTPS listener it also has "caFile" (with a generated CA),
"tlsEndpoint", "tlsPort" and "tlsUrl". A port already in use is an error (exit status 1).
SIGINT or SIGTERM stops the server cleanly.
)";

}  // namespace

std::string_view server_help() { return kHelp; }

}  // namespace ovhmock
