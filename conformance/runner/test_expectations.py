"""Self-tests of conformance/expectations.json against the scenarios (stdlib only)."""
import glob
import inspect
import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.dirname(HERE)
sys.path.insert(0, HERE)

# What a step needs of the server, as the runner and the steps use it: a control-plane path
# prefix -> feature; a call path -> feature; a server flag -> feature.
ADMIN_FEATURES = {"/clock": "clock", "/faults": "faults", "/reset": "admin_reset", "/requests": "journal"}
CALL_FEATURES = [(r"/v2/", "v2"), (r"(/v1)?/me(/|$)", "me"), (r"(/v1)?/domain(/|$)", "domain")]
FLAG_FEATURES = {"--void-200-null": "void_200_null_flag", "--auto-validate": "auto_validate"}
# What the runner needs of every scenario (reset before it, the journal cleared and read for
# the report), and of the clients that only speak HTTPS or sign another base URL.
RUNNER_FEATURES = {"admin", "admin_reset", "journal", "tls", "public_base"}


def step_features(scenario: dict) -> set:
    """The server features a scenario's steps use, whatever its server_needs says."""
    features = set()
    for step in scenario.get("steps", []):
        if "admin" in step:
            features.add("admin")
            features.update(f for prefix, f in ADMIN_FEATURES.items() if step["admin"]["path"].startswith(prefix))
        if "journal" in step:
            features.add("journal")
        if "paginate" in step:
            features.add("v2")
        if "request_consumer_key" in step:
            features.add("credential_request")
        if "configure" in step and step["configure"].get("oauth2"):
            features.add("oauth2")
        if "octodns" in step or "dns01" in step:
            features.add("domain")
        if "call" in step:
            call = step["call"]
            features.update(f for pattern, f in CALL_FEATURES if re.match(pattern, call["path"]))
            if call["path"].startswith("/auth/credential") and call.get("method") == "POST":
                features.add("credential_request")
    features.update(FLAG_FEATURES[f] for f in scenario.get("server_flags", []) if f in FLAG_FEATURES)
    return features


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class ExpectationsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.expectations = load(os.path.join(CONFORMANCE, "expectations.json"))
        self.scenarios = {os.path.basename(p)[:-5]: load(p)
                          for p in glob.glob(os.path.join(CONFORMANCE, "scenarios", "*.json"))}

    def test_every_feature_a_scenario_needs_is_required(self) -> None:
        # A feature missing from the server must stop the run, not turn its scenarios N/A:
        # the ones a scenario declares, and the ones its steps use (the 409 scenario injects
        # its fault through /__admin/faults whether it says so or not).
        required = set(self.expectations["required_server_features"])
        self.assertTrue(self.scenarios)
        for name, scenario in self.scenarios.items():
            needed = (set(scenario.get("server_needs", [])) | set(scenario.get("server_flags_need", []))
                      | step_features(scenario))
            missing = needed - required
            self.assertFalse(missing, "%s needs %s, not in required_server_features" % (name, sorted(missing)))
        self.assertFalse(RUNNER_FEATURES - required)

    def test_the_step_features_are_derived(self) -> None:
        # The derivation above must see what it claims, or the test before would pass vacuously.
        scenario = {"server_flags": ["--void-200-null"], "steps": [
            {"admin": {"method": "POST", "path": "/faults", "body": {}}},
            {"admin": {"method": "POST", "path": "/clock/offset", "body": {}}},
            {"call": {"method": "GET", "path": "/me"}}, {"call": {"method": "GET", "path": "/v2/domain/name"}},
            {"call": {"method": "POST", "path": "/auth/credential"}}, {"journal": {}},
            {"configure": {"oauth2": True}}]}
        self.assertEqual(step_features(scenario), {"admin", "faults", "clock", "me", "v2", "credential_request",
                                                   "journal", "oauth2", "void_200_null_flag"})
        self.assertIn("faults", step_features(self.scenarios["error-409-conflict"]))

    def test_every_required_feature_is_probed_by_the_runner(self) -> None:
        # A required feature the runner never sets would read as missing and fail every run;
        # one it probes but nobody requires could disappear unnoticed.
        import run
        source = inspect.getsource(run.probe_features)
        probed = set(re.findall(r'features\["(\w+)"\]', source)) | set(re.findall(r'"(\w+)": [^,]*help_text', source))
        self.assertEqual(probed, set(self.expectations["required_server_features"]))

    def test_no_entry_is_non_strict(self) -> None:
        # A pass in an xfail cell is XPASS: there is no "strict": false, a timing-dependent
        # cell must be made deterministic instead (e.g. a clock offset first).
        # ("eras" limits an entry to some API eras; "in_era" replaces some of its fields in one.)
        allowed = {"status", "reason", "fails_with"}
        for client, cells in self.expectations["clients"].items():
            for scenario, exp in cells.items():
                extra = set(exp) - allowed - {"eras", "in_era"}
                self.assertFalse(extra, "%s/%s has %s" % (client, scenario, sorted(extra)))
                for era, fields in exp.get("in_era", {}).items():
                    extra = set(fields) - allowed
                    self.assertFalse(extra, "%s/%s in %s has %s" % (client, scenario, era, sorted(extra)))

    def test_pinned_na_cells_give_their_reason_and_run_nothing_else(self) -> None:
        for client, cells in self.expectations["clients"].items():
            for scenario, exp in cells.items():
                if exp.get("status") == "na":
                    self.assertNotIn("fails_with", exp, "%s/%s" % (client, scenario))
                    self.assertTrue(exp.get("reason"), "%s/%s" % (client, scenario))

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
