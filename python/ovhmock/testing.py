"""Run ovhmock, a mock of the OVHcloud API, from Python tests.

Start a server on a free port, use its endpoint and keys, drive it through its
control plane (``/__admin``), stop it on exit::

    from ovhmock.testing import Server

    with Server() as server:
        print(server.endpoint)            # http://127.0.0.1:PORT/1.0
        print(server.keys.application_key, server.keys.consumer_key)
        server.admin.set_clock_offset(3600)
        server.admin.add_fault("error", status=503, times=1)
        entries = server.admin.requests(path="/1.0/me")

The server binary comes from, in this order: the ``binary`` argument, the
``OVHMOCK_BIN`` environment variable, the binary shipped in this package, then
``ovhmock`` on the PATH (e.g. the Debian package's ``/usr/bin/ovhmock``).

The server is started with ``--port 0`` (a free port) and ``--stop-on-stdin-eof``:
its standard input is a pipe this process holds, so it stops with the test
process even when that process is killed.

Errors are subclasses of :class:`OvhmockError`: :class:`BinaryNotFound`,
:class:`ServerStartError` (with the server's output) and :class:`AdminError`
(a control-plane call answered with an error, with its status and body).

Only the standard library is used; python-ovh is not needed (the pytest plugin
in :mod:`ovhmock.pytest_plugin` gives an ``ovh.Client`` when it is installed).
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Deque, Dict, Iterable, List, Mapping, Optional, Sequence, Union

__all__ = [
    "AdminError",
    "BinaryNotFound",
    "ControlPlane",
    "Keys",
    "OvhmockError",
    "Server",
    "ServerStartError",
    "default_dataset_dir",
    "default_keys",
    "find_binary",
]

_PACKAGE_DIR = Path(__file__).resolve().parent
_SERVER_DIR = _PACKAGE_DIR / "_server"

JsonObject = Dict[str, Any]


class OvhmockError(Exception):
    """Base class of every error raised by :mod:`ovhmock.testing`."""


class BinaryNotFound(OvhmockError):
    """No ovhmock binary was found (or the one named does not exist or is not executable)."""


class ServerStartError(OvhmockError):
    """The server exited or did not print its ready line in time.

    ``output`` holds what it printed (standard output and error), ``returncode``
    its exit status (``None`` when it was still running and had to be killed).
    """

    def __init__(self, message: str, output: str = "", returncode: Optional[int] = None) -> None:
        detail = message
        if output.strip():
            detail += "\n--- ovhmock output ---\n" + output.rstrip()
        super().__init__(detail)
        self.output = output
        self.returncode = returncode


class AdminError(OvhmockError):
    """A control-plane call failed: ``status`` is the HTTP status (0 when the server
    could not be reached), ``body`` the decoded answer (the API's error object when
    the server gave one), ``message`` its message."""

    def __init__(self, method: str, url: str, status: int, body: Any, message: str) -> None:
        super().__init__(f"{method} {url}: {status or 'no answer'}: {message}")
        self.method = method
        self.url = url
        self.status = status
        self.body = body
        self.message = message


@dataclass(frozen=True)
class Keys:
    """An application key, its secret and a consumer key, as a client is configured."""

    application_key: Optional[str]
    application_secret: Optional[str]
    consumer_key: Optional[str]


def default_dataset_dir() -> Optional[Path]:
    """The default data set shipped beside the packaged binary, or ``None``."""
    path = _SERVER_DIR / "share" / "ovhmock" / "default"
    return path if path.is_dir() else None


def default_keys(dataset: Optional[Union[str, Path]] = None) -> Keys:
    """The keys of a data set directory (default: the shipped default data set): its first
    application and that application's first validated consumer key."""
    directory = Path(dataset) if dataset is not None else default_dataset_dir()
    if directory is None:
        raise OvhmockError("no data set directory given and no default data set is installed")
    try:
        apps = json.loads((directory / "applications.json").read_text(encoding="utf-8"))
        creds = json.loads((directory / "credentials.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise OvhmockError(f"cannot read the keys of data set {directory}: {e}") from e
    if not apps:
        return Keys(None, None, None)
    app = apps[0]
    ck = next(
        (c["consumerKey"] for c in creds
         if c.get("applicationId") == app.get("applicationId") and c.get("status") == "validated"),
        None,
    )
    return Keys(app.get("applicationKey"), app.get("applicationSecret"), ck)


def find_binary(binary: Optional[Union[str, "os.PathLike[str]"]] = None) -> str:
    """Path of the ovhmock binary: ``binary`` if given, else ``$OVHMOCK_BIN``, else the one
    shipped in this package, else ``ovhmock`` on the PATH. Raises :class:`BinaryNotFound`."""
    for source, candidate in (("argument", binary), ("OVHMOCK_BIN", os.environ.get("OVHMOCK_BIN"))):
        if candidate:
            path = Path(candidate)
            if not path.is_file() or not os.access(path, os.X_OK):
                raise BinaryNotFound(f"ovhmock binary from {source} is not an executable file: {path}")
            return str(path)
    packaged = _SERVER_DIR / "bin" / "ovhmock"
    if packaged.is_file() and os.access(packaged, os.X_OK):
        return str(packaged)
    on_path = shutil.which("ovhmock")
    if on_path:
        return on_path
    raise BinaryNotFound(
        "no ovhmock binary: this package has none and `ovhmock` is not on the PATH; "
        "install the binary wheel (pip install ovhmock) or the Debian package, "
        "or set OVHMOCK_BIN to the server binary")


def _ssl_context(ca_file: str) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=ca_file)


class ControlPlane:
    """Typed calls to a server's control plane, ``<url>/__admin`` (docs/control-plane.md).

    ``url`` is the server's base URL (``http://127.0.0.1:PORT``, no ``/1.0``).
    ``admin_token`` is sent as ``Authorization: Bearer`` (needed only off loopback),
    ``ca_file`` verifies an HTTPS server. Every call raises :class:`AdminError` when the
    server answers an error or cannot be reached.
    """

    def __init__(self, url: str, *, admin_token: Optional[str] = None,
                 ca_file: Optional[str] = None, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.admin_token = admin_token
        self.timeout = timeout
        # No proxy from the environment: the control plane is reached directly.
        handlers: List[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
        if ca_file:
            handlers.append(urllib.request.HTTPSHandler(context=_ssl_context(ca_file)))
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"ControlPlane({self.url!r})"

    # -- transport ---------------------------------------------------------------------

    def call(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None,
             query: Optional[Mapping[str, Any]] = None) -> Any:
        """One control-plane request; ``path`` is relative to ``/__admin``. Returns the
        decoded JSON answer (``None`` for 204, the text for non-JSON answers)."""
        url = f"{self.url}/__admin{path}"
        if query:
            url += "?" + urllib.parse.urlencode(
                {k: _query_value(v) for k, v in query.items() if v is not None})
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.admin_token:
            req.add_header("Authorization", f"Bearer {self.admin_token}")
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return _decode(resp.read(), resp.headers.get_content_type())
        except urllib.error.HTTPError as e:
            payload = _decode(e.read(), e.headers.get_content_type() if e.headers else "")
            message = payload.get("message", str(payload)) if isinstance(payload, dict) else str(payload)
            raise AdminError(method, url, e.code, payload, message) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise AdminError(method, url, 0, None, f"cannot reach the control plane: {reason}") from None

    def _obj(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None,
             query: Optional[Mapping[str, Any]] = None) -> JsonObject:
        answer = self.call(method, path, body, query)
        if not isinstance(answer, dict):
            raise AdminError(method, f"{self.url}/__admin{path}", 200, answer,
                             "expected a JSON object")
        return answer

    # -- state -------------------------------------------------------------------------

    def health(self) -> JsonObject:
        """``status``, ``version``, ``uptimeInSeconds`` and ``counts`` of loaded objects."""
        return self._obj("GET", "/health")

    def version(self) -> str:
        """The server's version."""
        return str(self._obj("GET", "/version")["version"])

    def reset(self) -> None:
        """Data back to the last loaded data set, journal cleared, faults removed, clock real."""
        self.call("POST", "/reset")

    def load_dataset(self, directory: Optional[Union[str, Path]] = None,
                     files: Optional[Mapping[str, Any]] = None) -> JsonObject:
        """Replace the data set with a fixtures directory (read by the server) or with the
        files themselves (``{"applications.json": [...], ...}``). It becomes what
        :meth:`reset` returns to. Returns the new ``counts``."""
        if (directory is None) == (files is None):
            raise ValueError("give exactly one of directory or files")
        if directory is not None:
            return self._obj("POST", "/dataset", {"directory": str(Path(directory).resolve())})
        return self._obj("POST", "/dataset", {"files": dict(files or {})})

    # -- applications and keys ---------------------------------------------------------

    def create_application(self, *, name: Optional[str] = None, description: Optional[str] = None,
                           application_key: Optional[str] = None,
                           application_secret: Optional[str] = None,
                           application_id: Optional[int] = None,
                           status: Optional[str] = None) -> JsonObject:
        """Create an application; missing keys are generated. Returns it, secret included."""
        return self._obj("POST", "/applications", _fields(
            name=name, description=description, applicationKey=application_key,
            applicationSecret=application_secret, applicationId=application_id, status=status))

    def create_credential(self, application_key: Optional[str] = None, *,
                          application_id: Optional[int] = None,
                          rules: Optional[Sequence[Mapping[str, str]]] = None,
                          status: Optional[str] = None, expires_in: Optional[int] = None,
                          expiration: Optional[str] = None,
                          allowed_ips: Optional[Sequence[str]] = None,
                          consumer_key: Optional[str] = None,
                          credential_id: Optional[int] = None,
                          redirection: Optional[str] = None) -> JsonObject:
        """Create a consumer key for an application (by key or id). ``rules`` like
        ``[{"method": "GET", "path": "/domain/*"}]`` (default: everything), ``status``
        ``validated`` (default), ``pendingValidation``, ``refused`` or ``expired``.
        Returns the credential with its ``consumerKey``."""
        if application_key is None and application_id is None:
            raise ValueError("give application_key or application_id")
        return self._obj("POST", "/credentials", _fields(
            applicationKey=application_key, applicationId=application_id,
            rules=[dict(r) for r in rules] if rules is not None else None, status=status,
            expiresIn=expires_in, expiration=expiration,
            allowedIPs=list(allowed_ips) if allowed_ips is not None else None,
            consumerKey=consumer_key, credentialId=credential_id, redirection=redirection))

    def validate_credential(self, consumer_key: Optional[str] = None, *,
                            credential_id: Optional[int] = None,
                            expires_in: Optional[int] = None,
                            expiration: Optional[str] = None) -> JsonObject:
        """Validate a key (e.g. one from ``POST /auth/credential``), optionally with a new
        expiration. Returns the credential."""
        return self._obj("POST", "/credentials/validate", _key(consumer_key, credential_id,
                                                               expiresIn=expires_in,
                                                               expiration=expiration))

    def refuse_credential(self, consumer_key: Optional[str] = None, *,
                          credential_id: Optional[int] = None) -> JsonObject:
        """Refuse a key: signed calls with it then get ``403 INVALID_CREDENTIAL``."""
        return self._obj("POST", "/credentials/refuse", _key(consumer_key, credential_id))

    def expire_credential(self, consumer_key: Optional[str] = None, *,
                          credential_id: Optional[int] = None) -> JsonObject:
        """Expire a key now."""
        return self._obj("POST", "/credentials/expire", _key(consumer_key, credential_id))

    # -- virtual clock -----------------------------------------------------------------

    def clock(self) -> JsonObject:
        """``now``, ``nowIso``, ``offset``, ``frozen`` and ``realNow``."""
        return self._obj("GET", "/clock")

    def set_clock_offset(self, seconds: int) -> JsonObject:
        """Put the server's clock ``seconds`` ahead of real time (negative: behind)."""
        return self._obj("POST", "/clock/offset", {"seconds": seconds})

    def step_clock(self, seconds: int) -> JsonObject:
        """Move the clock by ``seconds``."""
        return self._obj("POST", "/clock/step", {"seconds": seconds})

    def freeze_clock(self, at: Optional[Union[int, str]] = None) -> JsonObject:
        """Freeze the clock, at ``at`` (Unix time or ISO-8601 with offset) or at its now."""
        return self._obj("POST", "/clock/freeze", {"at": at} if at is not None else None)

    def unfreeze_clock(self) -> JsonObject:
        """Let a frozen clock run again from where it stands."""
        return self._obj("POST", "/clock/unfreeze")

    def reset_clock(self) -> JsonObject:
        """Back to real time, not frozen."""
        return self._obj("POST", "/clock/reset")

    # -- journal -----------------------------------------------------------------------

    def requests(self, *, limit: Optional[int] = None, **filters: Any) -> List[JsonObject]:
        """Journal entries, newest first. Filters (all must match): ``method``, ``path``
        (glob), ``status``, ``error_code``, ``accepted``, ``test_id``, ``route``, ``since``
        (entries with a larger id)."""
        query = _filters(filters)
        if limit is not None:
            query["limit"] = limit
        return list(self._obj("GET", "/requests", query=query)["requests"])

    def count_requests(self, **filters: Any) -> int:
        """How many journal entries match the filters of :meth:`requests`."""
        return int(self._obj("POST", "/requests/count", _filters(filters))["count"])

    def clear_requests(self) -> None:
        """Empty the journal."""
        self.call("DELETE", "/requests")

    def last_request(self, **filters: Any) -> Optional[JsonObject]:
        """The newest journal entry matching the filters, or ``None``."""
        entries = self.requests(limit=1, **filters)
        return entries[0] if entries else None

    def last_signature_hint(self, **filters: Any) -> Optional[JsonObject]:
        """The explanation of the newest rejected signature (``variantClass``, ``variant``,
        ``hashed``), or ``None`` when no request matching the filters was refused with
        ``INVALID_SIGNATURE``."""
        entry = self.last_request(error_code="INVALID_SIGNATURE", **filters)
        if entry is None:
            return None
        hint = entry.get("auth", {}).get("signatureHint")
        return hint if isinstance(hint, dict) else None

    # -- faults ------------------------------------------------------------------------

    def faults(self) -> List[JsonObject]:
        """The active faults, with ``hits`` and ``remaining``."""
        return list(self._obj("GET", "/faults")["faults"])

    def add_fault(self, kind: str, *, status: Optional[int] = None, times: Optional[int] = None,
                  method: Optional[str] = None, path: Optional[str] = None,
                  test_id: Optional[str] = None, header: Optional[Mapping[str, str]] = None,
                  delay_ms: Optional[int] = None, retry_after: Optional[int] = None,
                  message: Optional[str] = None, error_code: Optional[str] = None,
                  error_class: Optional[str] = None) -> JsonObject:
        """Add a fault: ``kind`` is ``error`` (with ``status``), ``rateLimit`` (429 with
        ``retry_after``), ``latency`` (with ``delay_ms``) or ``drop`` (connection closed).
        Scope with ``method``, ``path`` (glob), ``test_id`` or ``header``; ``times`` limits
        it to the next N matching requests. Returns the fault with its ``id``."""
        return self._obj("POST", "/faults", _fields(
            kind=kind, status=status, times=times, method=method, path=path, testId=test_id,
            header=dict(header) if header is not None else None, delayMs=delay_ms,
            retryAfter=retry_after, message=message, errorCode=error_code, **{"class": error_class}))

    def remove_fault(self, fault_id: str) -> None:
        """Remove one fault by id."""
        self.call("DELETE", f"/faults/{urllib.parse.quote(fault_id, safe='')}")

    def clear_faults(self) -> None:
        """Remove every fault."""
        self.call("DELETE", "/faults")

    def metrics(self) -> str:
        """The Prometheus metrics text."""
        return str(self.call("GET", "/metrics"))


def _query_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _decode(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    if content_type == "application/json":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _fields(**kw: Any) -> JsonObject:
    return {k: v for k, v in kw.items() if v is not None}


def _key(consumer_key: Optional[str], credential_id: Optional[int], **extra: Any) -> JsonObject:
    if (consumer_key is None) == (credential_id is None):
        raise ValueError("give exactly one of consumer_key or credential_id")
    return _fields(consumerKey=consumer_key, credentialId=credential_id, **extra)


_FILTER_NAMES = {"error_code": "errorCode", "test_id": "testId"}


def _filters(filters: Mapping[str, Any]) -> JsonObject:
    return {_FILTER_NAMES.get(k, k): v for k, v in filters.items() if v is not None}


_BANNER = {
    "application key": "application_key",
    "application secret": "application_secret",
    "consumer key": "consumer_key",
}
_BANNER_LINE = re.compile(r"^\s+(application key|application secret|consumer key)\s+(\S+)\s*$")


class Server:
    """An ovhmock server process on a free port, for one test run.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`)::

        with Server(tls=True) as server:
            requests.get(server.endpoint + "/auth/time", verify=server.ca_file)

    Arguments: ``binary`` (see :func:`find_binary`), ``fixtures`` (a data set directory),
    ``tls`` (HTTPS with a generated CA, written to :attr:`ca_file`), ``void_200_null``,
    ``auto_validate`` and ``auto_validate_validity``, ``time_window``, ``public_base``,
    ``journal_size``, ``log_format`` (``plain``, ``json`` or ``off``), ``args`` (any other
    flags), ``startup_timeout`` in seconds, ``env`` for the process.

    After :meth:`start`: :attr:`url`, :attr:`endpoint`, :attr:`port`, :attr:`keys` (read
    from the server's banner), :attr:`admin` (a :class:`ControlPlane`), :attr:`output`
    (the last lines it printed).
    """

    def __init__(self, *, binary: Optional[Union[str, "os.PathLike[str]"]] = None,
                 fixtures: Optional[Union[str, "os.PathLike[str]"]] = None, tls: bool = False,
                 void_200_null: bool = False, auto_validate: bool = False,
                 auto_validate_validity: Optional[int] = None, time_window: Optional[int] = None,
                 public_base: Iterable[str] = (), journal_size: Optional[int] = None,
                 log_format: str = "plain", args: Sequence[str] = (),
                 startup_timeout: float = 15.0, env: Optional[Mapping[str, str]] = None,
                 output_lines: int = 400) -> None:
        self.binary = find_binary(binary)
        self.tls = tls
        self.startup_timeout = startup_timeout
        self._env = dict(env) if env is not None else None
        argv = [self.binary, "--host", "127.0.0.1", "--port", "0", "--stop-on-stdin-eof",
                "--log-format", log_format]
        if fixtures is not None:
            argv += ["--fixtures", os.fspath(fixtures)]
        if void_200_null:
            argv.append("--void-200-null")
        if auto_validate:
            argv.append("--auto-validate")
        if auto_validate_validity is not None:
            argv += ["--auto-validate-validity", str(auto_validate_validity)]
        if time_window is not None:
            argv += ["--time-window", str(time_window)]
        for base in public_base:
            argv += ["--public-base", base]
        if journal_size is not None:
            argv += ["--journal-size", str(journal_size)]
        self._tmpdir: Optional["tempfile.TemporaryDirectory[str]"] = None
        self._extra = list(args)
        self._argv = argv
        self._proc: Optional["subprocess.Popen[bytes]"] = None
        self._lines: Deque[str] = collections.deque(maxlen=output_lines)
        self._lines_lock = threading.Lock()
        self._reader: Optional[threading.Thread] = None
        self._ready: Optional[JsonObject] = None
        self._banner: Dict[str, str] = {}
        self._ready_event = threading.Event()
        self.admin: ControlPlane
        self.ca_file: Optional[str] = None

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def argv(self) -> List[str]:
        """The command line the server is (or will be) started with."""
        argv = list(self._argv)
        if self.tls:
            argv.append("--tls")
            if self.ca_file:
                argv += ["--tls-ca-out", self.ca_file]
        return argv + self._extra

    def start(self) -> "Server":
        """Start the server and wait for its ready line. Raises :class:`ServerStartError`."""
        if self._proc is not None:
            raise OvhmockError("server already started")
        if self.tls:
            self._tmpdir = tempfile.TemporaryDirectory(prefix="ovhmock-")
            self.ca_file = os.path.join(self._tmpdir.name, "ca.pem")
        try:
            self._proc = subprocess.Popen(
                self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                env=self._env, close_fds=True)
        except OSError as e:
            self._cleanup_tmp()
            raise ServerStartError(f"cannot run {self.binary}: {e}") from e
        self._reader = threading.Thread(target=self._read_output, name="ovhmock-output", daemon=True)
        self._reader.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self._ready_event.wait(0.05):
            if self._proc.poll() is not None:
                self._reader.join(timeout=2)
                if self._ready_event.is_set():
                    break
                rc = self._proc.returncode
                self._proc = None
                self._cleanup_tmp()
                raise ServerStartError(f"ovhmock exited with status {rc} before it was ready "
                                       f"({' '.join(self.argv)})", self.output, rc)
            if time.monotonic() > deadline:
                output = self.output
                self._kill()
                raise ServerStartError(f"ovhmock printed no ready line within "
                                       f"{self.startup_timeout:g} s ({' '.join(self.argv)})", output)
        self.admin = ControlPlane(self.url, ca_file=self.ca_file)
        return self

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """Stop the server (closes its standard input, then SIGTERM, then SIGKILL) and
        return its exit status. Stopping a stopped server does nothing."""
        proc = self._proc
        if proc is None:
            return None
        try:
            if proc.stdin:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=timeout / 2)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=timeout / 2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._reader:
            self._reader.join(timeout=2)
        self._proc = None
        self._cleanup_tmp()
        return proc.returncode

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
        self._cleanup_tmp()

    def _cleanup_tmp(self) -> None:
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.url if self._ready else "not started"
        return f"Server({state})"

    def _read_output(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for raw in self._proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._lines_lock:
                self._lines.append(line)
            if self._ready is None:
                m = _BANNER_LINE.match(line)
                if m:
                    self._banner[_BANNER[m.group(1)]] = m.group(2)
                elif line.startswith("{"):
                    try:
                        msg = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(msg, dict) and msg.get("event") == "ready":
                        self._ready = msg
                        self._ready_event.set()

    # -- what tests use ----------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True while the process runs."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def ready_info(self) -> JsonObject:
        """The server's ready line, decoded (``url``, ``endpoint``, ``port``, ``caFile``…)."""
        if self._ready is None:
            raise OvhmockError("server not started")
        return dict(self._ready)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:PORT`` (the control plane is under it)."""
        return str(self.ready_info["url"])

    @property
    def endpoint(self) -> str:
        """API endpoint for clients, e.g. ``http://127.0.0.1:PORT/1.0``."""
        return str(self.ready_info["endpoint"])

    @property
    def port(self) -> int:
        """The port picked."""
        return int(self.ready_info["port"])

    @property
    def keys(self) -> Keys:
        """Application key, secret and consumer key printed by the server at start."""
        if self._ready is None:
            raise OvhmockError("server not started")
        return Keys(self._banner.get("application_key"), self._banner.get("application_secret"),
                    self._banner.get("consumer_key"))

    @property
    def output(self) -> str:
        """The last lines the server printed (banner, ready line, access log, errors)."""
        with self._lines_lock:
            return "\n".join(self._lines)
