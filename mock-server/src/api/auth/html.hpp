#pragma once
// Small helpers for the HTML pages served at the root (validation and key creation).
#include <string>
#include <string_view>

#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {

// Escapes &, <, >, " and ' for text and attribute values.
std::string html_escape(std::string_view text);
// A whole page: doctype, title, a small style sheet, and `body` (already HTML).
std::string html_page(std::string_view title, std::string_view body);
// An HTML reply (text/html; charset=utf-8).
Reply html_reply(std::string_view title, std::string_view body, int status = 200);
// The base URL clients reach this server at: --public-url when given, else the request's
// scheme and Host header ("http://127.0.0.1:8080"); no trailing slash.
std::string base_url(const Context& ctx);

}  // namespace ovhmock::routes
