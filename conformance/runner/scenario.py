"""Runs one scenario for one client: the steps, the expectations on what the client
returned, and the expectations on what the server saw (its request journal)."""
import copy
import json
import re
import time

from journal import JournalUnreadable
from match import match


class Outcome:
    PASS, FAIL, XFAIL, XPASS, NA = "PASS", "FAIL", "XFAIL", "XPASS", "N/A"


class StepFailed(Exception):
    pass


class NotApplicable(Exception):
    pass


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def substitute(value, variables):
    """Replaces ${name} in every string of a JSON value; a string that is exactly ${name}
    takes the variable's own type."""
    if isinstance(value, str):
        whole = _VAR.fullmatch(value)
        if whole:
            return variables[whole.group(1)]
        return _VAR.sub(lambda m: str(variables[m.group(1)]), value)
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return {substitute(k, variables): substitute(v, variables) for k, v in value.items()}
    return value


def dig(value, dotted):
    for part in dotted.split(".") if dotted else []:
        if isinstance(value, list):
            value = value[int(part)]
        else:
            value = value[part]
    return value


class Context:
    """What a scenario run can use: the driver, the server(s), key sets, features."""

    def __init__(self, client, driver, hello, server, endpoint_info, keys, features, error_types, journal):
        self.client = client
        self.driver = driver
        self.hello = hello
        self.server = server
        self.endpoint_info = endpoint_info
        self.keys = keys
        self.features = features
        self.error_types = error_types
        self.journal = journal
        self.notes = []
        self.variables = {}
        self.journal_entries = []


def configure_message(ctx, keys_name, overrides=None, oauth2=None):
    keys = dict(ctx.keys[keys_name])
    msg = {"op": "configure"}
    msg.update(ctx.endpoint_info)
    msg.update({"application_key": keys["application_key"], "application_secret": keys["application_secret"],
                "consumer_key": keys["consumer_key"]})
    if oauth2:
        msg["oauth2"] = oauth2
    msg.update(overrides or {})
    return msg


def run_scenario(ctx, scenario):
    """Returns (outcome PASS/FAIL/N/A, detail text)."""
    if scenario.get("na"):
        return Outcome.NA, scenario["na"]
    for need in scenario.get("needs", []):
        if need not in ctx.hello.get("capabilities", []):
            return Outcome.NA, "client cannot: %s" % need
    for need in scenario.get("server_needs", []):
        if not ctx.features.get(need):
            return Outcome.NA, "server has no %s" % need
    ctx.notes = []
    now = int(time.time())
    ctx.variables = {"endpoint": ctx.endpoint_info["endpoint"], "base_url": ctx.endpoint_info["base_url"],
                     "now_lo": now - 30, "now_hi": now + 30}
    if ctx.features.get("admin_reset"):
        status, body = ctx.server.admin("POST", "/reset", {})
        if status >= 300:
            return Outcome.FAIL, "control plane reset answered %s %s" % (status, body)
    ctx.journal.clear()
    reply = ctx.driver.request(configure_message(ctx, scenario.get("keys", "default"),
                                                 scenario.get("configure")))
    if not reply.get("ok"):
        return Outcome.FAIL, "configure failed: %s" % json.dumps(reply.get("error"))
    try:
        for i, step in enumerate(scenario["steps"]):
            run_step(ctx, i + 1, substitute(step, ctx.variables))
    except NotApplicable as e:
        return Outcome.NA, str(e)
    except StepFailed as e:
        return Outcome.FAIL, str(e)
    return Outcome.PASS, "; ".join(ctx.notes)


