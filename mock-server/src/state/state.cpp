#include "ovhmock/state/state.hpp"

namespace ovhmock {

State::State() {
  for (const auto& area : areas()) {
    area_stores_.push_back(area.make_store ? area.make_store() : nullptr);
    if (area_stores_.back()) area_stores_.back()->load(nullptr);
  }
}

void State::load(Dataset data) {
  loaded = std::move(data);
  reset();
}

void State::reset() {
  credentials.load(loaded.credentials);
  logins.load(loaded.logins);
  oauth2.load(loaded.oauth2_clients);
  for (std::size_t i = 0; i < area_stores_.size(); ++i)
    if (area_stores_[i]) area_stores_[i]->load(i < loaded.areas.size() ? loaded.areas[i].get() : nullptr);
}

void State::add_area_counts(nlohmann::json& counts) const {
  for (const auto& s : area_stores_)
    if (s) s->add_counts(counts);
}

EraProfile answer_era(const State& state, const ServerConfig& config) {
  return resolve_era(state.era.get().value_or(config.api_era), config.era_overrides);
}

}  // namespace ovhmock
