"""How a cell's outcome is judged against its entry in expectations.json.

status "xfail": the scenario is expected to fail. With "fails_with" (a regular expression
searched in the failure detail: the step, the error kind, the status or the message), only
that failure is XFAIL; any other failure is FAIL, so a server bug cannot hide behind a
documented client deviation. A pass is XPASS (fails the run) unless "strict" is false."""
import re

PASS, FAIL, XFAIL, XPASS = "PASS", "FAIL", "XFAIL", "XPASS"


def judge(outcome: str, detail: str, exp: dict) -> tuple:
    """Returns (outcome, detail) after applying the expectation `exp` (may be empty)."""
    if exp.get("status") != "xfail":
        return outcome, detail
    reason = exp.get("reason", "")
    if outcome == FAIL:
        pattern = exp.get("fails_with")
        if pattern and not re.search(pattern, detail or ""):
            return FAIL, "failed otherwise than expected (expected /%s/: %s): %s" % (pattern, reason, detail)
        return XFAIL, "%s [%s]" % (reason, detail)
    if outcome == PASS and exp.get("strict", True):
        return XPASS, "expected to fail (%s) but passed" % reason
    if outcome == PASS:
        return outcome, "passed this time; may fail: %s" % reason
    return outcome, detail
