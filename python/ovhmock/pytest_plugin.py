"""pytest plugin for ovhmock, loaded automatically once the package is installed.

Fixtures:

``ovhmock``
    A running :class:`ovhmock.testing.Server` (started once per session and per set of
    server options), reset before each test: ``ovhmock.endpoint``, ``ovhmock.keys``,
    ``ovhmock.admin`` (the control plane).
``ovh_client``
    An ``ovh.Client`` (python-ovh) pointed at that server with its default keys; the test
    is skipped when python-ovh is not installed.
``ovh_client_factory``
    ``ovh_client_factory(application_key=..., application_secret=..., consumer_key=...)``
    builds more clients against the same server (e.g. with a wrong secret).

Markers:

``@pytest.mark.ovhmock_server(void_200_null=True, auto_validate=True, tls=True, ...)``
    The test gets a server started with these options (keyword arguments of
    :class:`ovhmock.testing.Server`); one server per distinct set, shared by the session.
``@pytest.mark.ovhmock_clock(offset=3600)`` or ``(frozen_at=1767607012)``
    The server's clock for this test (reset afterwards with the server).

Options: ``--ovhmock-bin PATH`` (the server binary; also ``$OVHMOCK_BIN``),
``--ovhmock-url URL`` (use an already running server instead of starting one; also
``$OVHMOCK_URL``), ``--ovhmock-arg FLAG`` (repeatable, extra flags for started servers).

When a test fails, its report gets a section ``ovhmock journal`` with the requests the
server received during that test (method, URL, status, error, signature explanation).
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, Generator, Iterator, List, Optional, Tuple

import pytest

from .testing import ControlPlane, Keys, OvhmockError, Server, default_keys

_CONTEXT = pytest.StashKey["_TestContext"]()
_JOURNAL_SECTION = "ovhmock journal"
_MAX_JOURNAL_ENTRIES = 50


class RemoteServer:
    """A server this plugin did not start (``--ovhmock-url``), with the attributes of
    :class:`ovhmock.testing.Server` that tests use."""

    def __init__(self, url: str, keys: Keys, ca_file: Optional[str] = None,
                 admin_token: Optional[str] = None) -> None:
        self.url = url.rstrip("/")
        if self.url.endswith("/1.0"):
            self.url = self.url[: -len("/1.0")]
        self.endpoint = self.url + "/1.0"
        self.keys = keys
        self.ca_file = ca_file
        self.admin = ControlPlane(self.url, admin_token=admin_token, ca_file=ca_file)
        self.output = ""

    def __repr__(self) -> str:
        return f"RemoteServer({self.url})"


class _TestContext:
    def __init__(self, server: Any, since: int) -> None:
        self.server = server
        self.since = since


class _Pool:
    """Servers of the session, one per distinct set of options."""

    def __init__(self, config: pytest.Config) -> None:
        self.binary: Optional[str] = config.getoption("ovhmock_bin") or None
        self.url: Optional[str] = config.getoption("ovhmock_url") or os.environ.get("OVHMOCK_URL")
        self.extra: List[str] = list(config.getoption("ovhmock_arg") or [])
        self.servers: Dict[str, Any] = {}

    def get(self, options: Dict[str, Any]) -> Any:
        key = json.dumps(options, sort_keys=True, default=str)
        if key in self.servers:
            return self.servers[key]
        if self.url:
            if options:
                pytest.skip(f"needs a server started with {options}; --ovhmock-url names an "
                            "already running server")
            server: Any = RemoteServer(self.url, default_keys(),
                                       ca_file=os.environ.get("OVHMOCK_CA_FILE") or None,
                                       admin_token=os.environ.get("OVHMOCK_ADMIN_TOKEN") or None)
            server.admin.health()
        else:
            opts = dict(options)
            opts["args"] = list(opts.get("args", ())) + self.extra
            server = Server(binary=self.binary, **opts)
            server.start()
        self.servers[key] = server
        return server

    def close(self) -> None:
        for server in self.servers.values():
            if isinstance(server, Server):
                server.stop()
        self.servers.clear()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ovhmock", "ovhmock (mock of the OVHcloud API)")
    group.addoption("--ovhmock-bin", dest="ovhmock_bin", metavar="PATH", default=None,
                    help="ovhmock server binary (default: $OVHMOCK_BIN, the one in the "
                         "ovhmock package, then ovhmock on the PATH)")
    group.addoption("--ovhmock-url", dest="ovhmock_url", metavar="URL", default=None,
                    help="use the ovhmock server already running at URL (e.g. "
                         "http://127.0.0.1:8080) instead of starting one; default $OVHMOCK_URL")
    group.addoption("--ovhmock-arg", dest="ovhmock_arg", metavar="FLAG", action="append",
                    default=[], help="extra command-line flag for the servers started "
                                     "(repeatable, e.g. --ovhmock-arg=--time-window=60)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "ovhmock_server(**options): run the test against an ovhmock server started "
                   "with these ovhmock.testing.Server options (void_200_null, auto_validate, "
                   "tls, time_window, args, ...)")
    config.addinivalue_line(
        "markers", "ovhmock_clock(offset=None, frozen_at=None): set the ovhmock server's "
                   "clock for this test (seconds ahead of real time, or frozen at a Unix "
                   "time or ISO-8601 date)")


@pytest.fixture(scope="session")
def ovhmock_pool(request: pytest.FixtureRequest) -> Iterator[_Pool]:
    """The session's ovhmock servers (used by the ``ovhmock`` fixture)."""
    pool = _Pool(request.config)
    yield pool
    pool.close()


