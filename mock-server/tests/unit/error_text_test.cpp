// Error answers are written without a JSON tree: the bytes must be those of the tree.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ovhmock/model/errors.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/pipeline/pipeline.hpp"

namespace ovhmock {
namespace {

TEST(ErrorText, IsByteForByteTheSerialisedTree) {
  std::vector<ApiError> cases = {errors::invalid_url(),       errors::login_required(),
                                 errors::invalid_signature(), errors::not_granted_call(),
                                 errors::invalid_json(),      errors::object_not_found("12345")};
  // Client-controlled text: quotes, backslashes, every control byte, DEL, UTF-8, bad UTF-8.
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls.push_back(static_cast<char>(c));
  for (const std::string& id : {std::string("a\"b\\c/d"), controls, std::string("\x7f"), std::string("é→😀"),
                                std::string("bad\xff\xfe utf-8"), std::string()})
    cases.push_back(errors::object_not_found(id));
  ApiError with_details = errors::invalid_json();
  with_details.details = {{"field", "name"}};
  cases.push_back(with_details);
  for (const auto& e : cases) EXPECT_EQ(error_response(e).body, to_json_text(e.to_json())) << e.message;
}

}  // namespace
}  // namespace ovhmock
