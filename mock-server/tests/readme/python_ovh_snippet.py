"""Runs the README's python-ovh snippet as a reader would: the keys block and the script
are taken from README.md (between `<!-- snippet: NAME -->` and `<!-- /snippet -->`), the
server is started like the run command starts it, python-ovh is installed from PyPI into
a fresh virtual environment, and the script must create and delete a record.

usage: python_ovh_snippet.py OVHMOCK_BINARY FIXTURES_DIR README_MD
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

PYTHON_OVH = "ovh==1.2.0"  # the version the conformance suite pins


def snippet(readme: str, name: str) -> str:
    """The fenced code block between the named markers."""
    match = re.search(r"<!-- snippet: %s -->\s*```\w*\n(.*?)```\s*<!-- /snippet -->" % re.escape(name), readme,
                      re.S)
    if not match:
        sys.exit("README.md has no snippet %r" % name)
    return match.group(1)


def shell_variables(block: str) -> dict[str, str]:
    """NAME=value assignments (optionally exported) of a shell block."""
    return {m.group(1): m.group(2)
            for m in re.finditer(r"^(?:export\s+)?([A-Z_]+)=(\S+)\s*$", block, re.M)}


def start_server(binary: str, fixtures: str) -> tuple[subprocess.Popen[bytes], dict[str, str], dict[str, str]]:
    """Starts the server on a free port; returns it, its banner's fields and its ready line."""
    proc = subprocess.Popen([binary, "--port", "0", "--fixtures", fixtures, "--stop-on-stdin-eof"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    banner: dict[str, str] = {}
    for raw in proc.stdout:
        line = raw.decode()
        if line.startswith("{"):
            ready = json.loads(line)
            if ready.get("event") == "ready":
                return proc, banner, ready
        field = re.match(r"^\s+(application key|application secret|consumer key)\s+(\S+)", line)
        if field:
            banner[field.group(1)] = field.group(2)
    sys.exit("ovhmock exited before it was ready (status %s)" % proc.wait())


def journal_count(base_url: str, query: str) -> int:
    with urllib.request.urlopen(base_url + "/__admin/requests/count?" + query, timeout=10) as answer:
        return int(json.load(answer)["count"])


def main() -> int:
    binary, fixtures, readme_path = sys.argv[1:4]
    readme = Path(readme_path).read_text(encoding="utf-8")
    keys = shell_variables(snippet(readme, "client-keys"))
    script = snippet(readme, "python-ovh")

    proc, banner, ready = start_server(binary, fixtures)
    try:
        # The keys the README shows are the ones the server prints.
        expected = {"AK": banner.get("application key"), "AS": banner.get("application secret"),
                    "CK": banner.get("consumer key")}
        for name, value in expected.items():
            if keys.get(name) != value:
                print("README's %s=%s, the banner prints %s" % (name, keys.get(name), value))
                return 1
        if "ENDPOINT" not in keys:
            print("README's keys block sets no ENDPOINT")
            return 1
        with tempfile.TemporaryDirectory() as work:
            venv = Path(work) / "venv"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", PYTHON_OVH],
                           check=True)
            (Path(work) / "demo.py").write_text(script, encoding="utf-8")
            env = {k: v for k, v in os.environ.items() if not k.startswith("OVH_")}
            env.update(keys)
            env["ENDPOINT"] = ready["endpoint"]  # the README's port is 8080; this server's is free
            run = subprocess.run([str(venv / "bin" / "python"), "demo.py"], cwd=work, env=env, capture_output=True,
                                 text=True, timeout=120)
        print(run.stdout, end="")
        print(run.stderr, end="", file=sys.stderr)
        if run.returncode != 0:
            print("the README's python-ovh snippet failed (exit status %d)" % run.returncode)
            return 1
        base = ready["url"]
        created = journal_count(base, "method=POST&path=/1.0/domain/zone/example.com/record&status=200")
        deleted = journal_count(base, "method=DELETE&path=/1.0/domain/zone/example.com/record/*&accepted=true")
        failed = journal_count(base, "accepted=false")
        if created != 1 or deleted != 1 or failed != 0:
            print("expected one record created and one deleted, no rejected call; the journal has %d created, "
                  "%d deleted, %d rejected" % (created, deleted, failed))
            return 1
        print("README python-ovh snippet: record created and deleted")
        return 0
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)


if __name__ == "__main__":
    sys.exit(main())
