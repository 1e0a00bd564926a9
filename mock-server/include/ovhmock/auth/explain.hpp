#pragma once
// The signature-mismatch explainer. When a signature matches no accepted URL form,
// recomputes it over a bounded set of variants of the request, the ways real clients
// get it wrong, and reports the first that matches:
//   scheme          http <-> https
//   port            the Host without its port
//   version-prefix  /1.0 <-> /v1
//   path-encoding   the path signed decoded (an IP block's %2F signed as /)
//   query-encoding  '+' <-> %20, %xx upper/lower case, unencoded
//   host            another loopback name (localhost <-> 127.0.0.1 <-> [::1]), or one of
//                   OVH's API hosts (https://eu.api.ovh.com, ...)
//   body            re-serialised JSON (escaped vs raw UTF-8, spaces after separators,
//                   escaped '/', Go's <>& escapes), or an empty body
//   body            also: keys sorted or reversed, pretty-printed, \u escapes in uppercase
//   encoding        body signed as UTF-8 and sent as Latin-1, or the reverse
//   header-encoding X-Ovh-Signature percent-encoded, quoted, or in uppercase hex
//   timestamp       X-Ovh-Timestamp ±1; then, URL as received only, ±120 s and milliseconds
//   method-case     the method in another case
//   keys-swapped    AS and CK in each other's place
//   wrong-secret    the secret of another application
// URL variants combine (scheme+port is node-ovh's form; host with scheme and port only);
// the other classes are tried over the URL variants without query or host changes. Simplest explanation first.
// The hashed string is reported with the application secret and the consumer key masked.
#include <string>
#include <string_view>
#include <vector>

#include "ovhmock/auth/credentials.hpp"
#include "ovhmock/auth/decision.hpp"

namespace ovhmock {

struct ExplainInput {
  std::string_view method;
  std::vector<SignedUrlForm> url_forms;  // strict first
  std::string_view body;
  std::string_view application_key;
  std::string_view application_secret;
  std::string_view consumer_key;
  std::string_view timestamp;
  std::string_view signature;
  std::vector<Application> other_applications;  // candidates for wrong-secret (at most 64 are tried)
};

SignatureHint explain_signature_mismatch(const ExplainInput& in);

}  // namespace ovhmock
