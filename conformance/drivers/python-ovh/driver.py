"""Conformance driver for python-ovh (PyPI `ovh` 1.2.0).

Pointed at the server the way the reference documents it: a key added to
`ovh.client.ENDPOINTS` (and `OAUTH2_TOKEN_URLS` for OAuth2); the CA through
REQUESTS_CA_BUNDLE, set by the runner."""
import os
import sys
import time
from urllib.parse import urlencode

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pycommon"))
import protocol  # noqa: E402

protocol.use_source()

import ovh  # noqa: E402
import ovh.client  # noqa: E402
import ovh.exceptions  # noqa: E402

state = {"client": None, "config": None}


def hello(_msg):
    return {"name": "python-ovh", "library": "ovh", "version": protocol.version("ovh", ovh),
            "source": protocol.loaded_from(ovh.client),
            "language": "python", "transport": {"https_only": False, "signs_port": True},
            "capabilities": ["call", "unauth_call", "query", "body", "delete_body", "headers",
                             "v1", "v2", "consumer_key", "oauth2", "bench"]}


def configure(msg):
    ovh.client.ENDPOINTS["mock"] = msg["endpoint"]
    kwargs = {"endpoint": "mock"}
    if msg.get("oauth2"):
        o = msg["oauth2"]
        ovh.client.OAUTH2_TOKEN_URLS["mock"] = o["token_url"]
        if o["token_url"].startswith("http://"):
            os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
        kwargs.update(client_id=o["client_id"], client_secret=o["client_secret"])
    else:
        kwargs.update(application_key=msg.get("application_key"),
                      application_secret=msg.get("application_secret"),
                      consumer_key=msg.get("consumer_key"))
    state["client"] = ovh.Client(**kwargs)
    state["config"] = msg
    return {}


def _with_query(path, query):
    if not query:
        return path
    return path + ("&" if "?" in path else "?") + urlencode(query)


def call(msg):
    c = state["client"]
    method = msg["method"].upper()
    path = msg["path"]
    query = msg.get("query") or {}
    auth = msg.get("auth", True)
    has_body = "body" in msg and msg["body"] is not None
    body = msg.get("body")
    if msg.get("headers"):
        return _raw(c, method, _with_query(path, query), body if has_body else None, auth, msg["headers"])
    if method == "GET" and not has_body:
        return c.get(path, _need_auth=auth, **query)
    if method == "DELETE" and not has_body:
        return c.delete(path, _need_auth=auth, **query)
    target = _with_query(path, query)
    if method == "POST" and (not has_body or isinstance(body, dict)):
        return c.post(target, _need_auth=auth, **(body or {}))
    if method == "PUT" and (not has_body or isinstance(body, dict)):
        return c.put(target, _need_auth=auth, **(body or {}))
    # Any other shape (DELETE with a body, a non-object body): the raw helper.
    return c.call(method, target, body, auth)


def _raw(c, method, path, body, auth, headers):
    """raw_call with extra request headers (v2 pagination); errors mapped as call() does."""
    r = c.raw_call(method, path, body, auth, headers=headers)
    if r.status_code >= 300:
        # Let the library build its own exception for the same answer.
        raise _library_error(r)
    value = None if r.status_code == 204 else r.json()
    return {"value": value, "headers": {k: v for k, v in r.headers.items()}}


def _library_error(r):
    try:
        msg = r.json().get("message")
    except ValueError:
        msg = r.text
    return ovh.exceptions.APIError(msg, response=r)


def request_consumer_key(msg):
    c = state["client"]
    rules = [{"method": r["method"], "path": r["path"]} for r in msg["rules"]]
    return c.request_consumerkey(rules, redirect_url=msg.get("redirection"), allowedIPs=msg.get("allowedIPs"))


def bench(msg):
    c = state["client"]
    n = int(msg.get("n", 200))
    path = msg.get("path", "/me")
    c.get(path)  # time sync and connection set-up outside the measurement
    elapsed = protocol.timed(n, lambda: c.get(path))
    return {"calls": n, "elapsed_s": elapsed, "signing": None,
            "signing_note": "python-ovh signs inside raw_call; no public signer"}


def classify(e):
    if isinstance(e, ovh.exceptions.APIError):
        resp = getattr(e, "response", None)
        status = resp.status_code if resp is not None else None
        kind = "api" if resp is not None else "local"
        if isinstance(e, ovh.exceptions.HTTPError):
            kind = "transport"
        message = e.args[0] if e.args else None
        return protocol.error(kind, type(e).__name__, status, message if isinstance(message, str) else str(message),
                              getattr(e, "query_id", None), str(e))
    return None


if __name__ == "__main__":
    protocol.serve({"hello": hello, "configure": configure, "call": call,
                    "request_consumer_key": request_consumer_key, "bench": bench}, classify)
