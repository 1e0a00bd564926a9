#pragma once
// The variants of a request the signature-mismatch explainer tries (private to src/auth/):
// URL variants (explain_urls.cpp) and the other ones: body, timestamp, method, keys
// (explain_bodies.cpp). explain.cpp hashes them and names the one that matches.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ovhmock/auth/explain.hpp"

namespace ovhmock::explain_detail {

constexpr std::size_t kMaxOtherApplications = 64;
constexpr std::size_t kMaxHeaderLine = 1024;
// Bounds on the work one failed request may cause: bodies above this size are not
// re-serialised, and the search stops once this many bytes have been hashed.
constexpr std::size_t kMaxBodyToReserialise = 64 * 1024;
constexpr std::size_t kMaxHashedBytes = 16 * 1024 * 1024;

struct UrlVariant {
  std::string url;
  std::vector<std::string> classes;
  std::vector<std::string> notes;
  bool alone = false;  // a query or host change: not combined with the other classes
};

struct OtherVariant {
  std::string cls;
  std::string note;
  std::optional<std::string> body;
  std::optional<std::string> timestamp;
  std::optional<std::string> method;
  bool swapped = false;
  std::string secret;        // empty: the application's own
  std::string secret_label;  // "<AS of …>"
};

std::string replace_all(std::string s, std::string_view from, std::string_view to);
std::vector<UrlVariant> url_variants(const std::vector<SignedUrlForm>& forms);
std::vector<OtherVariant> other_variants(const ExplainInput& in);

}  // namespace ovhmock::explain_detail
