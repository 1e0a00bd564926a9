#include "ovhmock/auth/explain.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "auth/explain_encodings.hpp"
#include "auth/explain_variants.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/url.hpp"

namespace ovhmock {
using namespace explain_detail;

namespace {

// A timestamp signed other than sent is searched this many seconds either way.
constexpr std::int64_t kTimestampSearch = 120;

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out.append(out.empty() ? "" : sep).append(p);
  return out;
}

// The consumer key as the hashed strings show it: "<CK:" + its mask + ">".
std::string consumer_key_label(const ExplainInput& in) { return "<CK:" + mask_secret(in.consumer_key) + ">"; }

// What the server hashed with the application's own keys, secrets masked.
std::string masked_preimage(const ExplainInput& in, std::string_view url, std::string_view ts) {
  return signature_preimage({"<AS>", consumer_key_label(in), in.method, url, in.body, ts});
}

// The signature header spelt otherwise than computed (percent-encoded, quoted, uppercase).
std::optional<SignatureHint> header_encoding_hint(const ExplainInput& in) {
  for (const auto& [spelling, note] : signature_spellings(in.signature))
    for (const auto& form : in.url_forms)
      if (constant_time_equal(
              compute_signature({in.application_secret, in.consumer_key, in.method, form.url, in.body, in.timestamp}),
              spelling)) {
        SignatureHint hint;
        hint.variant_class = "header-encoding";
        hint.variant = note;
        hint.hashed = masked_preimage(in, form.url, in.timestamp);
        return hint;
      }
  return std::nullopt;
}

// The signature matches with `signed_ts` as the timestamp (the URL forms as received).
std::optional<SignatureHint> signed_at(const ExplainInput& in, std::int64_t signed_ts, const std::string& note) {
  const std::string t = std::to_string(signed_ts);
  for (const auto& form : in.url_forms)
    if (constant_time_equal(
            compute_signature({in.application_secret, in.consumer_key, in.method, form.url, in.body, t}),
            in.signature)) {
      SignatureHint hint;
      hint.variant_class = "timestamp";
      hint.variant = note + ", sent X-Ovh-Timestamp " + std::string(in.timestamp);
      hint.hashed = masked_preimage(in, form.url, t);
      return hint;
    }
  return std::nullopt;
}

// A timestamp signed but another sent, further than ±1 s: within the time window either
// way, or the same instant in milliseconds.
std::optional<SignatureHint> timestamp_hint(const ExplainInput& in) {
  std::int64_t ts = 0;
  auto [p, ec] = std::from_chars(in.timestamp.data(), in.timestamp.data() + in.timestamp.size(), ts);
  if (ec != std::errc() || p != in.timestamp.data() + in.timestamp.size() || ts < 0 || ts >= std::int64_t{1} << 52)
    return std::nullopt;
  for (std::int64_t d = 2; d <= kTimestampSearch; ++d)
    for (std::int64_t sign : {-1, 1}) {
      const std::int64_t t = ts + sign * d;
      if (auto h = signed_at(
              in, t,
              "signed timestamp " + std::to_string(t) + " (" + std::to_string(sign * d) + " s from the one sent)"))
        return h;
    }
  for (std::int64_t ms = 0; ms < 1000; ++ms)
    if (auto h = signed_at(in, ts * 1000 + ms,
                           "signed the time in milliseconds (" + std::to_string(ts * 1000 + ms) + "), sent seconds"))
      return h;
  return std::nullopt;
}

// A URL variant, alone or with one other variant, and how many differences it makes.
struct Candidate {
  const UrlVariant* url;
  const OtherVariant* other;  // nullptr: URL change only
  std::size_t cost;
};

// Every URL variant alone (when it changes something) and with each other variant (unless
// it is not combined), fewest differences first; at equal count, URL changes (the commonest
// mistake) first.
std::vector<Candidate> ranked_candidates(const std::vector<UrlVariant>& urls, const std::vector<OtherVariant>& others) {
  std::vector<Candidate> candidates;
  for (const auto& u : urls) {
    if (!u.classes.empty()) candidates.push_back({&u, nullptr, u.classes.size()});
    if (u.alone) continue;
    for (const auto& o : others) candidates.push_back({&u, &o, u.classes.size() + 1});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.cost != b.cost ? a.cost < b.cost : (a.other == nullptr) > (b.other == nullptr);
  });
  return candidates;
}