def run_step(ctx, n, step):
    label = step.get("label") or "step %d" % n
    if "call" in step:
        reply = ctx.driver.request(dict(step["call"], op="call"))
        check_reply(ctx, label, step, reply)
    elif "configure" in step:
        cfg = step["configure"]
        reply = ctx.driver.request(configure_message(ctx, cfg.get("keys", "default"), cfg.get("set"),
                                                     oauth2=_oauth2(ctx, cfg.get("oauth2"))))
        check_reply(ctx, label, {"expect": step.get("expect", {"ok": True})}, reply)
    elif "request_consumer_key" in step:
        reply = ctx.driver.request(dict(step["request_consumer_key"], op="request_consumer_key"))
        check_reply(ctx, label, step, reply)
    elif "octodns" in step:
        reply = ctx.driver.request(dict(step["octodns"], op="octodns"), timeout=120)
        check_reply(ctx, label, step, reply)
    elif "dns01" in step:
        reply = ctx.driver.request(dict(step["dns01"], op="dns01"), timeout=120)
        check_reply(ctx, label, step, reply)
    elif "admin" in step:
        a = step["admin"]
        status, body = ctx.server.admin(a["method"], a["path"], a.get("body"))
        want = a.get("status", [200, 201, 204])
        want = want if isinstance(want, list) else [want]
        if status not in want:
            raise StepFailed("%s: control plane %s %s answered %s %s" % (label, a["method"], a["path"], status,
                                                                      json.dumps(body)[:300]))
        for var, dotted in step.get("save", {}).items():
            ctx.variables[var] = dig(body, dotted)
    elif "paginate" in step:
        paginate(ctx, label, step)
    elif "journal" in step:
        check_journal(ctx, label, step["journal"])
    elif "sleep" in step:
        time.sleep(float(step["sleep"]))
    else:
        raise StepFailed("%s: unknown step %s" % (label, list(step)))


def _oauth2(ctx, spec):
    if not spec:
        return None
    o = dict(ctx.keys.get("oauth2", {}))
    o.update(spec if isinstance(spec, dict) else {})
    o.setdefault("token_url", ctx.endpoint_info["base_url"] + "/auth/oauth2/token")
    return o


def check_reply(ctx, label, step, reply):
    expect = step.get("expect", {"ok": True})
    err = reply.get("error") or {}
    if not reply.get("ok") and err.get("kind") == "unsupported":
        raise NotApplicable("client cannot: %s" % err.get("message"))
    if not reply.get("ok") and err.get("kind") == "driver":
        raise StepFailed("%s: driver error %s: %s" % (label, err.get("type"), (err.get("text") or err.get("message") or "")[:600]))
    if "error" in expect:
        if reply.get("ok"):
            raise StepFailed("%s: expected an error %s, the client returned %s" % (
                label, json.dumps(expect["error"]), json.dumps(reply.get("value"), ensure_ascii=False)[:300]))
        check_error(ctx, label, expect["error"], err)
        return
    if not reply.get("ok"):
        raise StepFailed("%s: expected success, got %s" % (label, json.dumps(err, ensure_ascii=False)[:600]))
    value = reply.get("value")
    if isinstance(value, dict) and step.get("headers_returned"):
        pass
    if "value" in expect:
        problems = match(expect["value"], value)
        if problems:
            raise StepFailed("%s: %s" % (label, "; ".join(problems[:4])))
    for var, dotted in step.get("save", {}).items():
        try:
            ctx.variables[var] = dig(value, dotted)
        except (KeyError, IndexError, TypeError, ValueError):
            raise StepFailed("%s: cannot save %s from %s" % (label, dotted, json.dumps(value)[:200]))


