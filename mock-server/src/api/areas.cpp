// The list of API areas (include/ovhmock/api/area.hpp says what an area provides). The
// route table, the state and the data-set loader assemble the areas from this list, in
// this order (which is also the route-matching order). Adding an area: one folder
// src/api/<name>/ defining `Area <name>_area()`, and one line here.
#include "ovhmock/api/area.hpp"

#define OVHMOCK_AREAS(AREA) \
  AREA(auth)                \
  AREA(me)                  \
  AREA(domain)              \
  AREA(sms)                 \
  /* one line per area, each ending with a backslash, above this one */

namespace ovhmock {

#define OVHMOCK_DECLARE_AREA(name) Area name##_area();
OVHMOCK_AREAS(OVHMOCK_DECLARE_AREA)
#undef OVHMOCK_DECLARE_AREA

const std::vector<Area>& areas() {
#define OVHMOCK_LIST_AREA(name) name##_area(),
  static const std::vector<Area> list = {OVHMOCK_AREAS(OVHMOCK_LIST_AREA)};
#undef OVHMOCK_LIST_AREA
  return list;
}

std::vector<Route> api_routes() {
  std::vector<Route> table;
  for (const auto& area : areas()) {
    auto routes = area.routes();
    table.insert(table.end(), std::make_move_iterator(routes.begin()), std::make_move_iterator(routes.end()));
  }
  return table;
}

}  // namespace ovhmock
