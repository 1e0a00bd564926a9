"""The era dimension of the matrix (eras.py)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eras import expectation_in_era, scenario_for_era, scenario_na_in_era, server_flags  # noqa: E402


class ErasTest(unittest.TestCase):
    def test_an_expectation_applies_only_in_its_eras(self) -> None:
        exp = {"status": "xfail", "reason": "204", "eras": ["current", "2024"]}
        self.assertEqual(expectation_in_era(exp, "current"), exp)
        self.assertEqual(expectation_in_era(exp, "2022"), {})
        plain = {"status": "xfail", "reason": "always"}
        self.assertEqual(expectation_in_era(plain, "2022"), plain)

    def test_in_era_replaces_fields(self) -> None:
        exp = {"status": "xfail", "fails_with": "A", "in_era": {"2024": {"fails_with": "B"}}}
        self.assertEqual(expectation_in_era(exp, "2024")["fails_with"], "B")
        self.assertEqual(expectation_in_era(exp, "current")["fails_with"], "A")

    def test_a_scenario_is_na_out_of_its_eras(self) -> None:
        s = {"name": "void-204", "eras": ["current", "2024"]}
        self.assertIsNone(scenario_na_in_era(s, "2024"))
        self.assertIn("2022", scenario_na_in_era(s, "2022") or "")
        self.assertIsNone(scenario_na_in_era({"name": "get-me"}, "2022"))

    def test_placeholders_take_the_era_values(self) -> None:
        s = {"steps": [{"journal": {"status": "${era:void_status}"}},
                       {"expect": {"target": "${era:txt_quote}abc${era:txt_quote}"}}]}
        self.assertEqual(scenario_for_era(s, "2022"),
                         {"steps": [{"journal": {"status": 200}}, {"expect": {"target": "abc"}}]})
        self.assertEqual(scenario_for_era(s, "current"),
                         {"steps": [{"journal": {"status": 204}}, {"expect": {"target": '"abc"'}}]})
        self.assertEqual(scenario_for_era(s, "2024")["steps"][0]["journal"]["status"], 204)

    def test_server_flags(self) -> None:
        self.assertEqual(server_flags("current"), [])
        self.assertEqual(server_flags("2022"), ["--api-era", "2022"])


if __name__ == "__main__":
    unittest.main()
