#include "ovhmock/auth/signature.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace ovhmock {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};

// SHA-1 fetched from the provider once: EVP_sha1() in a digest init makes OpenSSL 3 look the
// algorithm up again on every call, which costs more than hashing a typical pre-image.
const EVP_MD* sha1_md() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "SHA1", nullptr));
  if (!md) throw std::runtime_error("EVP_MD_fetch(SHA1) failed");
  return md.get();
}

// One digest context per thread, reused: signing and verifying allocate nothing but the result.
EVP_MD_CTX* thread_ctx() {
  thread_local std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx) throw std::runtime_error("EVP_MD_CTX_new failed");
  return ctx.get();
}

std::string to_hex(const unsigned char* bytes, unsigned int n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(n) * 2, '\0');
  for (unsigned int i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string signature_preimage(const SignatureInput& in) {
  std::string out;
  out.reserve(in.application_secret.size() + in.consumer_key.size() + in.method.size() + in.url.size() +
              in.body.size() + in.timestamp.size() + 5);
  out.append(in.application_secret).append("+");
  out.append(in.consumer_key).append("+");
  out.append(in.method).append("+");
  out.append(in.url).append("+");
  out.append(in.body).append("+");
  out.append(in.timestamp);
  return out;
}

std::string masked_preimage(const SignatureInput& in) {
  SignatureInput masked = in;
  const std::string as = "<AS:" + mask_secret(in.application_secret) + ">";
  const std::string ck = "<CK:" + mask_secret(in.consumer_key) + ">";
  masked.application_secret = as;
  masked.consumer_key = ck;
  return signature_preimage(masked);
}

std::string compute_signature(const SignatureInput& in) {
  EVP_MD_CTX* ctx = thread_ctx();
  if (EVP_DigestInit_ex2(ctx, sha1_md(), nullptr) != 1) throw std::runtime_error("EVP_DigestInit_ex2 failed");
  const std::string_view parts[] = {in.application_secret, in.consumer_key, in.method, in.url, in.body, in.timestamp};
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) EVP_DigestUpdate(ctx, "+", 1);
    first = false;
    if (!part.empty()) EVP_DigestUpdate(ctx, part.data(), part.size());
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, md.data(), &len) != 1) throw std::runtime_error("EVP_DigestFinal_ex failed");
  return "$1$" + to_hex(md.data(), len);
}

std::string sha1_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, sha1_md(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  return to_hex(md.data(), len);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // The length of a signature is public ("$1$" + 40 hex); only the content is compared in constant time.
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  return diff == 0;
}

std::string mask_secret(std::string_view secret) {
  if (secret.empty()) return "";
  const std::size_t keep = secret.size() > 8 ? 4 : 0;
  return std::string(secret.substr(0, keep)) + "…(" + std::to_string(secret.size()) + ")";
}

}  // namespace ovhmock
