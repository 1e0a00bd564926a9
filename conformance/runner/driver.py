"""A driver process: one JSON line out per request, one JSON line back."""
import json
import os
import select
import subprocess
import time


class DriverError(Exception):
    pass


SECRET_FIELDS = {"application_secret", "consumer_key", "client_secret", "consumerKey", "access_token"}


def mask(value):
    """What the logs keep of a secret: its first 4 characters and its length."""
    return "%s…(%d)" % (value[:4], len(value)) if isinstance(value, str) and value else value


def masked(obj):
    if isinstance(obj, dict):
        return {k: mask(v) if k in SECRET_FIELDS else masked(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [masked(v) for v in obj]
    return obj


class Driver:
    def __init__(self, name, command, cwd, env, log_path):
        self.name = name
        self.command = command
        self.cwd = cwd
        self.env = env
        self.log_path = log_path
        self.proc = None
        self._next_id = 0
        self._buf = b""

    def start(self):
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._log)
        return self

    def request(self, msg, timeout=60.0):
        if self.proc.poll() is not None:
            raise DriverError("driver exited with status %s (see %s)" % (self.proc.returncode, self.log_path))
        self._next_id += 1
        msg = dict(msg, id=self._next_id)
        line = json.dumps(msg) + "\n"
        self._log.write(b">> " + json.dumps(masked(msg), ensure_ascii=False).encode() + b"\n")
        self._log.flush()
        try:
            self.proc.stdin.write(line.encode())
            self.proc.stdin.flush()
        except BrokenPipeError as e:
            raise DriverError("driver closed its input (see %s)" % self.log_path) from e
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self._buf:
                raw, self._buf = self._buf.split(b"\n", 1)
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    reply = json.loads(raw)
                except ValueError:
                    self._log.write(b"<< (not protocol) " + raw + b"\n")
                    continue  # a library printing to stdout: ignored, kept in the log
                self._log.write(b"<< " + json.dumps(masked(reply), ensure_ascii=False).encode() + b"\n")
                self._log.flush()
                if reply.get("id") in (None, self._next_id):
                    return reply
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DriverError("no answer to %s within %.0fs" % (msg.get("op"), timeout))
            r, _, _ = select.select([self.proc.stdout], [], [], min(remaining, 0.5))
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise DriverError("driver exited with status %s (see %s)" % (self.proc.wait(), self.log_path))
                self._buf += chunk

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.request({"op": "quit"}, timeout=5)
            except (DriverError, OSError):
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()
