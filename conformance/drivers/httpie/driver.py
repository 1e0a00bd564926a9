"""Conformance driver for HTTPie with its OVH signing plugin (PyPI httpie 3.2.4 +
httpie-ovh-auth 1.2.0), driven as its users drive it: `http --auth-type ovh METHOD URL ...`
with the keys in OVH_CLIENT_ID / OVH_CLIENT_SECRET / OVH_CONSUMER_KEY (the plugin's README).

Each call runs HTTPie's own command-line entry point (httpie.core.main) in this process with
the arguments a user would type; `--check-status` turns 4xx/5xx answers into HTTPie's exit
statuses, `--print=hb` gives the answer's head and body. URLs are the endpoint plus the path
(/v1 and /v2 paths below the base URL, as a user would write them). The consumer-key request
is the unsigned `http post .../auth/credential X-Ovh-Application:...` of the plugin's README."""
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pycommon"))
import protocol  # noqa: E402

protocol.use_source()  # --client-src: a checkout of httpie_ovh_auth

import httpie  # noqa: E402
import httpie.core  # noqa: E402
import httpie_ovh_auth  # noqa: E402
from httpie.context import Environment  # noqa: E402
from httpie.status import ExitStatus  # noqa: E402

state = {"config": None}


class HttpieError(Exception):
    """A non-zero exit status of `http`, with what it printed."""

    def __init__(self, status_code, http_status, head, body, stderr):
        super().__init__(stderr.strip() or "exit status %s" % status_code)
        self.exit_status = status_code
        self.http_status = http_status
        self.head = head
        self.body = body


def hello(_msg):
    return {"name": "httpie", "library": "httpie + httpie-ovh-auth",
            "version": "httpie %s, httpie-ovh-auth %s" % (httpie.__version__,
                                                          protocol.version("httpie-ovh-auth", httpie_ovh_auth)),
            "language": "python", "transport": {"https_only": False, "signs_port": True},
            "capabilities": ["call", "unauth_call", "query", "body", "delete_body", "headers", "v1", "v2",
                             "consumer_key"],
            "source": protocol.loaded_from(httpie_ovh_auth)}


def configure(msg):
    state["config"] = dict(msg)
    return {}


def _url(path):
    c = state["config"]
    if path.startswith("/v1/") or path.startswith("/v2/") or path in ("/v1", "/v2"):
        return c["base_url"] + path
    return c["endpoint"] + path


def _split(output):
    """--print=hb output: head lines, blank line, body."""
    text = output.decode("utf-8", "replace")
    for sep in ("\r\n\r\n", "\n\n"):
        if sep in text:
            head, body = text.split(sep, 1)
            break
    else:
        head, body = text, ""
    lines = head.replace("\r\n", "\n").split("\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    return status, headers, body.strip()


def http(args, env_vars):
    """Runs `http ARGS` through HTTPie's entry point; returns (status, headers, body text)."""
    saved = {k: os.environ.get(k) for k in env_vars}
    os.environ.update({k: v for k, v in env_vars.items() if v is not None})
    for k in [k for k, v in env_vars.items() if v is None]:
        os.environ.pop(k, None)
    out, err = io.BytesIO(), io.StringIO()
    try:
        env = Environment(stdin=None, stdin_isatty=True, stdout=io.TextIOWrapper(out, encoding="utf-8"),
                          stdout_isatty=False, stderr=err, stderr_isatty=False)
        env.config_dir = state.setdefault("config_dir", _empty_config_dir())
        code = httpie.core.main(["http"] + args, env)
        env.stdout.flush()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    status, headers, body = _split(out.getvalue())
    if code != ExitStatus.SUCCESS:
        raise HttpieError(code, status, headers, body, err.getvalue())
    return status, headers, body


def _empty_config_dir():
    import tempfile
    return __import__("pathlib").Path(tempfile.mkdtemp(prefix="httpie-config-"))


def call(msg):
    c = state["config"]
    args = ["--ignore-stdin", "--check-status", "--pretty=none", "--print=hb", "--timeout=30"]
    auth = msg.get("auth", True)
    if auth:
        args += ["--auth-type", "ovh"]
    if c.get("ca_file"):
        args += ["--verify", c["ca_file"]]
    body = msg.get("body")
    if body is not None:
        args += ["--raw", json.dumps(body)]
    args += [msg["method"].upper(), _url(msg["path"])]
    if body is not None:
        args.append("Content-Type:application/json")
    for k, v in (msg.get("query") or {}).items():
        args.append("%s==%s" % (k, v))
    for k, v in (msg.get("headers") or {}).items():
        args.append("%s:%s" % (k, v))
    env = {"OVH_CLIENT_ID": c.get("application_key"), "OVH_CLIENT_SECRET": c.get("application_secret"),
           "OVH_CONSUMER_KEY": c.get("consumer_key")}
    status, headers, text = http(args, env)
    value = json.loads(text) if text else None
    if msg.get("headers"):
        return {"value": value, "headers": headers}
    return value


def request_consumer_key(msg):
    c = state["config"]
    body = {"accessRules": [{"method": r["method"], "path": r["path"]} for r in msg["rules"]]}
    if msg.get("redirection"):
        body["redirection"] = msg["redirection"]
    args = ["--ignore-stdin", "--check-status", "--pretty=none", "--print=hb", "--raw", json.dumps(body),
            "POST", _url("/auth/credential"), "Content-Type:application/json",
            "X-Ovh-Application:%s" % c["application_key"]]
    _, _, text = http(args, {})
    value = json.loads(text)
    c["consumer_key"] = value.get("consumerKey")
    return value


def classify(e):
    if isinstance(e, HttpieError):
        if e.http_status is None:
            return protocol.error("transport", "ExitStatus.%s" % ExitStatus(e.exit_status).name, message=str(e),
                                  text=str(e))
        try:
            message = json.loads(e.body).get("message")
        except (ValueError, AttributeError):
            message = e.body
        query_id = next((v for k, v in e.head.items() if k.lower() == "x-ovh-queryid"), None)
        return protocol.error("api", "ExitStatus.%s" % ExitStatus(e.exit_status).name, e.http_status, message,
                              query_id, "http: exit status %d, HTTP %s" % (e.exit_status, e.http_status))
    return None


if __name__ == "__main__":
    protocol.serve({"hello": hello, "configure": configure, "call": call,
                    "request_consumer_key": request_consumer_key}, classify)
