"""Self-tests of the XFAIL / XPASS / N/A judgement (stdlib only)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from expectation import FAIL, NA, PASS, XFAIL, XPASS, judge  # noqa: E402

VOID = {"status": "xfail", "reason": "204 void answer", "fails_with": r"step 2: .*JSONDecodeError"}


class JudgeTest(unittest.TestCase):
    def test_no_expectation_leaves_the_outcome(self) -> None:
        self.assertEqual(judge(FAIL, "x", {}), (FAIL, "x"))
        self.assertEqual(judge(PASS, "", {}), (PASS, ""))

    def test_the_named_failure_is_xfail(self) -> None:
        outcome, detail = judge(FAIL, "step 2: JSONDecodeError: Expecting value", VOID)
        self.assertEqual(outcome, XFAIL)
        self.assertIn("204 void answer", detail)

    def test_another_failure_is_fail(self) -> None:
        outcome, detail = judge(FAIL, "step 1: 400 INVALID_SIGNATURE", VOID)
        self.assertEqual(outcome, FAIL)
        self.assertIn("otherwise than expected", detail)
        self.assertIn("INVALID_SIGNATURE", detail)

    def test_an_xfail_without_a_pattern_accepts_no_failure(self) -> None:
        outcome, detail = judge(FAIL, "anything", {"status": "xfail", "reason": "r"})
        self.assertEqual(outcome, FAIL)
        self.assertIn("fails_with", detail)

    def test_a_pass_is_xpass(self) -> None:
        self.assertEqual(judge(PASS, "", VOID)[0], XPASS)
        # There is no non-strict mode any more: a "strict": false left in an entry changes nothing.
        self.assertEqual(judge(PASS, "", dict(VOID, strict=False))[0], XPASS)

    def test_a_pinned_na_is_na(self) -> None:
        pin = {"status": "na", "reason": "no OAuth2 support"}
        self.assertEqual(judge(NA, "no OAuth2 support", pin), (NA, "no OAuth2 support"))

    def test_an_na_nobody_pinned_fails(self) -> None:
        # A cell that passed and turns N/A (a capability lost, a feature probe gone wrong)
        outcome, detail = judge(NA, "client cannot: headers", {})
        self.assertEqual(outcome, FAIL)
        self.assertIn("client cannot: headers", detail)
        self.assertIn("does not pin", detail)

    def test_an_xfail_cell_turning_na_fails(self) -> None:
        outcome, detail = judge(NA, "server has no faults", VOID)
        self.assertEqual(outcome, FAIL)
        self.assertIn("server has no faults", detail)

    def test_an_na_for_another_reason_than_the_pinned_one_fails(self) -> None:
        pin = {"status": "na", "reason": "client cannot: call"}
        self.assertEqual(judge(NA, "client cannot: call", pin), (NA, "client cannot: call"))
        outcome, detail = judge(NA, "server has no sms", pin)
        self.assertEqual(outcome, FAIL)
        self.assertIn("another reason", detail)
        self.assertIn("server has no sms", detail)

    def test_na_with_matches_the_runner_words_behind_a_longer_reason(self) -> None:
        pin = {"status": "na", "reason": "csharp-ovh has no OAuth2 support", "na_with": r"^client cannot: oauth2$"}
        self.assertEqual(judge(NA, "client cannot: oauth2", pin)[0], NA)
        self.assertEqual(judge(NA, "client cannot: v2", pin)[0], FAIL)

    def test_a_pinned_na_that_ran_fails(self) -> None:
        pin = {"status": "na", "reason": "no OAuth2 support"}
        self.assertEqual(judge(PASS, "", pin)[0], FAIL)
        self.assertEqual(judge(FAIL, "step 1: boom", pin)[0], FAIL)

if __name__ == "__main__":
    unittest.main()
