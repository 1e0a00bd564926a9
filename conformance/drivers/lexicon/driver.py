"""Conformance driver for dns-lexicon 3.25.2's OVH provider (its own signer; the one
certbot-dns-ovh uses).

Pointed at the server as the reference documents (ovh-clients.md §2.4): the provider
module's ENDPOINTS dict, then the Provider driven directly (the lexicon Client would
fetch the Public Suffix List). authenticate() runs before the first call, as every
lexicon user does; calls go through the provider's signed helpers _get/_post/_put/_delete."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pycommon"))
import protocol  # noqa: E402

protocol.use_source()

import requests  # noqa: E402
import lexicon  # noqa: E402
import lexicon._private.providers.ovh as lov  # noqa: E402
from lexicon.config import ConfigResolver  # noqa: E402

state = {"provider": None, "authenticated": False}


def hello(_msg):
    return {"name": "lexicon", "library": "dns-lexicon", "version": protocol.version("dns-lexicon", lexicon),
            "source": protocol.loaded_from(lov),
            "language": "python", "transport": {"https_only": False, "signs_port": True},
            "capabilities": ["call", "query", "body", "bench"],
            # authenticate() reads GET /domain/zone/ and the zone's status before any call.
            "server_needs": ["domain"]}


def configure(msg):
    lov.ENDPOINTS["ovh-eu"] = msg["endpoint"]
    config = ConfigResolver().with_dict({
        "provider_name": "ovh", "domain": "example.com", "ttl": 60,
        "ovh": {"auth_entrypoint": "ovh-eu", "auth_application_key": msg["application_key"],
                "auth_application_secret": msg["application_secret"],
                "auth_consumer_key": msg["consumer_key"]}})
    state["provider"] = lov.Provider(config)
    state["authenticated"] = False
    return {}


def _provider():
    p = state["provider"]
    if not state["authenticated"]:
        p.authenticate()  # GET /auth/time, GET /domain/zone/, GET /domain/zone/{z}/status
        state["authenticated"] = True
    return p


def call(msg):
    if msg.get("auth", True) is False:
        raise protocol.Unsupported("lexicon signs every call")
    if msg.get("headers"):
        raise protocol.Unsupported("lexicon cannot set request headers")
    p = _provider()
    method = msg["method"].upper()
    query = msg.get("query") or None
    body = msg.get("body")
    if method == "GET":
        return p._get(msg["path"], query)
    if method == "POST":
        return p._post(msg["path"], body, query)
    if method == "PUT":
        return p._put(msg["path"], body, query)
    if method == "DELETE":
        if body is not None:
            raise protocol.Unsupported("lexicon's _delete sends no body")
        return p._delete(msg["path"], query)
    raise protocol.Unsupported("method %s" % method)


def bench(msg):
    p = _provider()
    n = int(msg.get("n", 200))
    path = msg.get("path", "/me")
    p._get(path)
    elapsed = protocol.timed(n, lambda: p._get(path))
    return {"calls": n, "elapsed_s": elapsed, "signing": None,
            "signing_note": "lexicon signs inside _request; no public signer"}


def classify(e):
    if isinstance(e, requests.exceptions.HTTPError) and e.response is not None:
        r = e.response
        try:
            message = r.json().get("message")
        except ValueError:
            message = r.text
        return protocol.error("api", type(e).__name__, r.status_code, message, r.headers.get("X-Ovh-Queryid"), str(e))
    if isinstance(e, requests.exceptions.RequestException):
        return protocol.error("transport", type(e).__name__, message=str(e), text=str(e))
    return None


if __name__ == "__main__":
    protocol.serve({"hello": hello, "configure": configure, "call": call, "bench": bench}, classify)
