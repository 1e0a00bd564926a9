// The key-creation page (/createToken/ on the real API): sign in, name an application, pick
// rights and a validity, and get an application key, its secret and a validated consumer key.
#include <algorithm>

#include "ovhmock/api/auth/credential_flow.hpp"
#include "ovhmock/state/state.hpp"
#include "ovhmock/model/time_format.hpp"
#include "api/auth/pages.hpp"
#include "api/auth/html.hpp"

namespace ovhmock::routes {
namespace {

const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
constexpr std::size_t kBlankRows = 2;  // empty rows under the given rights, to add more

struct Form {
  std::string account;
  std::string application_name;
  std::string application_description;
  std::int64_t validity = kDefaultValidity;
  std::vector<AccessRule> rights;
};

std::string method_select(const std::string& selected) {
  std::string out = "<select name=\"method\" aria-label=\"method\">";
  for (const auto& m : kMethods)
    out += "<option value=\"" + m + "\"" + (m == selected ? " selected" : "") + ">" + m + "</option>";
  return out + "</select>";
}

Reply render(const Form& f, const std::string& error, int status) {
  std::string body = "<h1>Create API keys for your script</h1>\n";
  if (!error.empty()) body += "<p class=\"error\" id=\"error\">" + html_escape(error) + "</p>\n";
  body += "<form method=\"post\" action=\"/createToken/\" id=\"create-token-form\" accept-charset=\"UTF-8\">\n";
  body += "<label for=\"account\">Account ID or email address</label>\n";
  body += "<input type=\"text\" id=\"account\" name=\"account\" autocomplete=\"username\" value=\"" +
          html_escape(f.account) + "\">\n";
  body += "<label for=\"password\">Password</label>\n";
  body += "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">\n";
  body += "<label for=\"applicationName\">Application name</label>\n";
  body += "<input type=\"text\" id=\"applicationName\" name=\"applicationName\" value=\"" +
          html_escape(f.application_name) + "\">\n";
  body += "<label for=\"applicationDescription\">Application description</label>\n";
  body += "<input type=\"text\" id=\"applicationDescription\" name=\"applicationDescription\" value=\"" +
          html_escape(f.application_description) + "\">\n";
  body += "<label for=\"validity\">Validity</label>\n" + validity_select(f.validity);
  body += "<label>Rights</label>\n<table id=\"rights\">\n";
  auto row = [](const std::string& method, const std::string& path) {
    return "<tr class=\"right\"><td>" + method_select(method) +
           "</td><td><input type=\"text\" name=\"path\" aria-label=\"path\" value=\"" + html_escape(path) +
           "\"></td></tr>\n";
  };
  for (const auto& r : f.rights) body += row(r.method, r.path);
  for (std::size_t i = 0; i < kBlankRows; ++i) body += row("GET", "");
  body += "</table>\n";
  body += "<button type=\"submit\" id=\"create\">Create keys</button>\n</form>";
  return html_reply("Create API keys", body, status);
}

}  // namespace

Reply create_token_page(Context& ctx) {
  Form f;
  // ?GET=/me&POST=/domain/* pre-fills the rights, as the official clients' README links do.
  for (const auto& [name, value] : ctx.query.items())
    if (std::find(kMethods.begin(), kMethods.end(), name) != kMethods.end() && !value.empty())
      f.rights.push_back({name, value});
  if (f.rights.empty())
    for (const char* m : {"GET", "POST", "PUT", "DELETE"}) f.rights.push_back({m, "/*"});
  return render(f, "", 200);
}

Reply create_token_submit(Context& ctx) {
  const QueryParams form(ctx.request.body);
  Form f;
  f.account = form.get("account").value_or("");
  f.application_name = form.get("applicationName").value_or("");
  f.application_description = form.get("applicationDescription").value_or("");
  const auto methods = form.all("method");
  const auto paths = form.all("path");
  if (methods.size() != paths.size()) return render(f, "Each right needs a method and a path.", 400);
  std::string bad_method;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (paths[i].empty()) continue;
    if (std::find(kMethods.begin(), kMethods.end(), methods[i]) == kMethods.end()) bad_method = methods[i];
    f.rights.push_back({methods[i], paths[i]});
  }
  const auto validity = parse_validity_choice(form.get("validity").value_or(""));
  if (validity) f.validity = validity->value_or(0);

  if (!ctx.state.logins.check(f.account, form.get("password").value_or("")))
    return render(f, "Invalid account / password.", 403);
  if (f.application_name.empty()) return render(f, "The application name is required.", 400);
  if (f.application_description.empty()) return render(f, "The application description is required.", 400);
  if (!bad_method.empty()) return render(f, "Unknown method \"" + bad_method + "\".", 400);
  if (f.rights.empty()) return render(f, "Give at least one right (a method and a path).", 400);
  if (!validity) return render(f, "Choose a validity among the offered ones.", 400);

  const auto now = ctx.state.clock.now();
  Application app;
  app.name = f.application_name;
  app.description = f.application_description;
  app = ctx.state.credentials.add_application(std::move(app));
  Credential cred = request_credential(ctx.state.credentials, app, {f.rights, std::nullopt, std::nullopt}, now);
  validate_credential(ctx.state.credentials, cred.id, now, *validity);

  std::string body = "<h1>Your API keys</h1>\n<table class=\"keys\" id=\"keys\">\n";
  body += "<tr><td>Application name</td><td id=\"application-name\">" + html_escape(app.name) + "</td></tr>\n";
  body += "<tr><td>Application description</td><td id=\"application-description\">" + html_escape(app.description) +
          "</td></tr>\n";
  body +=
      "<tr><td>Application key</td><td><code id=\"application-key\">" + html_escape(app.key) + "</code></td></tr>\n";
  body += "<tr><td>Application secret</td><td><code id=\"application-secret\">" + html_escape(app.secret) +
          "</code></td></tr>\n";
  body += "<tr><td>Consumer key</td><td><code id=\"consumer-key\">" + html_escape(cred.consumer_key) +
          "</code></td></tr>\n";
  body += "<tr><td>Validity</td><td id=\"expiration\">" +
          html_escape(*validity ? format_datetime(now + **validity) : std::string("no expiration")) + "</td></tr>\n";
  body += "</table>\n<h2>Rights</h2>\n<ul class=\"rules\" id=\"rules\">\n";
  for (const auto& r : f.rights) body += "<li>" + html_escape(r.method) + " " + html_escape(r.path) + "</li>\n";
  body += "</ul>";
  return html_reply("Your API keys", body);
}

}  // namespace ovhmock::routes
