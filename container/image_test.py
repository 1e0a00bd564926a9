#!/usr/bin/env python3
"""Runs the container image's file system without a container runtime (docs/container.md).

Usage (as root, in fresh network and mount namespaces, as scripts/test-image.sh does):
    unshare --net --mount --fork python3 container/image_test.py ARCHIVE_DIR WORK_DIR

ARCHIVE_DIR is an unpacked `podman save --format docker-archive`; the image's layers are
unpacked into WORK_DIR/rootfs. Its entrypoint then runs under chroot as the image's user,
with the image's environment, on the image's port 8080 (free: the network namespace is
new), and a test job's view is checked from outside the chroot: a signed GET /1.0/me, the
image's HEALTHCHECK command, the user the server runs as, the control plane reached from a
non-loopback address with and without OVHMOCK_ADMIN_TOKEN, and HTTPS.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import select
import signal
import ssl
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

OUTSIDE = "192.0.2.1"  # an address of this namespace's lo that is not loopback to the server
ADMIN_TOKEN = "image-test-admin-token"
checks = 0


def check(condition: bool, what: str) -> None:
    global checks
    if not condition:
        raise SystemExit(f"image test: FAILED: {what}")
    checks += 1


def unpack(archive: Path, rootfs: Path) -> dict[str, Any]:
    """Applies the image's layers in order (whiteouts included); returns its config."""
    manifest = json.loads((archive / "manifest.json").read_text())[0]
    rootfs.mkdir(parents=True)
    for layer in manifest["Layers"]:
        with tarfile.open(archive / layer) as tar:
            members = []
            for m in tar.getmembers():
                name = Path(m.name)
                if name.name.startswith(".wh."):
                    target = rootfs / name.parent / name.name[len(".wh."):]
                    subprocess.run(["rm", "-rf", "--", str(target)], check=True)
                else:
                    members.append(m)
            # The image's own modes (the sticky /tmp) and owners, as a container runtime keeps them.
            if hasattr(tarfile, "fully_trusted_filter"):
                tar.extractall(rootfs, members=members, numeric_owner=True, filter="fully_trusted")
            else:
                tar.extractall(rootfs, members=members, numeric_owner=True)
    config: dict[str, Any] = json.loads((archive / manifest["Config"]).read_text())
    return config


def sign(secret: str, consumer: str, method: str, url: str, body: str, ts: str) -> str:
    return "$1$" + hashlib.sha1("+".join([secret, consumer, method, url, body, ts]).encode()).hexdigest()


