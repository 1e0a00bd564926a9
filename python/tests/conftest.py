"""Shared helpers for the tests of the ovhmock Python package.

They run against a real server: the one in the installed package, or $OVHMOCK_BIN."""

from __future__ import annotations

import hashlib
import json
import ssl
import time
import urllib.error
import urllib.request
from typing import Any, Optional, Tuple

import pytest

from ovhmock.testing import Keys, Server

pytest_plugins = ["pytester"]


def signed_call(endpoint: str, keys: Keys, method: str, path: str, body: Optional[Any] = None,
                *, secret: Optional[str] = None, sign_url: Optional[str] = None,
                timestamp: Optional[int] = None, ca_file: Optional[str] = None) -> Tuple[int, Any]:
    """A request signed as the OVH API wants it; returns (status, decoded body)."""
    url = endpoint + path
    data = json.dumps(body) if body is not None else ""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    pre = "+".join([secret or keys.application_secret or "", keys.consumer_key or "", method,
                    sign_url or url, data, ts])
    req = urllib.request.Request(url, data=data.encode() if data else None, method=method)
    req.add_header("X-Ovh-Application", keys.application_key or "")
    req.add_header("X-Ovh-Consumer", keys.consumer_key or "")
    req.add_header("X-Ovh-Timestamp", ts)
    req.add_header("X-Ovh-Signature", "$1$" + hashlib.sha1(pre.encode()).hexdigest())
    if data:
        req.add_header("Content-Type", "application/json")
    handlers: list = [urllib.request.ProxyHandler({})]
    if ca_file:
        handlers.append(urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=ca_file)))
    try:
        with urllib.request.build_opener(*handlers).open(req, timeout=10) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, json.loads(raw) if raw else None


@pytest.fixture(scope="session")
def server() -> Any:
    with Server() as s:
        yield s


@pytest.fixture
def fresh(server: Server) -> Server:
    server.admin.reset()
    return server
