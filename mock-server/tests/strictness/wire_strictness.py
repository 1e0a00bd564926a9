#!/usr/bin/env python3
"""The strictness proof at the wire (docs/hardening.md).

The in-process proof (ovhmock_strictness) mutates requests after the HTTP layer parsed them.
This tool starts the real server, builds signed requests the server accepts (every GET route
over the default data set, and a record creation with a non-ASCII body), checks that each is
accepted as sent, then sends each again over a socket with ONE change the in-process proof
cannot express: how header values are spelt (%XX in either hex case, surrounding whitespace,
tabs, obs-fold, duplicates, name case), the request-target form (absolute-form, "//", dot
segments, fragments, encoded slashes, %XX in the path), the Host header (with and without
port), the body's bytes (UTF-8 <-> Latin-1, JSON escapes <-> raw), chunked transfer instead
of Content-Length, and HTTP/1.0.

Each mutant class says what the real API does with the same bytes: either it accepts them
(with the reason: the same signed bytes reach it, by RFC 9110/9112) or it refuses them with a
given error. A mutant accepted where a refusal is due is UNEXPLAINED; a refusal other than the
class's is a WRONG ERROR. Either fails the run. Counts are printed per class.

Usage: wire_strictness.py --server BUILD/mock-server/ovhmock [--min-mutants 50000] [-j 8]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

AUTH_HEADERS = ("X-Ovh-Application", "X-Ovh-Consumer", "X-Ovh-Timestamp", "X-Ovh-Signature")

# What a refusal must be, per field whose bytes changed: (status, errorCode or message part).
REFUSAL_BY_HEADER = {
    "X-Ovh-Application": {(403, "INVALID_KEY"), (400, "INVALID_SIGNATURE")},
    "X-Ovh-Consumer": {(403, "NOT_CREDENTIAL"), (403, "INVALID_CREDENTIAL"), (400, "INVALID_SIGNATURE")},
    "X-Ovh-Timestamp": {(400, "QUERY_TIME_OUT"), (400, "INVALID_SIGNATURE")},
    "X-Ovh-Signature": {(400, "INVALID_SIGNATURE")},
}
INVALID_SIGNATURE = {(400, "INVALID_SIGNATURE")}
# A changed path: no route (404) or, routed the same after decoding, a signature over other bytes.
CHANGED_PATH = {(404, "Got an invalid (or empty) URL"), (400, "INVALID_SIGNATURE")}
MALFORMED = {(400, "Malformed HTTP request")}
DUPLICATED = {(400, "sent more than once")}


@dataclass
class Base:
    """A signed request the server accepts, kept as its parts."""
    method: str
    target: str
    body: bytes
    headers: List[Tuple[str, str]]  # in order: Host, X-Ovh-*, Content-Type


@dataclass
class Mutant:
    cls: str
    raw: bytes
    # The outcome the real API gives these bytes: "accept" or a set of acceptable refusals.
    accept: bool = False
    refusals: frozenset = frozenset()
    # Accepting is also explained (obs-fold: RFC 9112 lets a server unfold instead of refusing).
    accept_or_refuse: bool = False


@dataclass
class ClassCount:
    reason: str
    total: int = 0
    accepted: int = 0
    refused: int = 0
    unexplained: int = 0
    wrong: int = 0
    examples: List[str] = field(default_factory=list)


# Why each accepted class is accepted by the real API (the same signed bytes reach it).
ACCEPT_REASONS = {
    "header-name-case": "field names are case-insensitive (RFC 9110 §5.1)",
    "header-value-ows": "whitespace (SP/HTAB) around a field value is not part of it (RFC 9110 §5.5)",
    "chunked": "Transfer-Encoding is not part of the content: the signed body bytes are the same (RFC 9112 §7)",
    "http-1.0": "same method, target, headers and body bytes; the version is not signed (RFC 9110 §2.5)",
    "obs-fold-before-value": "an obs-fold before the value unfolds to whitespace around it, or is refused "
                             "with 400 (RFC 9112 §5.2 allows either)",
}
REFUSE_REASONS = {
    "header-pct": "%XX is not decoded in field values: the bytes differ from the signed ones",
    "header-pct-lower": "same, %xx with lowercase hex digits",
    "header-inner-tab": "a tab inside a value changes its bytes",
    "header-inner-space": "a space inside a value changes its bytes",
    "obs-fold-inside": "an obs-fold inside a value is refused (400) or unfolds to a space: other bytes",
    "header-duplicated": "an authentication header sent twice is ambiguous: 400 (docs/limits.md)",
    "host-duplicated": "two Host fields: 400 (RFC 9112 §3.2)",
    "host-without-port": "the signed URL carried the port: the URL rebuilt from Host differs",
    "host-other-port": "the signed URL carried another port",
    "host-missing": "no Host: 400 (RFC 9112 §3.2) or a URL that is not the signed one",
    "absolute-form": "the URL rebuilt from an absolute-form target is not the signed one (UNCONFIRMED for "
                     "the real API: decided strict)",
    "path-double-slash": "'//' names no route or is another signed URL",
    "path-dot-segment": "dot segments are not resolved: no route or another signed URL",
    "path-fragment": "a fragment is never sent by clients; the target bytes differ",
    "path-encoded-slash": "%2F is not a separator: no route or another signed URL",
    "path-pct": "%XX of an unreserved character: another signed URL (the API hashes bytes as sent)",
    "path-pct-lower": "same, lowercase hex",
    "query-pct": "%XX in the query: another signed URL",
    "body-latin1": "the body re-encoded as Latin-1: other bytes than the signed UTF-8",
    "body-escaped": "a raw character written as a JSON \\u escape: other bytes",
    "body-unescaped": "a \\u escape written raw: other bytes",
    "body-escape-case": "a \\u escape in the other hex case: other bytes",
}


def sign(secret: str, ck: str, method: str, url: str, body: bytes, ts: str) -> str:
    pre = "+".join([secret, ck, method, url]).encode() + b"+" + body + b"+" + ts.encode()
    return "$1$" + hashlib.sha1(pre).hexdigest()


def serialise(method: str, target: str, headers: Sequence[Tuple[str, str]], body: bytes,
              version: str = "HTTP/1.1", chunks: Optional[List[bytes]] = None) -> bytes:
    lines = ["%s %s %s" % (method, target, version)]
    for n, v in headers:
        lines.append("%s: %s" % (n, v) if not n.startswith("\0raw") else v)
    if chunks is not None:
        lines.append("Transfer-Encoding: chunked")
    elif body or method in ("POST", "PUT"):
        lines.append("Content-Length: %d" % len(body))
    if version == "HTTP/1.1":
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if chunks is None:
        return head + body
    out = head
    for c in chunks:
        out += b"%x\r\n" % len(c) + c + b"\r\n"
    return out + b"0\r\n\r\n"


def exchange(port: int, raw: bytes, timeout: float = 10.0) -> Tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while True:
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                head = data[:head_end].decode("latin-1")
                length = None
                for line in head.split("\r\n")[1:]:
                    n, _, v = line.partition(":")
                    if n.strip().lower() == "content-length":
                        length = int(v.strip())
                if length is not None and len(data) >= head_end + 4 + length:
                    break
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
    if not data.startswith(b"HTTP/"):
        return 0, data
    status = int(data.split(b" ", 2)[1])
    return status, data[data.find(b"\r\n\r\n") + 4:] if b"\r\n\r\n" in data else b""


def refusal_matches(status: int, body: bytes, allowed: frozenset) -> bool:
    text = body.decode("utf-8", "replace")
    try:
        j = json.loads(text)
    except ValueError:
        j = {}
    code = j.get("errorCode", "") if isinstance(j, dict) else ""
    message = j.get("message", "") if isinstance(j, dict) else ""
    for want_status, want in allowed:
        if status == want_status and (want == code or want in message):
            return True
    return False


class Server:
    def __init__(self, binary: str, extra: Sequence[str]) -> None:
        self.proc = subprocess.Popen([binary, "--port", "0", "--stop-on-stdin-eof", "--journal-size", "0",
                                      "--log-format", "off", *extra],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.keys: Dict[str, str] = {}
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            s = line.strip()
            for label, key in (("application key", "ak"), ("application secret", "as"), ("consumer key", "ck")):
                if s.startswith(label) and key not in self.keys:
                    self.keys[key] = s[len(label):].strip()
            if s.startswith("{") and '"ready"' in s:
                self.port = int(json.loads(s)["port"])
                break
        else:
            raise RuntimeError("the server did not start: " + (self.proc.stderr.read() if self.proc.stderr else ""))
        if set(self.keys) != {"ak", "as", "ck"}:
            raise RuntimeError("the banner named no usable key")

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Signer:
    def __init__(self, server: Server) -> None:
        self.server = server
        status, body = exchange(server.port, serialise("GET", "/1.0/auth/time", [("Host", self.host())], b""))
        self.delta = int(body) - int(time.time()) if status == 200 else 0

    def host(self) -> str:
        return "127.0.0.1:%d" % self.server.port

    def base(self, method: str, target: str, body: bytes = b"") -> Base:
        k = self.server.keys
        ts = str(int(time.time()) + self.delta)
        url = "http://%s%s" % (self.host(), target)
        headers = [("Host", self.host()), ("X-Ovh-Application", k["ak"]), ("X-Ovh-Consumer", k["ck"]),
                   ("X-Ovh-Timestamp", ts), ("X-Ovh-Signature", sign(k["as"], k["ck"], method, url, body, ts))]
        if body:
            headers.append(("Content-Type", "application/json"))
        return Base(method, target, body, headers)


def corpus(signer: Signer) -> List[Base]:
    """Signed GETs of every route of the data set (/1.0 and /v1), and record creations."""
    port = signer.server.port

    def get_json(target: str):
        b = signer.base("GET", target)
        status, body = exchange(port, serialise(b.method, b.target, b.headers, b.body))
        return json.loads(body) if status == 200 else None

    targets = ["/1.0/me", "/1.0/me/api/application", "/1.0/me/api/credential", "/1.0/domain", "/1.0/domain/zone",
               "/1.0/auth/currentCredential", "/v2/domain/name"]
    for app in get_json("/1.0/me/api/application") or []:
        targets.append("/1.0/me/api/application/%d" % app)
    for cred in (get_json("/1.0/me/api/credential") or [])[:10]:
        targets.append("/1.0/me/api/credential/%d" % cred)
    for d in get_json("/1.0/domain") or []:
        targets += ["/1.0/domain/" + d, "/v2/domain/name/" + d]
    for z in get_json("/1.0/domain/zone") or []:
        zp = "/1.0/domain/zone/" + z
        targets += [zp, zp + "/record", zp + "/status", zp + "/soa", zp + "/serviceInfos", zp + "/export",
                    zp + "/record?fieldType=A", zp + "/record?fieldType=TXT&subDomain=_acme-challenge"]
        for rid in get_json(zp + "/record") or []:
            targets.append("%s/record/%d" % (zp, rid))
    targets += [t.replace("/1.0/", "/v1/", 1) for t in targets if t.startswith("/1.0/")]
    bases = [signer.base("GET", t) for t in targets]
    zones = get_json("/1.0/domain/zone") or []
    for z in zones:
        body = json.dumps({"fieldType": "TXT", "subDomain": "wire", "target": "caf\u00e9 \u00fc/\u00e0 \\u0041",
                           "ttl": 60}, ensure_ascii=False, separators=(",", ":")).encode()
        bases.append(signer.base("POST", "/1.0/domain/zone/%s/record" % z, body))
        escaped = json.dumps({"fieldType": "TXT", "subDomain": "wire2", "target": "na\u00efve"},
                             separators=(",", ":")).encode()
        bases.append(signer.base("POST", "/1.0/domain/zone/%s/record" % z, escaped))
    return bases


def pct(c: str, lower: bool) -> str:
    s = "".join("%%%02X" % b for b in c.encode())
    return s.lower() if lower else s


def mutants(b: Base) -> List[Mutant]:
    out: List[Mutant] = []
    H = b.headers

    def raw(headers=H, target=b.target, body=b.body, version="HTTP/1.1", chunks=None) -> bytes:
        return serialise(b.method, target, headers, body, version, chunks)

    def with_header(i: int, name: str, value: str) -> List[Tuple[str, str]]:
        h = list(H)
        h[i] = (name, value)
        return h

    for i, (name, value) in enumerate(H):
        if name not in AUTH_HEADERS:
            continue
        refusals = frozenset(REFUSAL_BY_HEADER[name])
        # One character spelt %XX, both hex cases.
        for pos, c in enumerate(value):
            for lower in (False, True):
                if lower and pct(c, False) == pct(c, True):
                    continue
                v = value[:pos] + pct(c, lower) + value[pos + 1:]
                out.append(Mutant("header-pct-lower" if lower else "header-pct", raw(with_header(i, name, v)),
                                  refusals=refusals))
        # Whitespace around the value: the same value (accepted).
        for ws in ((" ", ""), ("", " "), ("\t", ""), ("", "\t"), ("  ", "\t "), ("\t\t", "  ")):
            out.append(Mutant("header-value-ows", raw(with_header(i, name, ws[0] + value + ws[1])), accept=True))
        # Whitespace inside the value: other bytes.
        for pos in range(1, len(value)):
            out.append(Mutant("header-inner-space", raw(with_header(i, name, value[:pos] + " " + value[pos:])),
                              refusals=refusals))
            out.append(Mutant("header-inner-tab", raw(with_header(i, name, value[:pos] + "\t" + value[pos:])),
                              refusals=refusals))
        # obs-fold: before the value (unfolds to leading whitespace) and inside it.
        h = list(H)
        h[i] = ("\0raw", "%s:\r\n %s" % (name, value))
        out.append(Mutant("obs-fold-before-value", raw(h), accept_or_refuse=True,
                          refusals=frozenset(MALFORMED)))
        for pos in range(1, len(value), 3):
            h = list(H)
            h[i] = ("\0raw", "%s: %s\r\n %s" % (name, value[:pos], value[pos:]))
            out.append(Mutant("obs-fold-inside", raw(h), refusals=frozenset(MALFORMED | refusals)))
        # Sent twice (same value, and a second, other value).
        out.append(Mutant("header-duplicated", raw(H[:i + 1] + [(name, value)] + H[i + 1:]),
                          refusals=frozenset(DUPLICATED)))
        out.append(Mutant("header-duplicated", raw(H + [(name, value[::-1])]), refusals=frozenset(DUPLICATED)))
        # Name case: every letter flipped alone, and all lower/upper.
        variants = {name.lower(), name.upper()}
        for pos, c in enumerate(name):
            if c.isalpha():
                variants.add(name[:pos] + c.swapcase() + name[pos + 1:])
        variants.discard(name)
        for n in sorted(variants):
            out.append(Mutant("header-name-case", raw(with_header(i, n, value)), accept=True))

    # Host.
    host = H[0][1]
    hostname, _, port = host.rpartition(":")
    out.append(Mutant("host-without-port", raw(with_header(0, "Host", hostname)), refusals=frozenset(INVALID_SIGNATURE)))
    out.append(Mutant("host-other-port", raw(with_header(0, "Host", "%s:%d" % (hostname, int(port) + 1))),
                      refusals=frozenset(INVALID_SIGNATURE)))
    out.append(Mutant("host-duplicated", raw([H[0]] + H), refusals=frozenset(DUPLICATED)))
    out.append(Mutant("host-missing", raw(H[1:]), refusals=frozenset(MALFORMED | INVALID_SIGNATURE)))
    for n in ("host", "HOST", "hOST"):
        out.append(Mutant("header-name-case", raw(with_header(0, n, host)), accept=True))

    # Request target.
    path, q, query = b.target.partition("?")
    out.append(Mutant("absolute-form", raw(target="http://%s%s" % (host, b.target)),
                      refusals=frozenset(INVALID_SIGNATURE | {(404, "")})))
    slashes = [k for k, c in enumerate(path) if c == "/"]
    for k in slashes:
        out.append(Mutant("path-double-slash", raw(target=path[:k] + "/" + path[k:] + q + query),
                          refusals=frozenset(CHANGED_PATH)))
        if k > 0:
            out.append(Mutant("path-encoded-slash", raw(target=path[:k] + "%2F" + path[k + 1:] + q + query),
                              refusals=frozenset(CHANGED_PATH)))
            out.append(Mutant("path-encoded-slash", raw(target=path[:k] + "%2f" + path[k + 1:] + q + query),
                              refusals=frozenset(CHANGED_PATH)))
        out.append(Mutant("path-dot-segment", raw(target=path[:k] + "/." + path[k:] + q + query),
                          refusals=frozenset(CHANGED_PATH)))
        out.append(Mutant("path-dot-segment", raw(target=path[:k] + "/x/.." + path[k:] + q + query),
                          refusals=frozenset(CHANGED_PATH)))
    for frag in ("#", "#x", "#/me"):
        out.append(Mutant("path-fragment", raw(target=b.target + frag),
                          refusals=frozenset(CHANGED_PATH | MALFORMED)))
    for pos, c in enumerate(path):
        if c == "/":
            continue
        for lower in (False, True):
            if lower and pct(c, False) == pct(c, True):
                continue
            out.append(Mutant("path-pct-lower" if lower else "path-pct",
                              raw(target=path[:pos] + pct(c, lower) + path[pos + 1:] + q + query),
                              refusals=frozenset(CHANGED_PATH)))
    for pos, c in enumerate(query):
        if c in "=&":
            continue
        out.append(Mutant("query-pct", raw(target=path + "?" + query[:pos] + pct(c, False) + query[pos + 1:]),
                          refusals=frozenset(INVALID_SIGNATURE)))

    # Transfer and version: the same signed bytes.
    if b.body:
        for size in (1, 2, 7, max(1, len(b.body) // 2), len(b.body)):
            chunks = [b.body[k:k + size] for k in range(0, len(b.body), size)]
            out.append(Mutant("chunked", raw(chunks=chunks), accept=True))
    out.append(Mutant("http-1.0", raw(version="HTTP/1.0"), accept=True))

    # Body bytes.
    if b.body:
        text = b.body.decode("utf-8")
        try:
            out.append(Mutant("body-latin1", raw(body=text.encode("latin-1")), refusals=frozenset(INVALID_SIGNATURE)))
        except UnicodeEncodeError:
            pass
        for pos, c in enumerate(text):
            if c in '"\\' or not (c.isalnum() or ord(c) > 127 or c in " /"):
                continue
            for fmt in ("\\u%04x", "\\u%04X"):
                esc = fmt % ord(c)
                if fmt.endswith("X") and esc == "\\u%04x" % ord(c):
                    continue
                nb = (text[:pos] + esc + text[pos + 1:]).encode("utf-8")
                out.append(Mutant("body-escaped", raw(body=nb), refusals=frozenset(INVALID_SIGNATURE)))
        k = text.find("\\u")
        while k >= 0:
            ch = chr(int(text[k + 2:k + 6], 16))
            out.append(Mutant("body-unescaped", raw(body=(text[:k] + ch + text[k + 6:]).encode("utf-8")),
                              refusals=frozenset(INVALID_SIGNATURE)))
            flipped = text[k + 2:k + 6].swapcase()
            if flipped != text[k + 2:k + 6]:
                out.append(Mutant("body-escape-case", raw(body=(text[:k + 2] + flipped + text[k + 6:]).encode()),
                                  refusals=frozenset(INVALID_SIGNATURE)))
            k = text.find("\\u", k + 6)
    # A change that leaves the bytes as they were (Latin-1 of an ASCII body) is no mutant.
    same = raw()
    return [m for m in out if m.raw != same]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", required=True, help="the ovhmock binary")
    p.add_argument("--server-arg", action="append", default=[], help="extra server argument (repeatable)")
    p.add_argument("--min-mutants", type=int, default=50000, help="fail when fewer mutants were sent")
    p.add_argument("-j", "--jobs", type=int, default=8, help="connections in flight")
    p.add_argument("--examples", type=int, default=3, help="failing mutants shown per class")
    args = p.parse_args()

    started = time.monotonic()
    server = Server(args.server, args.server_arg)
    try:
        signer = Signer(server)
        bases = corpus(signer)
        counts: Dict[str, ClassCount] = {}
        not_accepted: List[str] = []
        total = 0

        def judge(m: Mutant) -> Tuple[Mutant, int, bytes]:
            status, body = exchange(server.port, m.raw)
            return m, status, body

        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for b in bases:
                # Re-sign just before sending: the whole run may outlast the time window.
                b = signer.base(b.method, b.target, b.body)
                status, body = exchange(server.port, serialise(b.method, b.target, b.headers, b.body))
                if status not in (200, 204):
                    not_accepted.append("%s %s: %d %s" % (b.method, b.target, status, body[:120]))
                    continue
                for m, status, body in pool.map(judge, mutants(b)):
                    total += 1
                    c = counts.setdefault(m.cls, ClassCount(ACCEPT_REASONS.get(m.cls) or REFUSE_REASONS[m.cls]))
                    c.total += 1
                    ok = 200 <= status < 300
                    if ok:
                        c.accepted += 1
                    else:
                        c.refused += 1
                    problem = None
                    if m.accept and not ok:
                        problem = "wrong"
                    elif ok and not (m.accept or m.accept_or_refuse):
                        problem = "unexplained"
                    elif not ok and not m.accept and not refusal_matches(status, body, m.refusals):
                        problem = "wrong"
                    if problem == "unexplained":
                        c.unexplained += 1
                    elif problem == "wrong":
                        c.wrong += 1
                    if problem and len(c.examples) < args.examples:
                        c.examples.append("%s: %r -> %d %s" % (problem, m.raw[:160], status,
                                                               body[:160].decode("utf-8", "replace")))
    finally:
        server.stop()

    seconds = time.monotonic() - started
    unexplained = sum(c.unexplained for c in counts.values())
    wrong = sum(c.wrong for c in counts.values())
    print("wire-strictness: %-24s %8s %8s %8s %11s %6s  %s" % ("class", "mutants", "accepted", "refused",
                                                               "unexplained", "wrong", "why"))
    for name in sorted(counts):
        c = counts[name]
        print("wire-strictness: %-24s %8d %8d %8d %11d %6d  %s" % (name, c.total, c.accepted, c.refused,
                                                                   c.unexplained, c.wrong, c.reason))
        for e in c.examples:
            print("wire-strictness:     " + e)
    for n in not_accepted:
        print("wire-strictness: base request not accepted: " + n)
    # "strictness: " lines are the figures scripts/hardening.sh prints in its summary.
    print("strictness: wire: %d base requests, %d mutants, %d unexplained accepts, %d wrong errors, %.1f s" % (
        len(bases) - len(not_accepted), total, unexplained, wrong, seconds))
    if total < args.min_mutants:
        print("wire-strictness: FAILED: fewer than %d mutants" % args.min_mutants)
        return 1
    if not_accepted or unexplained or wrong:
        print("wire-strictness: FAILED")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
