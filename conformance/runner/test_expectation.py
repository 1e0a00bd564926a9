"""Self-tests of the XFAIL / XPASS / strict judgement (stdlib only)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from expectation import FAIL, PASS, XFAIL, XPASS, judge  # noqa: E402

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

    def test_without_a_pattern_any_failure_is_xfail(self) -> None:
        self.assertEqual(judge(FAIL, "anything", {"status": "xfail", "reason": "r"})[0], XFAIL)

    def test_a_pass_is_xpass_unless_not_strict(self) -> None:
        self.assertEqual(judge(PASS, "", VOID)[0], XPASS)
        self.assertEqual(judge(PASS, "", dict(VOID, strict=False))[0], PASS)

    def test_not_applicable_is_left_alone(self) -> None:
        self.assertEqual(judge("N/A", "no tls", VOID), ("N/A", "no tls"))


if __name__ == "__main__":
    unittest.main()
