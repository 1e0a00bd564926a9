"""The server's request journal (`/__admin/requests`), as the scenarios use it: what each
request looked like on arrival, which signed-URL form matched, the timestamp delta."""
import json
import re
from urllib.parse import urlsplit

from match import match


class JournalUnreadable(Exception):
    """The control plane did not answer GET /__admin/requests: a check cannot be judged."""


class Journal:
    def __init__(self, server, available):
        self.server = server
        self.available = available
        self.seen_forms = {}

    def clear(self):
        if self.available:
            self.server.admin("DELETE", "/requests")

    def entries(self):
        if not self.available:
            return []
        status, body = self.server.admin("GET", "/requests")
        if status != 200:
            # An empty list here would make "count: 0" checks pass without a journal.
            raise JournalUnreadable("GET /__admin/requests answered %s %s" % (status, body))
        items = body.get("requests", body) if isinstance(body, dict) else body
        entries = [self.normalise(e) for e in items or []]
        entries.sort(key=lambda e: e.get("seq", 0))
        for e in entries:
            if e.get("form"):
                self.seen_forms[e["form"]] = self.seen_forms.get(e["form"], 0) + 1
        return entries

    @staticmethod
    def normalise(e):
        """One entry of GET /__admin/requests in the runner's terms: method, path (raw, no
        query), query (raw), status, body (as received, secrets masked), form (the
        signed-URL form that matched), delta (timestamp minus server clock), auth."""
        n = dict(e)
        url = e.get("url") or ""
        n["path"] = e.get("path") or url.split("?", 1)[0]
        n["query"] = url.split("?", 1)[1] if "?" in url else ""
        auth = e.get("auth") or {}
        n["form"] = auth.get("matchedForm")
        n["delta"] = auth.get("timestampDelta")
        n["seq"] = e.get("id", 0)
        return n

    @staticmethod
    def selects(e, check):
        if "method" in check and e.get("method") != check["method"]:
            return False
        if "path" in check and e["path"].rstrip("/") != check["path"].rstrip("/"):
            return False
        if "path_regex" in check and not re.fullmatch(check["path_regex"], e["path"]):
            return False
        return True

    @staticmethod
    def describe(check):
        return "%s %s" % (check.get("method", "*"), check.get("path") or check.get("path_regex", "*"))

    def check_entry(self, e, check):
        where = "%s %s" % (e.get("method"), e.get("path"))
        problems = []
        if "status" in check:
            want = check["status"] if isinstance(check["status"], list) else [check["status"]]
            if e.get("status") not in want:
                problems.append("%s: status %s, expected %s" % (where, e.get("status"), want))
        if check.get("body_empty") and e.get("body"):
            problems.append("%s: body %r, expected none" % (where, e["body"][:120]))
        if "body_json" in check:
            try:
                parsed = json.loads(e.get("body") or "")
            except ValueError:
                problems.append("%s: body is not JSON: %r" % (where, (e.get("body") or "")[:120]))
            else:
                problems += ["%s body: %s" % (where, p) for p in match(check["body_json"], parsed, "body")]
        if "query" in check:
            problems += ["%s: %s" % (where, p) for p in match(check["query"], e.get("query"), "query")]
        if "max_timestamp_delta" in check and e.get("delta") is not None:
            if abs(e["delta"]) > check["max_timestamp_delta"]:
                problems.append("%s: timestamp %+d s from the server clock" % (where, e["delta"]))
        if "max_timestamp_delta" in check and e.get("delta") is None and check.get("signed", True):
            problems.append("%s: the journal has no timestamp delta (unsigned?)" % where)
        headers = {k.lower() for k in (e.get("headers") or {})}
        for h in check.get("headers_present", []):
            if h.lower() not in headers:
                problems.append("%s: no %s header" % (where, h))
        for h in check.get("headers_absent", []):
            if h.lower() in headers:
                problems.append("%s: has a %s header" % (where, h))
        if "auth_method" in check and (e.get("auth") or {}).get("method") != check["auth_method"]:
            problems.append("%s: authenticated by %s, expected %s" % (where, (e.get("auth") or {}).get("method"),
                                                                    check["auth_method"]))
        if "auth" in check and e.get("auth") is not None:
            problems += ["%s: %s" % (where, p) for p in match(check["auth"], e.get("auth"), "auth")]
        return problems