// The inputs a candidate hashes besides its URL and the consumer key.
struct CandidateInputs {
  std::string_view secret, method, body, timestamp;
  bool swapped;  // AS and CK in each other's place
};

CandidateInputs candidate_inputs(const ExplainInput& in, const OtherVariant* o) {
  return {o && !o->secret.empty() ? std::string_view(o->secret) : in.application_secret,
          o && o->method ? std::string_view(*o->method) : in.method,
          o && o->body ? std::string_view(*o->body) : in.body,
          o && o->timestamp ? std::string_view(*o->timestamp) : in.timestamp, o && o->swapped};
}

// The hint naming a candidate that matched, and what it hashed (secrets masked).
SignatureHint candidate_hint(const ExplainInput& in, const Candidate& c, const CandidateInputs& x) {
  const OtherVariant* o = c.other;
  std::vector<std::string> classes = c.url->classes;
  std::vector<std::string> notes = c.url->notes;
  if (o) {
    classes.push_back(o->cls);
    notes.push_back(o->note);
  }
  const std::string label = o && !o->secret_label.empty() ? o->secret_label : "<AS>";
  const std::string ck_label = consumer_key_label(in);
  SignatureHint hint;
  hint.variant_class = join(classes, "+");
  hint.variant = join(notes, "; ");
  hint.hashed = x.swapped ? signature_preimage({ck_label, label, x.method, c.url->url, x.body, x.timestamp})
                          : signature_preimage({label, ck_label, x.method, c.url->url, x.body, x.timestamp});
  return hint;
}

// The first candidate whose signature is the one sent. Sets `stopped` when the search ends
// early, after hashing kMaxHashedBytes.
std::optional<SignatureHint> first_match(const ExplainInput& in, const std::vector<Candidate>& candidates,
                                         bool& stopped) {
  std::size_t hashed_bytes = 0;
  for (const auto& c : candidates) {
    const CandidateInputs x = candidate_inputs(in, c.other);
    hashed_bytes += x.secret.size() + in.consumer_key.size() + x.method.size() + c.url->url.size() + x.body.size() +
                    x.timestamp.size();
    if (hashed_bytes > kMaxHashedBytes) {
      stopped = true;
      return std::nullopt;
    }
    const std::string sig =
        x.swapped ? compute_signature({in.consumer_key, x.secret, x.method, c.url->url, x.body, x.timestamp})
                  : compute_signature({x.secret, in.consumer_key, x.method, c.url->url, x.body, x.timestamp});
    if (constant_time_equal(sig, in.signature)) return candidate_hint(in, c, x);
  }
  return std::nullopt;
}

// Nothing matched: what the server expected, or that the search stopped.
SignatureHint no_match(const ExplainInput& in, bool stopped) {
  SignatureHint none;
  none.variant_class = "none";
  none.variant = stopped ? "search stopped after hashing 16 MiB (large body)"
                         : "no known variant matches: check the application secret, the consumer key and the exact "
                           "bytes sent";
  none.hashed = masked_preimage(in, in.url_forms.empty() ? "" : in.url_forms.front().url, in.timestamp);
  return none;
}

}  // namespace

std::string SignatureHint::header_line() const {
  // Nothing matched: `hashed` is what the server expected, not what the client signed.
  std::string line =
      variant_class + ": " + variant + (variant_class == "none" ? "; expected: " : "; hashed: ") + hashed;
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (line.compare(i, 3, "\xe2\x80\xa6") == 0) {  // the mask's ellipsis
      out.append("...");
      i += 2;
    } else if (c < 0x20 || c >= 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out.append("\\x").push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
    if (out.size() > kMaxHeaderLine) {
      out.resize(kMaxHeaderLine);
      out.append("...");
      break;
    }
  }
  return out;
}

SignatureHint explain_signature_mismatch(const ExplainInput& in) {
  if (auto hint = header_encoding_hint(in)) return *hint;
  const auto urls = url_variants(in.url_forms);
  const auto others = other_variants(in);
  bool stopped = false;
  if (auto hint = first_match(in, ranked_candidates(urls, others), stopped)) return *hint;
  if (!stopped)
    if (auto hint = timestamp_hint(in)) return *hint;
  return no_match(in, stopped);
}

}  // namespace ovhmock
