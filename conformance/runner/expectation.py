"""How a cell's outcome is judged against its entry in expectations.json.

status "xfail": the scenario is expected to fail, and "fails_with" (a regular expression
searched in the failure detail: the step, the error kind, the status or the message,
required) names how; any other failure is FAIL, so a server bug cannot hide behind a documented client
deviation, and a pass is XPASS (fails the run).

status "na": the cell is pinned N/A with its reason, the runner's own words for why the
cell does not run ("client cannot: call"); "na_with" (a regular expression) replaces the
exact comparison where "reason" explains more than the runner says. A pinned cell still goes
through the runner's checks: N/A for another reason, or a cell that runs, is FAIL. A cell
that comes out N/A without such an entry is FAIL too: a cell that passed cannot silently
stop running (a driver losing a capability, a scenario gaining a need, a feature probe going
wrong)."""
import re

PASS, FAIL, XFAIL, XPASS, NA = "PASS", "FAIL", "XFAIL", "XPASS", "N/A"


def judge(outcome: str, detail: str, exp: dict) -> tuple:
    """Returns (outcome, detail) after applying the expectation `exp` (may be empty)."""
    status = exp.get("status")
    if outcome == NA:
        if status == "na":
            pattern = exp.get("na_with")
            if (re.search(pattern, detail or "") if pattern else detail == exp.get("reason")):
                return NA, detail
            return FAIL, "came out N/A for another reason than the pinned one (%s): %s" % (
                pattern or exp.get("reason", ""), detail)
        return FAIL, ("came out N/A (%s) but expectations.json does not pin this cell as na%s: pin it with "
                      "its reason, or make it run" % (detail, " (it is an xfail)" if status == "xfail" else ""))
    if status == "na":
        return FAIL, "pinned N/A in expectations.json (%s) but came out %s: %s" % (exp.get("reason", ""), outcome,
                                                                                   detail)
    if status != "xfail":
        return outcome, detail
    reason = exp.get("reason", "")
    if outcome == FAIL:
        pattern = exp.get("fails_with")
        if not pattern:
            return FAIL, "expectations.json names no fails_with for this xfail (%s): %s" % (reason, detail)
        if not re.search(pattern, detail or ""):
            return FAIL, "failed otherwise than expected (expected /%s/: %s): %s" % (pattern, reason, detail)
        return XFAIL, "%s [%s]" % (reason, detail)
    if outcome == PASS:
        return XPASS, "expected to fail (%s) but passed" % reason
    return outcome, detail
