#pragma once
// The parts of the /domain area that area.cpp assembles (private to src/api/domain/).
#include <filesystem>
#include <memory>

#include "ovhmock/api/domain/domain_area.hpp"

namespace ovhmock {

// domains/*.json and zones/*.json of a fixtures directory (fixtures.cpp).
std::unique_ptr<AreaData> read_domain_fixtures(const std::filesystem::path& dir);

}  // namespace ovhmock
