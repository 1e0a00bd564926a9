"""The package documents itself: help(ovhmock.testing) and the plugin's fixtures."""

from __future__ import annotations

import inspect
import pydoc

import ovhmock.pytest_plugin
import ovhmock.testing
from ovhmock.testing import ControlPlane, Server


def test_help_of_the_testing_module_reads_well() -> None:
    text = pydoc.render_doc(ovhmock.testing, renderer=pydoc.plaintext)
    assert "Run ovhmock, a mock of the OVHcloud API, from Python tests." in text
    assert "with Server() as server:" in text  # the example comes first
    for name in ovhmock.testing.__all__:
        assert name in text


def test_every_public_callable_has_a_docstring() -> None:
    missing = []
    for cls in (Server, ControlPlane):
        for name, member in inspect.getmembers(cls):
            if name.startswith("_"):
                continue
            if (inspect.isfunction(member) or isinstance(member, property)) and not member.__doc__:
                missing.append(f"{cls.__name__}.{name}")
    for name in ovhmock.testing.__all__:
        if not getattr(ovhmock.testing, name).__doc__:
            missing.append(name)
    assert missing == []


def test_plugin_module_documents_fixtures_markers_and_options() -> None:
    doc = ovhmock.pytest_plugin.__doc__ or ""
    for word in ("ovhmock", "ovh_client", "ovh_client_factory", "ovhmock_server", "ovhmock_clock",
                 "--ovhmock-bin", "--ovhmock-url", "--ovhmock-arg", "ovhmock journal"):
        assert word in doc
