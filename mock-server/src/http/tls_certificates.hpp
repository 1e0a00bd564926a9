#pragma once
// A throw-away certificate authority and a server certificate signed by it, generated
// at start with OpenSSL (EC P-256, valid from one hour ago for 30 days), so that clients
// can trust the server by trusting the CA file (REQUESTS_CA_BUNDLE, SSL_CERT_FILE,
// NODE_EXTRA_CA_CERTS, httplib's set_ca_cert_path).
#include <string>
#include <vector>

namespace ovhmock {

struct TlsMaterial {
  std::string ca_cert_pem;
  std::string cert_pem;  // the server certificate
  std::string key_pem;   // its private key (never written to disk by the server)
};

// `names`: the subjectAltName entries; IP addresses become IP SANs, others DNS SANs.
// Throws std::runtime_error when OpenSSL fails.
TlsMaterial generate_tls_material(const std::vector<std::string>& names);

}  // namespace ovhmock
