#include "ovhmock/query_id.hpp"

#include <unistd.h>

#include <cstdio>

#include "ovhmock/credential_store.hpp"

namespace ovhmock {

std::string make_query_id(std::int64_t unix_seconds) {
  char head[64];
  std::snprintf(head, sizeof head, "EU.ext-1.%llx.%d.", static_cast<unsigned long long>(unix_seconds),
                static_cast<int>(getpid()));
  return head + random_token(32, "0123456789abcdef");
}

}  // namespace ovhmock
