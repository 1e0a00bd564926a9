#pragma once
// Byte-level variants for the signature-mismatch explainer (explain.cpp): a body signed in
// one character encoding and sent in another, JSON re-serialised with its keys in another
// order or pretty-printed, and a signature header sent in another spelling.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ovhmock::explain_detail {

// Each byte of `s` read as Latin-1 and written as UTF-8: what a client signed when it hashed
// the UTF-8 text but sent Latin-1 bytes. nullopt when `s` is all ASCII.
std::optional<std::string> latin1_to_utf8(std::string_view s);

// `s` (valid UTF-8) as Latin-1 bytes, characters above U+00FF as '?' (Java's
// getBytes("iso-8859-1")): what java-ovh hashes when the body it sends is UTF-8. nullopt when
// `s` is all ASCII or not valid UTF-8.
std::optional<std::string> utf8_to_latin1(std::string_view s);

// JSON text re-serialised in forms that change only key order or spacing: keys sorted
// (Go's maps, Jackson's ORDER_MAP_ENTRIES_BY_KEYS), keys in reverse order, pretty-printed
// with 2 and 4 spaces, \u escapes in uppercase hex. Pairs of (text, note); none equals
// `body`. Empty when `body` is not JSON or is too large to try.
std::vector<std::pair<std::string, std::string>> reserialised_bodies(std::string_view body);

// The values a client may have meant by the X-Ovh-Signature header it sent, when that header
// is spelt otherwise than the server computes signatures: percent-decoded, surrounding
// whitespace or quotes removed, hex in lowercase. Pairs of (value, note); none equals `sent`.
std::vector<std::pair<std::string, std::string>> signature_spellings(std::string_view sent);

}  // namespace ovhmock::explain_detail
