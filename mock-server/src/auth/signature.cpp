#include "ovhmock/auth/signature.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>
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

constexpr char kHexDigits[] = "0123456789abcdef";

std::string to_hex(const unsigned char* bytes, unsigned int n) {
  std::string out(static_cast<std::size_t>(n) * 2, '\0');
  for (unsigned int i = 0; i < n; ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 0xf];
  }
  return out;
}

// AS+CK+METHOD+URL+ : the pre-image up to the body.
void append_head(std::string& out, const SignatureInput& in) {
  out.append(in.application_secret).push_back('+');
  out.append(in.consumer_key).push_back('+');
  out.append(in.method).push_back('+');
  out.append(in.url).push_back('+');
}

// +TS : the pre-image after the body.
void append_tail(std::string& out, const SignatureInput& in) { out.append(1, '+').append(in.timestamp); }

using Digest = std::array<unsigned char, EVP_MAX_MD_SIZE>;

// SHA-1 of the pre-image in as few updates as possible (each update costs more than copying
// a short string): the parts are assembled in a per-thread buffer, kept between calls so
// that it allocates nothing once grown; a body over 1 KiB is hashed where it is instead of
// copied. Returns the digest length.
unsigned int hash_preimage(const SignatureInput& in, Digest& md) {
  constexpr std::size_t kCopiedBody = 1024;
  thread_local std::string buffer;
  buffer.clear();
  append_head(buffer, in);
  const bool copy_body = in.body.size() <= kCopiedBody;
  if (copy_body) append_tail(buffer.append(in.body), in);
  EVP_MD_CTX* ctx = thread_ctx();
  bool ok =
      EVP_DigestInit_ex2(ctx, sha1_md(), nullptr) == 1 && EVP_DigestUpdate(ctx, buffer.data(), buffer.size()) == 1;
  if (ok && !copy_body) {
    buffer.clear();
    append_tail(buffer, in);
    ok = EVP_DigestUpdate(ctx, in.body.data(), in.body.size()) == 1 &&
         EVP_DigestUpdate(ctx, buffer.data(), buffer.size()) == 1;
  }
  unsigned int len = 0;
  if (!ok || EVP_DigestFinal_ex(ctx, md.data(), &len) != 1) throw std::runtime_error("SHA-1 failed");
  return len;
}

}  // namespace

std::string signature_preimage(const SignatureInput& in) {
  std::string out;
  out.reserve(in.application_secret.size() + in.consumer_key.size() + in.method.size() + in.url.size() +
              in.body.size() + in.timestamp.size() + 5);
  append_head(out, in);
  append_tail(out.append(in.body), in);
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
  Digest md{};
  const unsigned int len = hash_preimage(in, md);
  return "$1$" + to_hex(md.data(), len);
}

bool signature_matches(const SignatureInput& in, std::string_view sent) {
  constexpr std::size_t kLength = 3 + 2 * 20;  // "$1$" + 40 hex digits
  if (sent.size() != kLength) return false;    // the length of a signature is public
  Digest md{};
  if (hash_preimage(in, md) != 20) return false;
  std::array<char, kLength> expected{'$', '1', '$'};
  for (std::size_t i = 0; i < 20; ++i) {
    expected[3 + 2 * i] = kHexDigits[md[i] >> 4];
    expected[4 + 2 * i] = kHexDigits[md[i] & 0xf];
  }
  return constant_time_equal(std::string_view(expected.data(), kLength), sent);
}

std::string sha1_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, sha1_md(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  return to_hex(md.data(), len);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // The length of a signature is public ("$1$" + 40 hex); only the content is compared in
  // constant time, eight bytes at a time, then the rest byte by byte.
  if (a.size() != b.size()) return false;
  std::uint64_t diff = 0;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x = 0, y = 0;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    diff |= x ^ y;
  }
  for (; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  return diff == 0;
}

std::string mask_secret(std::string_view secret) {
  if (secret.empty()) return "";
  const std::size_t keep = secret.size() > 8 ? 4 : 0;
  return std::string(secret.substr(0, keep)) + "…(" + std::to_string(secret.size()) + ")";
}

}  // namespace ovhmock
