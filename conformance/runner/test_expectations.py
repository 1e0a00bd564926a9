"""Self-tests of conformance/expectations.json against the scenarios (stdlib only)."""
import glob
import json
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.dirname(HERE)


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class ExpectationsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.expectations = load(os.path.join(CONFORMANCE, "expectations.json"))
        self.scenarios = {os.path.basename(p)[:-5]: load(p)
                          for p in glob.glob(os.path.join(CONFORMANCE, "scenarios", "*.json"))}

    def test_every_feature_a_scenario_needs_is_required(self) -> None:
        # A feature missing from the server must stop the run, not turn its scenarios N/A.
        required = set(self.expectations["required_server_features"])
        self.assertTrue(self.scenarios)
        for name, scenario in self.scenarios.items():
            missing = set(scenario.get("server_needs", [])) - required
            self.assertFalse(missing, "%s needs %s, not in required_server_features" % (name, sorted(missing)))

    def test_every_expectation_names_a_scenario_and_gives_a_reason(self) -> None:
        for client, cells in self.expectations["clients"].items():
            for scenario, exp in cells.items():
                self.assertIn(scenario, self.scenarios, "%s: unknown scenario %s" % (client, scenario))
                self.assertIn(exp.get("status"), ("xfail", "na"), "%s/%s" % (client, scenario))
                self.assertTrue(exp.get("reason"), "%s/%s has no reason" % (client, scenario))

    def test_every_xfail_names_the_failure_it_expects(self) -> None:
        # Without "fails_with", an XFAIL cell would accept any failure, a server bug included.
        for client, cells in self.expectations["clients"].items():
            for scenario, exp in cells.items():
                if exp.get("status") != "xfail":
                    continue
                pattern = exp.get("fails_with")
                self.assertTrue(pattern, "%s/%s: an xfail without fails_with" % (client, scenario))
                re.compile(pattern)

if __name__ == "__main__":
    unittest.main()