@pytest.fixture
def ovhmock(request: pytest.FixtureRequest, ovhmock_pool: _Pool) -> Any:
    """A running ovhmock server, reset for this test: ``.endpoint``, ``.keys``, ``.admin``."""
    options: Dict[str, Any] = {}
    for mark in reversed(list(request.node.iter_markers("ovhmock_server"))):
        if mark.args:
            raise pytest.UsageError("ovhmock_server takes keyword arguments only")
        options.update(mark.kwargs)
    try:
        server = ovhmock_pool.get(options)
    except OvhmockError as e:
        pytest.fail(f"ovhmock: {e}", pytrace=False)
    server.admin.reset()
    clock = request.node.get_closest_marker("ovhmock_clock")
    if clock is not None:
        offset = clock.kwargs.get("offset")
        frozen_at = clock.kwargs.get("frozen_at")
        if offset is not None:
            server.admin.set_clock_offset(int(offset))
        if frozen_at is not None:
            server.admin.freeze_clock(frozen_at)
    newest = server.admin.last_request()
    request.node.stash[_CONTEXT] = _TestContext(server, int(newest["id"]) if newest else 0)
    return server


@pytest.fixture
def ovh_client_factory(ovhmock: Any) -> Iterator[Callable[..., Any]]:
    """Builds ``ovh.Client`` objects pointed at the ``ovhmock`` server; keyword arguments
    override its default keys (``application_key``, ``application_secret``,
    ``consumer_key``) or pass anything else ``ovh.Client`` takes."""
    pytest.importorskip("ovh", reason="python-ovh is not installed (pip install ovh)")
    import ovh.client  # type: ignore[import-untyped]

    ovh.client.ENDPOINTS["ovhmock"] = ovhmock.endpoint
    made: List[Any] = []

    def make(**overrides: Any) -> Any:
        kwargs: Dict[str, Any] = {
            "endpoint": "ovhmock",
            "application_key": ovhmock.keys.application_key,
            "application_secret": ovhmock.keys.application_secret,
            "consumer_key": ovhmock.keys.consumer_key,
        }
        kwargs.update(overrides)
        client = ovh.Client(**kwargs)
        if ovhmock.ca_file:
            # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE win over Session.verify
            # unless the session ignores the environment.
            client._session.verify = ovhmock.ca_file
            client._session.trust_env = False
        made.append(client)
        return client

    yield make
    for client in made:  # no keep-alive connection left open on the shared server
        client._session.close()


@pytest.fixture
def ovh_client(ovh_client_factory: Callable[..., Any]) -> Any:
    """An ``ovh.Client`` (python-ovh) pointed at the ``ovhmock`` server with its default
    application key, secret and consumer key. Skipped when python-ovh is not installed."""
    return ovh_client_factory()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
        item: pytest.Item, call: "pytest.CallInfo[None]"
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and report.when in ("setup", "call"):
        context = item.stash.get(_CONTEXT, None)
        if context is not None:
            report.sections.append((_JOURNAL_SECTION,
                                    journal_text(context.server.admin, context.since)))
    return report


def journal_text(admin: ControlPlane, since: int = 0) -> str:
    """The journal entries after id ``since``, oldest first, one request per block."""
    try:
        entries = admin.requests(since=since, limit=_MAX_JOURNAL_ENTRIES)
    except OvhmockError as e:
        return f"(journal unavailable: {e})"
    if not entries:
        return "(no request reached the server during this test)"
    return "\n".join(_format_entry(e) for e in reversed(entries))


def _format_entry(entry: Dict[str, Any]) -> str:
    status = entry.get("status")
    head = f"#{entry.get('id')} {entry.get('method')} {entry.get('url')} -> {status}"
    if entry.get("errorCode"):
        head += f" {entry['errorCode']}"
    elif entry.get("errorMessage"):
        head += f" {entry['errorMessage']}"
    lines = [head]
    auth = entry.get("auth") or {}
    if auth and not auth.get("accepted", True) and auth.get("reason"):
        lines.append(f"    auth: {auth['reason']}")
    hint = auth.get("signatureHint")
    if hint:
        lines.append(f"    signature: {hint.get('variantClass')}: {hint.get('variant')}")
        lines.append(f"    hashed: {hint.get('hashed')}")
    if entry.get("fault"):
        lines.append(f"    fault: {json.dumps(entry['fault'], sort_keys=True)}")
    body = entry.get("body")
    if body:
        lines.append(f"    body: {_shorten(body)}")
    return "\n".join(lines)


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} bytes)"


__all__: Tuple[str, ...] = ("RemoteServer", "journal_text")
