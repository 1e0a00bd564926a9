#pragma once
// The OVH request signature: "$1$" + sha1_hex(AS+CK+METHOD+URL+BODY+TS joined by '+').
#include <string>
#include <string_view>

namespace ovhmock {

struct SignatureInput {
  std::string_view application_secret;
  std::string_view consumer_key;
  std::string_view method;
  std::string_view url;
  std::string_view body;
  std::string_view timestamp;
};

// The exact bytes that are hashed.
std::string signature_preimage(const SignatureInput& in);

// The same bytes with the secret and the consumer key replaced by masks, safe to log.
std::string masked_preimage(const SignatureInput& in);

// "$1$" + lowercase hex SHA-1 of the preimage.
std::string compute_signature(const SignatureInput& in);

// Whether `sent` is the signature of `in`, compared in constant time. Allocates nothing once
// a thread has verified its largest pre-image (the pre-image is assembled in a per-thread
// buffer and hashed in one pass): this is the server's verification step.
bool signature_matches(const SignatureInput& in, std::string_view sent);

// Lowercase hex SHA-1 of arbitrary bytes (OpenSSL).
std::string sha1_hex(std::string_view bytes);

// Compares two strings in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// "abcd…" style mask of a secret: keeps the first 4 characters and the length.
std::string mask_secret(std::string_view secret);

}  // namespace ovhmock
