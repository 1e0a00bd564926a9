#pragma once
// A signer written apart from the server's (core/signature.cpp): the pre-image joined
// here, hashed in one call, hex-encoded here. Tests compute their expected signatures with
// it, so a bug in the server's signer cannot make a test agree with itself; the signature
// vectors in fixtures/signatures/ check this signer in turn (ReferenceSigner tests).
#include <openssl/evp.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace ovhmock::test {

inline std::string reference_signature(const std::string& as, const std::string& ck, const std::string& method,
                                       const std::string& url, const std::string& body, const std::string& ts) {
  const std::string preimage = as + "+" + ck + "+" + method + "+" + url + "+" + body + "+" + ts;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(preimage.data(), preimage.size(), md, &len, EVP_sha1(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  std::string out = "$1$";
  char pair[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", md[i]);
    out += pair;
  }
  return out;
}

}  // namespace ovhmock::test
