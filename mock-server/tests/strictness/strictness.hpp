#pragma once
// The strictness proof: every request the server accepted, replayed with one field
// changed, must be refused. Runs in-process through the Pipeline on a fresh copy of the
// data set for each replay, with the server clock set to the time of the original call.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ovhmock/model/request.hpp"
#include "ovhmock/server/server.hpp"

namespace ovhmock::strictness {

// An accepted request and the server time it was accepted at.
struct Captured {
  Request request;
  std::int64_t clock = 0;
};

// One single-field change of a request.
struct Mutant {
  std::string
      field;  // "method", "path segment 2", "query", "body byte 0", "timestamp", "AK", "CK", "signature char 7", ...
  Request request;
};

// Every single-field mutant of `r`, replayed at server time `clock` (the timestamp mutants
// move it one second beyond the window around `clock`, either way, and re-sign, so only
// the window can refuse them).
std::vector<Mutant> mutants(const Request& r, const std::string& application_secret, std::int64_t clock,
                            std::int64_t window);

struct Report {
  int candidates = 0;                 // captured requests
  int accepted = 0;                   // accepted again on a fresh data set, with a signature: proved
  int mutants = 0;                    // mutants tried
  int rejected = 0;                   // mutants refused (a 4xx answer: is_refusal)
  std::vector<std::string> failures;  // mutants accepted, or answered with a server error: each a problem
  std::vector<std::string> skipped;   // captured requests not accepted again, or not signed
};

// A refusal is a 4xx answer. A 5xx (or a dropped connection, status 0) is no refusal: the
// server failed on the mutant, which is a problem of its own.
bool is_refusal(int status);

// Replays each captured request and its mutants on a server make_server builds from
// `config` (its data set reset before each replay).
Report prove(const Config& config, const std::vector<Captured>& captured);

// Captured requests from JSON lines: {"method","target","scheme","headers":[[n,v]..],"body","peer","clock"}.
std::vector<Captured> read_captured(const std::string& jsonl_text);
nlohmann::json to_json(const Captured& c);

// Signed calls (default key) for every authenticated route of the table, parameters
// filled with objects of the default fixtures: the proof's own corpus.
std::vector<Captured> route_table_corpus(std::int64_t clock);

}  // namespace ovhmock::strictness
