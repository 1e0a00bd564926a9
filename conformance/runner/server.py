"""Starts and stops ovhmock instances for the runner, and talks to them directly
(feature probes, control plane, journal)."""
import hashlib
import json
import os
import select
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request


class ServerError(Exception):
    pass


class Server:
    """One ovhmock process on port 0. `extra` are additional command-line flags."""

    def __init__(self, binary, fixtures, extra=(), workdir=None):
        self.binary = binary
        self.fixtures = fixtures
        self.extra = list(extra)
        self.workdir = workdir
        self.proc = None
        self.ready = None
        self.stderr_path = None

    def start(self, timeout=15.0):
        cmd = [self.binary, "--port", "0", "--fixtures", self.fixtures] + self.extra
        os.makedirs(self.workdir, exist_ok=True)
        self.stderr_path = os.path.join(self.workdir, "server-%d.stderr" % id(self))
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self._stderr, cwd=self.workdir)
        deadline = time.monotonic() + timeout
        buf = b""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if self.proc.poll() is not None and not r:
                raise ServerError("ovhmock exited with status %s before it was ready: %s"
                                  % (self.proc.returncode, self._stderr_text().strip()))
            if not r:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:  # stdout closed: the server has exited (e.g. its port is in use)
                try:
                    code = self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    code = "unknown (stdout closed)"
                raise ServerError("ovhmock exited with status %s before it was ready: %s"
                                  % (code, self._stderr_text().strip()))
            buf += chunk
            for line in buf.split(b"\n"):
                line = line.strip()
                if line.startswith(b"{"):
                    try:
                        msg = json.loads(line)
                    except ValueError:
                        continue
                    if msg.get("event") == "ready":
                        self.ready = msg
                        self._drain(buf)
                        return self
        self.stop()
        raise ServerError("ovhmock printed no ready line within %.0fs: %s" % (timeout, self._stderr_text()))

    def _drain(self, already):
        """Keeps reading the server's stdout (its access log) into a file, so the server
        never blocks on a full pipe."""
        out = open(self.stderr_path.replace(".stderr", ".stdout"), "wb")
        out.write(already)

        def copy():
            with out:
                while True:
                    chunk = os.read(self.proc.stdout.fileno(), 65536)
                    if not chunk:
                        return
                    out.write(chunk)

        self._drainer = threading.Thread(target=copy, daemon=True)
        self._drainer.start()

    def _stderr_text(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_stderr", None):
            self._stderr.close()

    # --- addresses -----------------------------------------------------------------
    @property
    def url(self):
        return self.ready["url"]

    @property
    def port(self):
        return int(self.ready["port"])

    @property
    def endpoint(self):
        return self.ready.get("endpoint", self.url + "/1.0")

    # --- direct HTTP -----------------------------------------------------------------
    def http(self, method, path, body=None, headers=None, base=None, ca_file=None):
        """Plain request to the server: (status, headers, body bytes)."""
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, bytearray)) else json.dumps(body).encode()
        req = urllib.request.Request((base or self.url) + path, data=data, method=method)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if data is not None and "Content-Type" not in (headers or {}):
            req.add_header("Content-Type", "application/json")
        ctx = ssl.create_default_context(cafile=ca_file) if ca_file else None
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                             urllib.request.HTTPSHandler(context=ctx))
        try:
            with opener.open(req, timeout=10) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def signed(self, method, path, keys, body=b"", base=None):
        """A call signed here with hashlib (used for feature probes only)."""
        base = base or self.url
        ts = str(int(time.time()))
        pre = "+".join([keys["application_secret"], keys["consumer_key"], method, base + path,
                        body.decode() if body else "", ts])
        sig = "$1$" + hashlib.sha1(pre.encode()).hexdigest()
        headers = {"X-Ovh-Application": keys["application_key"], "X-Ovh-Consumer": keys["consumer_key"],
                   "X-Ovh-Timestamp": ts, "X-Ovh-Signature": sig}
        return self.http(method, path, body or None, headers, base=base)

    def admin(self, method, path, body=None):
        status, headers, data = self.http(method, "/__admin" + path, body)
        try:
            value = json.loads(data) if data else None
        except ValueError:
            value = data.decode("utf-8", "replace")
        return status, value
