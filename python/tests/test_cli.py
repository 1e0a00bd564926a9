"""The `ovhmock` console script runs the packaged server."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "ovhmock"


@pytest.fixture
def script() -> Path:
    if not SCRIPT.is_file():
        pytest.skip("the ovhmock package is not installed in this environment")
    return SCRIPT


def test_command_runs_the_server(script: Path) -> None:
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0
    assert out.stdout.startswith("ovhmock ")


def test_command_passes_arguments_and_exit_status(script: Path) -> None:
    out = subprocess.run([str(script), "--no-such-flag"], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode != 0
    assert "--no-such-flag" in out.stderr


def test_ovhmock_bin_overrides_the_packaged_binary(script: Path, tmp_path: Path) -> None:
    fake = tmp_path / "other-ovhmock"
    fake.write_text("#!/bin/sh\necho \"other $*\"\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = dict(os.environ, OVHMOCK_BIN=str(fake))
    out = subprocess.run([str(script), "a", "b"], capture_output=True, text=True, env=env, timeout=30)
    assert out.stdout == "other a b\n"
    env["OVHMOCK_BIN"] = str(tmp_path / "missing")
    out = subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=30)
    assert out.returncode == 127 and "not an executable file" in out.stderr
