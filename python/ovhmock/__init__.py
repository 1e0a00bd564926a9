"""ovhmock: a mock of the OVHcloud API that checks signatures like the real one.

This package ships the ``ovhmock`` server (run it as the ``ovhmock`` command),
:mod:`ovhmock.testing` to start and drive it from Python tests, and a pytest
plugin (:mod:`ovhmock.pytest_plugin`, loaded automatically) with the ``ovhmock``
and ``ovh_client`` fixtures.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ovhmock")
except PackageNotFoundError:  # running from a source checkout
    __version__ = "0+unknown"

__all__ = ["__version__"]
