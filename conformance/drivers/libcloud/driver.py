"""Conformance driver for Apache libcloud 3.9.1's OVH connection (its own signer).

Pointed at the server as the reference documents (ovh-clients.md §2.5): the module
variable libcloud.common.ovh.API_HOST, and the CA through SSL_CERT_FILE (set by the
runner). libcloud formats API_HOST into `https://{host}` for /auth/time and the
signature and connects on 443 unless the host names a port, so API_HOST is set to
`127.0.0.1:PORT` of the server's TLS listener. Calls go through
`driver.connection.request("/1.0/...")`, the way the reference drives it."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pycommon"))
import protocol  # noqa: E402

protocol.use_source()

import libcloud  # noqa: E402
import libcloud.common.ovh as lco  # noqa: E402
from libcloud.common.exceptions import BaseHTTPError  # noqa: E402
from libcloud.common.types import InvalidCredsError  # noqa: E402
from libcloud.compute.providers import get_driver  # noqa: E402
from libcloud.compute.types import Provider  # noqa: E402

state = {"conn": None, "config": None}


def hello(_msg):
    return {"name": "libcloud", "library": "apache-libcloud", "version": protocol.version("apache-libcloud", libcloud),
            "source": protocol.loaded_from(lco),
            "language": "python", "transport": {"https_only": True, "signs_port": True},
            "capabilities": ["call", "query", "body", "headers", "bench", "v1", "v2"]}


def configure(msg):
    if msg.get("scheme") != "https":
        raise protocol.Unsupported("libcloud only speaks HTTPS")
    lco.API_HOST = "%s:%d" % (msg["host"], msg["port"])
    drv = get_driver(Provider.OVH)(msg["application_key"], msg["application_secret"], ex_project_id="conformance",
                                   ex_consumer_key=msg["consumer_key"])
    state["conn"] = drv.connection
    state["config"] = msg
    return {}


def call(msg):
    if msg.get("auth", True) is False:
        raise protocol.Unsupported("libcloud signs every call")
    path = msg["path"]
    action = path if path.startswith(("/v1", "/v2")) else "/1.0" + path
    r = state["conn"].request(action, params=msg.get("query") or None, data=msg.get("body"),
                              method=msg["method"].upper(), headers=dict(msg.get("headers") or {}))
    if msg.get("headers"):
        return {"value": r.object, "headers": dict(r.headers)}
    return r.object


def bench(msg):
    conn = state["conn"]
    n = int(msg.get("n", 200))
    path = msg.get("path", "/me")
    conn.request("/1.0" + path)
    elapsed = protocol.timed(n, lambda: conn.request("/1.0" + path))
    sign_n = int(msg.get("sign_n", n * 50))
    sign_elapsed = protocol.timed(sign_n, lambda: conn.make_signature("GET", "/1.0" + path, None, None, 1700000000))
    return {"calls": n, "elapsed_s": elapsed,
            "signing": {"n": sign_n, "elapsed_s": sign_elapsed, "what": "OvhConnection.make_signature"}}


def classify(e):
    if isinstance(e, InvalidCredsError):
        # libcloud raises it from the error body, keeping neither the status nor the body.
        return protocol.error("api", type(e).__name__, None, getattr(e, "value", str(e)), None, str(e))
    if isinstance(e, BaseHTTPError):
        import json
        message = e.message
        try:
            message = json.loads(e.message).get("message", e.message)
        except (ValueError, TypeError, AttributeError):
            pass
        qid = (e.headers or {}).get("x-ovh-queryid") if isinstance(e.headers, dict) else None
        return protocol.error("api", type(e).__name__, e.code, message, qid, str(e))
    return None


if __name__ == "__main__":
    protocol.serve({"hello": hello, "configure": configure, "call": call, "bench": bench}, classify)
