// The validation page of a consumer key requested through POST /auth/credential.
#include "ovhmock/api/auth/credential_flow.hpp"
#include "ovhmock/state/state.hpp"
#include "ovhmock/model/time_format.hpp"
#include "api/auth/pages.hpp"
#include "api/auth/html.hpp"

namespace ovhmock::routes {
namespace {

Reply unknown_request() {
  return html_reply("Unknown credential request",
                    "<h1>Unknown credential request</h1>\n<p class=\"error\" id=\"error\">This validation link is "
                    "unknown, or its key was deleted. Request a new consumer key.</p>",
                    404);
}

Reply already_answered(CredentialState state) {
  return html_reply("Credential request already answered",
                    "<h1>Credential request already answered</h1>\n<p class=\"error\" id=\"error\">This request was "
                    "already answered: the key is <strong id=\"state\">" +
                        to_string(state) + "</strong>.</p>",
                    409);
}

Reply bad_form(const std::string& problem) {
  return html_reply("Invalid form",
                    "<h1>Invalid form</h1>\n<p class=\"error\" id=\"error\">" + html_escape(problem) + "</p>", 400);
}

std::string rules_list(const std::vector<AccessRule>& rules) {
  std::string out = "<ul class=\"rules\" id=\"rules\">\n";
  for (const auto& r : rules) out += "<li>" + html_escape(r.method) + " " + html_escape(r.path) + "</li>\n";
  if (rules.empty()) out += "<li>(no rights)</li>\n";
  return out + "</ul>\n";
}

// The pending key and its application, or nullopt when the token names none.
struct Pending {
  Credential credential;
  Application application;
};
std::optional<Pending> find(Context& ctx, const std::string& token) {
  auto cred = ctx.state.credentials.credential_by_token(token);
  if (!cred) return std::nullopt;
  auto app = ctx.state.credentials.application(cred->application_id);
  if (!app) return std::nullopt;
  return Pending{*cred, *app};
}

}  // namespace

std::string validity_select(std::int64_t selected) {
  std::string out = "<select id=\"validity\" name=\"validity\">\n";
  for (const auto& choice : validity_choices())
    out += "<option value=\"" + std::to_string(choice.seconds) + "\"" +
           (choice.seconds == selected ? " selected" : "") + ">" + choice.label + "</option>\n";
  return out + "</select>\n";
}

Reply validation_page(Context& ctx) {
  const std::string token = ctx.query.get("credentialToken").value_or("");
  auto found = find(ctx, token);
  if (!found) return unknown_request();
  const auto state = found->credential.effective_state(ctx.state.clock.now());
  if (state != CredentialState::pendingValidation) return already_answered(state);

  const auto& app = found->application;
  const auto& cred = found->credential;
  std::string body = "<h1>Authorize an application</h1>\n";
  body += "<p>The application <strong id=\"application-name\">" + html_escape(app.name) +
          "</strong> asks for access to your account.</p>\n";
  body += "<p id=\"application-description\">" + html_escape(app.description) + "</p>\n";
  body += "<h2>Requested rights</h2>\n" + rules_list(cred.rules);
  if (cred.allowed_ips) {
    std::string ips;
    for (const auto& b : *cred.allowed_ips) ips += (ips.empty() ? "" : ", ") + html_escape(b);
    body += "<p>Only from: <span id=\"allowed-ips\">" + ips + "</span></p>\n";
  }
  if (!cred.redirection.empty())
    body += "<p>You will then be sent to <span id=\"redirection\">" + html_escape(cred.redirection) + "</span>.</p>\n";
  body += "<form method=\"post\" action=\"/auth/\" id=\"validation-form\" accept-charset=\"UTF-8\">\n";
  body += "<input type=\"hidden\" name=\"credentialToken\" value=\"" + html_escape(token) + "\">\n";
  body += "<label for=\"validity\">Validity</label>\n" + validity_select(kDefaultValidity);
  body += "<button type=\"submit\" name=\"action\" value=\"authorize\" id=\"authorize\">Authorize</button>\n";
  body += "<button type=\"submit\" name=\"action\" value=\"refuse\" id=\"refuse\">Refuse</button>\n";
  body += "</form>";
  return html_reply("Authorize " + app.name, body);
}

Reply validation_answer(Context& ctx) {
  const QueryParams form(ctx.request.body);
  const std::string token = form.get("credentialToken").value_or(ctx.query.get("credentialToken").value_or(""));
  auto found = find(ctx, token);
  if (!found) return unknown_request();
  const auto now = ctx.state.clock.now();
  const std::int64_t id = found->credential.id;
  const std::string action = form.get("action").value_or("");

  if (action == "refuse") {
    if (refuse_credential(ctx.state.credentials, id, true) != Transition::done)
      return already_answered(found->credential.effective_state(now));
    return html_reply("Access refused", "<h1>Access refused</h1>\n<p id=\"result\">The application <strong>" +
                                            html_escape(found->application.name) +
                                            "</strong> was refused access. Its key is now "
                                            "<strong id=\"state\">refused</strong>.</p>");
  }
  if (action != "authorize") return bad_form("action must be authorize or refuse");
  const auto validity = parse_validity_choice(form.get("validity").value_or(""));
  if (!validity) return bad_form("validity must be one of the offered choices");
  if (validate_credential(ctx.state.credentials, id, now, *validity, true) != Transition::done)
    return already_answered(found->credential.effective_state(now));
  if (!found->credential.redirection.empty()) return Reply::redirect(found->credential.redirection);
  const std::string until = *validity ? format_datetime(now + **validity) : std::string("no expiration");
  return html_reply("Access authorized", "<h1>Access authorized</h1>\n<p id=\"result\">The application <strong>" +
                                             html_escape(found->application.name) +
                                             "</strong> may now use your account. Its key is <strong "
                                             "id=\"state\">validated</strong>, valid until <span id=\"expiration\">" +
                                             html_escape(until) + "</span>.</p>");
}

}  // namespace ovhmock::routes
