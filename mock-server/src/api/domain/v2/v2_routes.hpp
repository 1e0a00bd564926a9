#pragma once
#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {
// /v2/domain/name: domain.DomainWithIAM objects, paginated with X-Pagination-* headers.
Reply v2_domain_names(Context& ctx);
Reply v2_domain_name(Context& ctx);

inline constexpr std::int64_t kV2DefaultPageSize = 100;
inline constexpr std::int64_t kV2MaxPageSize = 1000;
}  // namespace ovhmock::routes
