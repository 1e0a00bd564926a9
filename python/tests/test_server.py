"""Server lifecycle: finding the binary, start, ready line, keys, stop, failures."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import signed_call

from ovhmock.testing import (BinaryNotFound, Server, ServerStartError, default_dataset_dir,
                             default_keys, find_binary)


def test_missing_binary_from_env_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("OVHMOCK_BIN", str(tmp_path / "nothing-here"))
    with pytest.raises(BinaryNotFound, match="OVHMOCK_BIN.*nothing-here"):
        find_binary()


def test_non_executable_binary_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "ovhmock"
    f.write_text("not a program")
    with pytest.raises(BinaryNotFound, match="not an executable"):
        Server(binary=f)


def test_server_that_exits_reports_its_output_and_status(tmp_path: Path) -> None:
    with pytest.raises(ServerStartError) as err:
        Server(fixtures=tmp_path / "missing").start()
    assert err.value.returncode == 1
    assert "missing" in err.value.output and "not a directory" in err.value.output
    assert "--- ovhmock output ---" in str(err.value)


def test_server_that_never_gets_ready_times_out_with_its_output(tmp_path: Path) -> None:
    fake = tmp_path / "fake-ovhmock"
    fake.write_text("#!/bin/sh\necho 'starting slowly'\nexec sleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    started = time.monotonic()
    with pytest.raises(ServerStartError, match="no ready line within 1 s") as err:
        Server(binary=fake, startup_timeout=1).start()
    assert time.monotonic() - started < 10
    assert "starting slowly" in err.value.output


def test_start_exposes_endpoint_and_the_default_keys() -> None:
    with Server() as server:
        assert server.running
        assert server.endpoint == f"http://127.0.0.1:{server.port}/1.0"
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert server.keys == default_keys()
        assert server.keys.consumer_key and server.keys.application_secret
        status, me = signed_call(server.endpoint, server.keys, "GET", "/me")
        assert status == 200 and me["nichandle"]
        assert server.admin.health()["status"] == "healthy"
        port = server.port
    assert not server.running
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "port still open after stop"


def test_packaged_data_set_is_found() -> None:
    directory = default_dataset_dir()
    if directory is None:
        pytest.skip("no packaged data set (running from a source checkout)")
    assert (directory / "applications.json").is_file()


def test_killed_test_process_takes_the_server_with_it(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys, time
        from ovhmock.testing import Server
        s = Server().start()
        print(s._proc.pid, flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    server_pid = int(child.stdout.readline())
    os.kill(server_pid, 0)
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not _alive(server_pid):
            return
        time.sleep(0.05)
    pytest.fail("server still running 10 s after its test process was killed")


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it has exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_tls_server_exposes_a_ca_that_verifies_it() -> None:
    with Server(tls=True) as server:
        assert server.endpoint.startswith("https://127.0.0.1:")
        assert server.ca_file and Path(server.ca_file).is_file()
        assert server.ready_info["caFile"] == server.ca_file
        status, _ = signed_call(server.endpoint, server.keys, "GET", "/me", ca_file=server.ca_file)
        assert status == 200
        assert server.admin.clock()["offset"] == 0  # the control plane over HTTPS too
        ca = server.ca_file
    assert not Path(ca).exists(), "the generated CA file outlives the server"


def test_void_200_null_and_extra_args_reach_the_server() -> None:
    with Server(void_200_null=True, args=["--time-window", "5"]) as server:
        assert "--void-200-null" in server.argv and "--time-window" in server.argv
        status, _ = signed_call(server.endpoint, server.keys, "GET", "/me",
                                timestamp=int(time.time()) - 60)
        assert status == 400  # outside a 5 s window
        rec = signed_call(server.endpoint, server.keys, "POST",
                          "/domain/zone/example.com/record",
                          {"fieldType": "TXT", "subDomain": "t", "target": "x"})[1]
        status, body = signed_call(server.endpoint, server.keys, "DELETE",
                                   f"/domain/zone/example.com/record/{rec['id']}")
        assert (status, body) == (200, None)


def test_output_keeps_the_access_log() -> None:
    with Server() as server:
        signed_call(server.endpoint, server.keys, "GET", "/me")
        deadline = time.monotonic() + 5
        while "GET /1.0/me 200" not in server.output and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "GET /1.0/me 200" in server.output
        assert "application secret" in server.output  # the banner
