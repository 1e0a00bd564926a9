#!/usr/bin/env python3
"""Checks the server's layering (docs/architecture.md) over its #include lines.

Every file under mock-server/src/ and mock-server/include/ovhmock/ belongs to a layer (its
first folder; api/<area> for an API area). A file may include its own layer and the layers
below it, never one above; an API area never includes another area. A source file
implements a public header (the first one it includes, of the same name) only in the header's layer.
Also checked: no file in mock-server/src/ is longer than MAX_FILE_LINES lines, and no
function there longer than MAX_FUNCTION_LINES (a function: a line at column 0 ending in
"{" up to the next line that is exactly "}").

Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Lowest first: a layer may include the layers on its own line and the lines before it.
LAYERS: list[set[str]] = [
    {"model"},  # plain values: requests, errors, the API models, time, URLs
    {"auth"},  # signatures and access decisions on plain values
    {"store", "observe"},  # identity and fault stores; journal, metrics, access log
    {"dataset", "state", "api"},  # data-set loading, the State, what an area is (api/*.hpp)
    {"area", "control"},  # the API areas (api/<area>/) and the control plane
    {"pipeline"},  # request flow: match, authenticate, dispatch, finish
    {"server"},  # the one way to build a server
    {"http"},  # the listener
    {"tools", "main"},  # the binary's commands
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(parts: tuple[str, ...]) -> tuple[str, str] | None:
    """(layer, area) of a path below src/ or include/ovhmock/, given as its parts."""
    if len(parts) == 1:
        return ("main", "") if parts[0] == "main.cpp" else None
    top = parts[0]
    if top == "api" and len(parts) > 2:
        return ("area", parts[1])
    if top in RANK:
        return (top, "")
    return None


def include_layer(target: str) -> tuple[str, str] | None:
    parts = tuple(target.split("/"))
    if parts[0] == "ovhmock":
        parts = parts[1:]
    if len(parts) < 2:
        return None
    return layer_of(parts)


def check_includes(path: Path, own: tuple[str, str], rel: str) -> list[str]:
    problems = []
    first_public = True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        target = match.group(1)
        theirs = include_layer(target)
        if theirs is None:
            continue
        if path.suffix == ".cpp" and first_public and target.startswith("ovhmock/"):
            first_public = False
            if theirs != own and Path(target).stem == path.stem and path.name != "area.cpp":
                problems.append(f"{rel}:{number}: implements {target}, a header of another layer")
        if RANK[theirs[0]] > RANK[own[0]]:
            problems.append(f"{rel}:{number}: {own[0]} includes {target} ({theirs[0]} is above it)")
        elif own[0] == "area" and theirs[0] == "area" and theirs[1] != own[1]:
            problems.append(f"{rel}:{number}: area {own[1]} includes {target} (area {theirs[1]})")
    return problems


def check_sizes(path: Path, rel: str) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = []
    if len(lines) > MAX_FILE_LINES:
        problems.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE_LINES})")
    start = None
    for number, line in enumerate(lines, 1):
        if start is None and line and not line[0].isspace() and line.endswith("{") and "(" in line:
            if not line.startswith(("namespace", "struct", "class", "enum", "union", "extern")):
                start = number
        elif start is not None and line == "}":
            if number - start + 1 > MAX_FUNCTION_LINES:
                problems.append(f"{rel}:{start}: function of {number - start + 1} lines (at most {MAX_FUNCTION_LINES})")
            start = None
    return problems


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "mock-server"
    problems: list[str] = []
    for base in (root / "src", root / "include" / "ovhmock"):
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".cpp", ".hpp"):
                continue
            own = layer_of(path.relative_to(base).parts)
            rel = str(path.relative_to(root.parent))
            if own is None:
                problems.append(f"{rel}: in no layer of scripts/check-layering.py")
                continue
            problems += check_includes(path, own, rel)
            if base.name == "src":
                problems += check_sizes(path, rel)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-layering: {len(problems)} problem(s); the layering is in docs/architecture.md", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
