#include "api/auth/html.hpp"

namespace ovhmock::routes {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string html_page(std::string_view title, std::string_view body) {
  std::string page = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>)";
  page += html_escape(title);
  page += R"( - OVHcloud API</title>
<style>
body{font-family:sans-serif;background:#f2f2f2;color:#222;margin:0}
header{background:#000e9c;color:#fff;padding:12px 24px;font-size:18px}
main{max-width:720px;margin:24px auto;background:#fff;padding:24px;border-radius:4px}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=password],select{padding:6px;width:100%;box-sizing:border-box}
table{border-collapse:collapse}td{padding:4px 8px}
.rules li{font-family:monospace}
.error{background:#fde8e8;color:#a00;padding:8px;border-radius:4px}
.keys code{background:#eef;padding:2px 6px}
button{margin:16px 8px 0 0;padding:8px 16px}
</style>
</head>
<body>
<header>OVHcloud API</header>
<main>
)";
  page += body;
  page += "\n</main>\n</body>\n</html>\n";
  return page;
}

Reply html_reply(std::string_view title, std::string_view body, int status) {
  return Reply::text(html_page(title, body), "text/html; charset=utf-8", status);
}

std::string base_url(const Context& ctx) {
  std::string base = ctx.config.public_url;
  if (base.empty()) base = ctx.request.scheme + "://" + std::string(ctx.request.header("Host").value_or("localhost"));
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace ovhmock::routes
