"""The era dimension of the matrix (eras.py)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eras import expectation_in_era, scenario_na_in_era, server_flags  # noqa: E402


class ErasTest(unittest.TestCase):
    def test_an_expectation_applies_only_in_its_eras(self) -> None:
        exp = {"status": "xfail", "reason": "204", "eras": ["current", "2024"]}
        self.assertEqual(expectation_in_era(exp, "current"), exp)
        self.assertEqual(expectation_in_era(exp, "2022"), {})
        plain = {"status": "xfail", "reason": "always"}
        self.assertEqual(expectation_in_era(plain, "2022"), plain)

    def test_a_scenario_is_na_out_of_its_eras(self) -> None:
        s = {"name": "void-204", "eras": ["current", "2024"]}
        self.assertIsNone(scenario_na_in_era(s, "2024"))
        self.assertIn("2022", scenario_na_in_era(s, "2022") or "")
        self.assertIsNone(scenario_na_in_era({"name": "get-me"}, "2022"))

    def test_server_flags(self) -> None:
        self.assertEqual(server_flags("current"), [])
        self.assertEqual(server_flags("2022"), ["--api-era", "2022"])


if __name__ == "__main__":
    unittest.main()
