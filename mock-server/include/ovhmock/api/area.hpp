#pragma once
// What an API area provides. An area is one part of the OVH API (/me, /domain, /sms, ...)
// living in one folder, src/api/<area>/, and listed once in src/api/areas.cpp. The route
// table, the state (State) and the data-set loader (load_fixtures) assemble the areas from
// that list; nothing else in the server names an area.
//
// An area brings:
//   - its routes (method, branch, pattern, authentication policy, handler), in match order;
//   - its slice of a data set: the files it reads from a fixtures directory, validated (a
//     problem throws FixtureError naming the file, the object and the field), kept as an
//     AreaData so the control plane's reset returns to it;
//   - its store: the live data its handlers read and change, filled from its AreaData by
//     State::load and State::reset, reached by handlers as ctx.state.store<TheStore>();
//   - its counts for the control plane's health and data-set answers;
//   - its model definitions: src/api/<area>/models.txt (the mini-language of
//     model/api_models.hpp), embedded at build time; fixture and body validation use them.
// Everything but the name and the routes is optional (an area without data leaves the
// pointers null).
//
// Adding an area: a folder src/api/<name>/ whose area.cpp defines `Area <name>_area()`,
// and the line `AREA(<name>)` in src/api/areas.cpp.
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "ovhmock/api/route.hpp"

namespace ovhmock {

// An area's slice of a data set (what its read_fixtures returned). Immutable once read.
struct AreaData {
  virtual ~AreaData() = default;
};

// An area's live data. Thread-safe: handlers run on several threads at once.
class AreaStore {
 public:
  virtual ~AreaStore() = default;
  // Replaces the whole content with `data` (the AreaData of this area's read_fixtures;
  // nullptr when the data set was loaded without it, e.g. a State never loaded).
  virtual void load(const AreaData* data) = 0;
  // Adds this area's counts ({"zones": 2, ...}) to the control plane's counts object.
  virtual void add_counts(nlohmann::json& counts) const { (void)counts; }
};

struct Area {
  std::string_view name;  // "domain": the folder's name
  // The area's routes, in match order (a literal segment before a {parameter} at the same place).
  std::vector<Route> (*routes)() = nullptr;
  // Reads the area's files from a fixtures directory; each part may be absent. Throws FixtureError.
  std::unique_ptr<AreaData> (*read_fixtures)(const std::filesystem::path& dir) = nullptr;
  // A new, empty store (State makes one per area that has one).
  std::unique_ptr<AreaStore> (*make_store)() = nullptr;
};

// Every area, in route-matching order (src/api/areas.cpp).
const std::vector<Area>& areas();

// The data of the area whose read_fixtures made a `Data` (a Dataset holds one per area).
template <class Data>
const Data* area_data(const std::vector<std::shared_ptr<const AreaData>>& slices) {
  for (const auto& slice : slices)
    if (const auto* d = dynamic_cast<const Data*>(slice.get())) return d;
  return nullptr;
}

}  // namespace ovhmock