def request(url: str, method: str = "GET", headers: dict[str, str] | None = None, body: str | None = None,
            context: ssl.SSLContext | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, method=method, headers=headers or {},
                                 data=body.encode() if body is not None else None)
    try:
        with urllib.request.urlopen(req, timeout=5, context=context) as res:
            return res.status, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Container:
    """The image's entrypoint under chroot, as the image's user, with the image's environment."""

    def __init__(self, rootfs: Path, config: dict[str, Any], env: dict[str, str], args: list[str]) -> None:
        cfg = config["config"]
        self.rootfs, self.cfg = rootfs, cfg
        self.env = dict(e.split("=", 1) for e in cfg.get("Env", []))
        self.env.update(env)
        argv = cfg["Entrypoint"] + (args or cfg.get("Cmd") or [])
        self.proc = subprocess.Popen(self.chroot(argv), env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert self.proc.stdout is not None
        out = self.proc.stdout
        self.output = ""
        deadline = time.monotonic() + 15
        ready = re.compile(r'^\{.*"event":"ready".*\}$', re.M)
        while not ready.search(self.output):
            left = deadline - time.monotonic()
            check(left > 0 and self.proc.poll() is None, f"the entrypoint reports ready; output: {self.output}")
            if select.select([out], [], [], left)[0]:
                self.output += os.read(out.fileno(), 65536).decode()
        match = ready.search(self.output)
        assert match is not None
        self.ready = json.loads(match.group(0))

    def chroot(self, argv: list[str]) -> list[str]:
        return ["chroot", f"--userspec={self.cfg['User']}", str(self.rootfs)] + argv

    def run(self, argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Runs a command of the image beside the server (docker exec, HEALTHCHECK)."""
        return subprocess.run(self.chroot(argv), env={**self.env, **(env or {})}, capture_output=True,
                              text=True, timeout=30)

    def banner(self, label: str) -> str:
        match = re.search(rf"^\s*{label}\s+(\S+)$", self.output, re.M)
        check(match is not None, f"the banner shows the {label}")
        assert match is not None
        return match.group(1)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        check(self.proc.wait(timeout=10) == 0, "the server stops cleanly on SIGTERM")


def main() -> None:
    archive, work = Path(sys.argv[1]), Path(sys.argv[2])
    rootfs = work / "rootfs"
    config = unpack(archive, rootfs)
    cfg = config["config"]

    # The image's configuration.
    check(cfg.get("Entrypoint") == ["/usr/bin/ovhmock", "container"], f"entrypoint: {cfg.get('Entrypoint')}")
    check("8080/tcp" in cfg.get("ExposedPorts", {}), "port 8080 exposed")
    health = cfg.get("Healthcheck", {}).get("Test", [])
    check(health[:1] == ["CMD"] and health[1:3] == ["/usr/bin/ovhmock", "health"], f"HEALTHCHECK: {health}")
    labels = cfg.get("Labels") or {}
    for key in ("source", "version", "licenses", "revision", "title"):
        check(f"org.opencontainers.image.{key}" in labels, f"label org.opencontainers.image.{key}")
    uid, _, gid = cfg.get("User", "").partition(":")
    check(uid.isdigit() and gid.isdigit() and int(uid) != 0 and int(gid) != 0,
          f"numeric non-root user: {cfg.get('User')}")
    passwd = (rootfs / "etc/passwd").read_text()
    check(re.search(rf"^[a-z]+:x:{uid}:{gid}:", passwd, re.M) is not None, "the user is in the image's /etc/passwd")
    check((rootfs / "tmp").stat().st_mode & 0o7777 == 0o1777, "/tmp is writable by everyone, sticky")
    check((rootfs / "etc/ssl/certs/ca-certificates.crt").stat().st_size > 0, "CA certificates")

    # A network namespace of our own: lo up, and an address that is not loopback.
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["ip", "addr", "add", f"{OUTSIDE}/32", "dev", "lo"], check=True)
    # /proc, as a container runtime mounts it (the server finds its data set through /proc/self/exe).
    (rootfs / "proc").mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "proc", "proc", str(rootfs / "proc")], check=True)

    # 1. As a CI service: the entrypoint with no arguments, and the job's admin token.
    c = Container(rootfs, config, {"OVHMOCK_ADMIN_TOKEN": ADMIN_TOKEN}, [])
    try:
        check(c.ready["port"] == 8080 and c.ready["url"] == "http://0.0.0.0:8080",
              f"listens on 0.0.0.0:8080: {c.ready}")
        check(f"ovhmock {labels['org.opencontainers.image.version']} listening" in c.output,
              "the version label is the server's version")
        check(ADMIN_TOKEN not in c.output, "the admin token is not printed")
        status = Path(f"/proc/{c.proc.pid}/status").read_text()
        ids = {line.split(":")[0]: line.split()[1:]
               for line in status.splitlines() if line.startswith(("Uid", "Gid", "Groups"))}
        check(ids["Uid"] == [uid] * 4 and ids["Gid"] == [gid] * 4, f"the server runs as {uid}:{gid}: {ids}")
        check(all(g != "0" for g in ids["Groups"]), f"no root supplementary group: {ids['Groups']}")
        check(Path(f"/proc/{c.proc.pid}/exe").resolve() == (rootfs / "usr/bin/ovhmock").resolve(),
              "the image's binary runs")

        cmdline = Path(f"/proc/{c.proc.pid}/cmdline").read_bytes()
        check(ADMIN_TOKEN.encode() not in cmdline, "the admin token is not on the server's command line")

        ak, secret, ck = c.banner("application key"), c.banner("application secret"), c.banner("consumer key")
        docs = (Path(__file__).resolve().parents[1] / "docs/container.md").read_text()
        for label, value in (("application key", ak), ("application secret", secret), ("consumer key", ck)):
            check(f"| {label} | `{value}` |" in docs, f"docs/container.md shows the image's {label}")
        for host in ("127.0.0.1", OUTSIDE):  # the job reaches the API from anywhere
            url = f"http://{host}:8080/1.0/me"
            ts = str(int(time.time()))
            headers = {"X-Ovh-Application": ak, "X-Ovh-Consumer": ck, "X-Ovh-Timestamp": ts,
                       "X-Ovh-Signature": sign(secret, ck, "GET", url, "", ts)}
            code, body = request(url, headers=headers)
            check(code == 200 and "nichandle" in json.loads(body), f"signed GET {url}: {code} {body}")
            headers["X-Ovh-Signature"] = sign(secret, ck, "GET", url + "x", "", ts)
            check(request(url, headers=headers)[0] == 400, "a wrong signature is refused")

        # The image's HEALTHCHECK, exactly as configured, beside the server.
        hc = c.run(health[1:])
        check(hc.returncode == 0 and "healthy" in hc.stdout, f"HEALTHCHECK: {hc.returncode} {hc.stdout}{hc.stderr}")
        # The control plane from a non-loopback peer: token needed, and enough.
        admin = f"http://{OUTSIDE}:8080/__admin"
        check(request(admin + "/health")[0] == 401, "the control plane refuses a peer without the token")
        bearer = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"}
        check(request(admin + "/health", headers=bearer)[0] == 200, "the control plane answers the token")
        check(c.run(["/usr/bin/ovhmock", "health", f"http://{OUTSIDE}:8080"]).returncode == 0,
              "ovhmock health sends OVHMOCK_ADMIN_TOKEN")
        # A data set posted from outside is written under /tmp by the non-root user.
        dataset = {"files": {
            "applications.json": [{"applicationId": 1, "applicationKey": "AKAKAKAKAKAKAKAK",
                                   "applicationSecret": "ASASASASASASASASASASASASASASASAS", "name": "ci",
                                   "description": "", "status": "active"}],
            "credentials.json": [{"credentialId": 10, "consumerKey": "CKCKCKCKCKCKCKCKCKCKCKCKCKCKCKCK",
                                  "applicationId": 1, "status": "validated",
                                  "rules": [{"method": "GET", "path": "/*"}],
                                  "creation": "2026-01-01T00:00:00+01:00", "expiration": None, "lastUse": None,
                                  "allowedIPs": None}]}}
        code, body = request(admin + "/dataset", "POST", bearer, json.dumps(dataset))
        check(code == 200 and json.loads(body).get("loaded") is True, f"data set posted from outside: {code} {body}")
    finally:
        c.stop()
    check(c.run(health[1:]).returncode == 1, "the HEALTHCHECK fails once the server is gone")

    # 2. Without OVHMOCK_ADMIN_TOKEN the control plane stays loopback-only; arguments given
    #    to the container are the server's options (here HTTPS with a generated certificate).
    c = Container(rootfs, config, {}, ["--tls", "--tls-ca-out", "/tmp/ca.pem"])
    try:
        check(c.ready.get("tlsUrl") == "https://0.0.0.0:8080", f"HTTPS on 8080: {c.ready}")
        ca = ssl.create_default_context(cafile=str(rootfs / "tmp/ca.pem"))
        check(request("https://127.0.0.1:8080/__admin/health", context=ca)[0] == 200, "HTTPS with the written CA")
        unverified = ssl.create_default_context()
        unverified.check_hostname = False
        unverified.verify_mode = ssl.CERT_NONE
        check(request(f"https://{OUTSIDE}:8080/__admin/health", context=unverified)[0] == 403,
              "without OVHMOCK_ADMIN_TOKEN a non-loopback peer gets 403")
        hc = c.run(["/usr/bin/ovhmock", "health", "https://127.0.0.1:8080", "--ca-file", "/tmp/ca.pem"])
        check(hc.returncode == 0, f"ovhmock health over HTTPS: {hc.stdout}{hc.stderr}")
        hc = c.run(["/usr/bin/ovhmock", "health", "https://127.0.0.1:8080"])
        check(hc.returncode == 1, "the system CA bundle does not trust the generated CA")
        hc = c.run(["/usr/bin/ovhmock", "health", "https://127.0.0.1:8080", "--insecure"])
        check(hc.returncode == 0, f"ovhmock health --insecure: {hc.stdout}{hc.stderr}")
    finally:
        c.stop()
    # 3. A read-only root file system (docker run --read-only) serves too.
    subprocess.run(["mount", "--bind", str(rootfs), str(rootfs)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(rootfs)], check=True)
    subprocess.run(["mount", "-t", "proc", "proc", str(rootfs / "proc")], check=True)
    c = Container(rootfs, config, {}, [])
    try:
        check(c.run(health[1:]).returncode == 0, "the server runs on a read-only root file system")
        check(os.statvfs(rootfs / "tmp").f_flag & os.ST_RDONLY != 0, "the root is read-only")
    finally:
        c.stop()
    print(f"image test: ok ({checks} checks)")


if __name__ == "__main__":
    main()