def check_error(ctx, label, want, err):
    """The client's error against the scenario's. error_types.json gives, per client and
    kind, the client's own error type; an object there ({type, status, message}) also
    states what that client is documented to expose instead of the server's status or
    message (e.g. libcloud's InvalidCredsError)."""
    problems = []
    want = dict(want)
    kind = err.get("kind")
    want_kind = "local" if want.get("local") else "api"
    if kind != want_kind:
        problems.append("error kind %s, expected %s (%s)" % (kind, want_kind, err.get("text") or err.get("message")))
    types = ctx.error_types.get(ctx.client, {})
    spec = types.get(want.get("kind"))
    if isinstance(spec, dict):
        want.update({k: v for k, v in spec.items() if k in ("status", "message")})
        spec = spec.get("type")
    if spec is not None:
        expected = spec if isinstance(spec, list) else [spec]
        if err.get("type") not in expected:
            problems.append("client error type %s, expected %s for %s" % (err.get("type"), "|".join(expected), want["kind"]))
    if "status" in want and err.get("status") != want["status"]:
        problems.append("status %s, expected %s" % (err.get("status"), want["status"]))
    if "message" in want and err.get("message") != want["message"]:
        problems.append("message %r, expected %r" % (err.get("message"), want["message"]))
    if want.get("queryId") and types.get("_query_id_exposed", True):
        if not err.get("queryId"):
            problems.append("no query id exposed by the client")
    if problems:
        raise StepFailed("%s: %s" % (label, "; ".join(problems)))


MAX_PAGES = 50


def paginate(ctx, label, step):
    """Follows X-Pagination-Cursor-Next through the client until a page carries none. The
    page holding the last item must carry none (its absence is what tells a client the list
    is over: ovh-wire-behaviour.md §6), so an empty page after a cursor fails, and so does a
    cursor on every page."""
    p = step["paginate"]
    size = p.get("size", 2)
    items, cursor, pages = [], None, 0
    while True:
        if pages == MAX_PAGES:
            raise StepFailed("%s: still an X-Pagination-Cursor-Next after %d pages of %d: the last page must carry "
                             "none" % (label, pages, size))
        headers = {"X-Pagination-Size": str(size)}
        if cursor:
            headers["X-Pagination-Cursor"] = cursor
        reply = ctx.driver.request({"op": "call", "method": "GET", "path": p["path"], "auth": True,
                                    "headers": headers})
        check_reply(ctx, "%s page %d" % (label, pages + 1), {"expect": {"value": {"value": {"$type": "array"}}}}, reply)
        value = reply["value"]
        page = value["value"]
        pages += 1
        if len(page) > size:
            raise StepFailed("%s: page %d has %d items, more than the size asked" % (label, pages, len(page)))
        if not page and pages > 1:
            raise StepFailed("%s: page %d is empty: page %d carried an X-Pagination-Cursor-Next although it held "
                             "the last item (the last page must carry none)" % (label, pages, pages - 1))
        items += page
        hdrs = {k.lower(): v for k, v in (value.get("headers") or {}).items()}
        cursor = hdrs.get("x-pagination-cursor-next")
        if not cursor:
            break
    expect = step.get("expect", {})
    if "items" in expect:
        problems = match(expect["items"], items, "items")
        if problems:
            raise StepFailed("%s: %s" % (label, "; ".join(problems[:4])))
    if "min_pages" in expect and pages < expect["min_pages"]:
        raise StepFailed("%s: %d page(s), expected at least %d" % (label, pages, expect["min_pages"]))


def check_journal(ctx, label, want):
    if not ctx.features.get("journal"):
        raise NotApplicable("server has no request journal for the server-side checks")
    try:
        entries = ctx.journal.entries()
    except JournalUnreadable as e:
        raise StepFailed("%s (server side): the journal could not be read: %s" % (label, e)) from e
    ctx.journal_entries = entries
    problems = []
    for check in want.get("requests", []):
        selected = [e for e in entries if ctx.journal.selects(e, check)]
        if "count" in check and len(selected) != check["count"]:
            problems.append("%d request(s) %s, expected %d" % (len(selected), ctx.journal.describe(check), check["count"]))
            continue
        if not selected and check.get("count", 1) > 0:
            problems.append("no request %s in the journal" % ctx.journal.describe(check))
            continue
        for e in selected:
            problems += ctx.journal.check_entry(e, check)
    if problems:
        raise StepFailed("%s (server side): %s" % (label, "; ".join(problems[:4])))
