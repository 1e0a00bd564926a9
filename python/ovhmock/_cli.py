"""The ``ovhmock`` command: runs the server binary shipped in this package."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from .testing import BinaryNotFound, find_binary


def main() -> NoReturn:
    """Replace this process with the server, passing every argument through."""
    try:
        env_binary = os.environ.get("OVHMOCK_BIN")
        binary = find_binary(env_binary) if env_binary else _packaged()
    except BinaryNotFound as e:
        print(f"ovhmock: {e}", file=sys.stderr)
        raise SystemExit(127)
    os.execv(binary, [binary, *sys.argv[1:]])


def _packaged() -> str:
    from .testing import _SERVER_DIR

    path = _SERVER_DIR / "bin" / "ovhmock"
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise BinaryNotFound(f"this installation of the ovhmock package has no server binary ({path}); "
                             "install the binary wheel, or set OVHMOCK_BIN")
    return str(path)


if __name__ == "__main__":
    main()
