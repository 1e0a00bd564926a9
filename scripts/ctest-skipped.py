#!/usr/bin/env python3
"""Names the tests of the last ctest run that were skipped, with the reason each gave.

ctest counts a skipped test apart ("The following tests did not run") but its summary line
still reads "100% tests passed" and it never says why; this prints one SKIPPED line per
reason, with the tests it covers, from the build directory's Testing/Temporary/LastTest.log.

usage: scripts/ctest-skipped.py [BUILD_DIR]    (default: $OVHMOCK_BUILD_DIR or build)
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path


def skipped_tests(log: str) -> dict[str, list[str]]:
    """Reason -> names of the skipped tests, in the order of the log."""
    by_reason: dict[str, list[str]] = {}
    # One block per test: "N/M Test: NAME" ... "Output:" ... "<end of output>" ... "Test <Result>."
    for block in re.split(r"^(?=\d+/\d+ Test: )", log, flags=re.M):
        name = re.match(r"\d+/\d+ Test: (.+)", block)
        if not name:
            continue
        output = block.split("<end of output>", 1)[0]
        result = re.search(r"^Test (Passed|Failed|Skipped|Not Run)\b.*$", block, re.M)
        if "[  SKIPPED ]" not in output and not (result and result.group(1) == "Skipped"):
            continue
        # GoogleTest prints "file:line: Skipped" then the message given to GTEST_SKIP().
        reason = re.search(r": Skipped\n(.*?)(?:\n\s*\n|\n\[  SKIPPED \]|$)", output, re.S)
        text = " ".join(reason.group(1).split()) if reason and reason.group(1).strip() else "no reason given"
        by_reason.setdefault(text, []).append(name.group(1).strip())
    return by_reason


def main() -> int:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OVHMOCK_BUILD_DIR", "build"))
    log_path = build / "Testing" / "Temporary" / "LastTest.log"
    if not log_path.is_file():
        return 0  # no ctest run yet: nothing to report
    by_reason = skipped_tests(log_path.read_text(encoding="utf-8", errors="replace"))
    if not by_reason:
        print("ctest: no test skipped")
        return 0
    total = sum(len(names) for names in by_reason.values())
    print("ctest: %d test%s SKIPPED (counted apart from the passed ones):" % (total, "" if total == 1 else "s"))
    for reason, names in by_reason.items():
        print("  SKIPPED %d: %s\n    because: %s" % (len(names), ", ".join(names), reason))
    return 0


if __name__ == "__main__":
    sys.exit(main())
