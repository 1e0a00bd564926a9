"""Self-tests of the runner's matching and checking logic (stdlib only):
python3 -m unittest discover -s conformance/runner -p 'test_*.py'"""
import os
import stat
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from journal import Journal  # noqa: E402
from match import match  # noqa: E402
import sources  # noqa: E402
from scenario import Context, StepFailed, check_error, dig, substitute  # noqa: E402
from server import Server, ServerError  # noqa: E402


class MatchTest(unittest.TestCase):
    def test_objects_match_partially_and_arrays_exactly(self):
        self.assertEqual(match({"a": 1}, {"a": 1, "b": 2}), [])
        self.assertTrue(match({"a": 1, "c": 3}, {"a": 1}))
        self.assertTrue(match([1, 2], [1, 2, 3]))
        self.assertEqual(match([1, {"x": "y"}], [1, {"x": "y", "z": 0}]), [])

    def test_scalars_keep_their_type(self):
        self.assertTrue(match(True, 1))
        self.assertTrue(match(None, 0))
        self.assertEqual(match(2, 2.0), [])
        self.assertTrue(match("1", 1))

    def test_operators(self):
        self.assertEqual(match({"$type": "integer"}, 5), [])
        self.assertTrue(match({"$type": "integer"}, True))
        self.assertEqual(match({"$contains": ["a"]}, ["b", "a"]), [])
        self.assertTrue(match({"$contains": ["c"]}, ["b", "a"]))
        self.assertTrue(match({"$notContains": ["a"]}, ["a"]))
        self.assertEqual(match({"$len": 2, "$type": "array"}, [1, 2]), [])
        self.assertTrue(match({"$minLen": 3}, [1, 2]))
        self.assertEqual(match({"$regex": "(?s).*SOA.*"}, "x\nIN SOA y"), [])
        self.assertTrue(match({"$between": [1, 3]}, 4))
        self.assertTrue(match({"$eq": {}}, {"a": 1}))
        self.assertEqual(match({"$eq": {"a": "é"}}, {"a": "é"}), [])
        self.assertTrue(match({"$bogus": 1}, 1))


class SubstituteTest(unittest.TestCase):
    def test_whole_string_keeps_the_variable_type(self):
        v = {"rid": 5386578368, "zone": "example.com"}
        self.assertEqual(substitute("${rid}", v), 5386578368)
        self.assertEqual(substitute({"p": "/domain/zone/${zone}/record/${rid}"}, v),
                         {"p": "/domain/zone/example.com/record/5386578368"})
        self.assertEqual(dig({"a": [{"b": 3}]}, "a.0.b"), 3)


class JournalTest(unittest.TestCase):
    entry = {"id": 7, "method": "POST", "url": "/1.0/domain/zone/example.com/record?x=1",
             "path": "/1.0/domain/zone/example.com/record", "status": 200,
             "auth": {"matchedForm": "strict", "timestampDelta": -1, "method": "signature"},
             "headers": {"Content-Type": "application/json", "X-Ovh-Consumer": "a3f9…(32)"},
             "body": '{"target":"caf\\u00e9 \\u003c"}'}

    def test_normalise_and_checks(self):
        j = Journal(None, True)
        e = j.normalise(self.entry)
        self.assertEqual((e["path"], e["query"], e["form"], e["delta"]),
                         ("/1.0/domain/zone/example.com/record", "x=1", "strict", -1))
        self.assertTrue(j.selects(e, {"method": "POST", "path": "/1.0/domain/zone/example.com/record/"}))
        self.assertFalse(j.selects(e, {"method": "GET"}))
        self.assertEqual(j.check_entry(e, {"body_json": {"$eq": {"target": "café <"}}, "status": [200, 201],
                                           "max_timestamp_delta": 2, "headers_present": ["content-type"]}), [])
        self.assertTrue(j.check_entry(e, {"body_empty": True}))
        self.assertTrue(j.check_entry(e, {"max_timestamp_delta": 0}))
        self.assertTrue(j.check_entry(e, {"headers_absent": ["X-Ovh-Consumer"]}))


class ErrorCheckTest(unittest.TestCase):
    def ctx(self, client, types):
        return Context(client, None, {}, None, {}, {}, {}, {client: types}, None)

    def test_type_status_message_and_query_id(self):
        ctx = self.ctx("python-ovh", {"not_found": "ResourceNotFoundError"})
        err = {"kind": "api", "type": "ResourceNotFoundError", "status": 404, "message": "This service does not exist",
               "queryId": "EU.ext-1.x"}
        check_error(ctx, "s", {"kind": "not_found", "status": 404, "message": "This service does not exist",
                               "queryId": True}, err)
        for bad in ({"type": "APIError"}, {"status": 400}, {"message": "other"}, {"queryId": None}, {"kind": "local"}):
            with self.assertRaises(StepFailed):
                check_error(ctx, "s", {"kind": "not_found", "status": 404, "message": "This service does not exist",
                                       "queryId": True}, dict(err, **bad))

    def test_documented_client_specific_error(self):
        ctx = self.ctx("libcloud", {"invalid_signature": {"type": "InvalidCredsError", "status": None,
                                                          "message": "Signature validation failed"}})
        check_error(ctx, "s", {"kind": "invalid_signature", "status": 400, "message": "Invalid signature"},
                    {"kind": "api", "type": "InvalidCredsError", "status": None, "message": "Signature validation failed"})


class SourcesTest(unittest.TestCase):
    def setUp(self):
        import tempfile
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.known = {"python-ovh": True, "go-ovh-debian": False, "php-ovh": True}

    def test_flag_and_environment(self):
        env = {sources.env_name("php-ovh"): self.tmp.name}
        self.assertEqual(sources.env_name("php-ovh"), "OVHMOCK_CLIENT_SRC_PHP_OVH")
        got = sources.parse(["python-ovh=" + self.tmp.name], env, self.known)
        self.assertEqual(got, {"python-ovh": os.path.abspath(self.tmp.name), "php-ovh": os.path.abspath(self.tmp.name)})

    def test_bad_input_is_refused_with_the_reason(self):
        for spec, words in [("python-ovh", "NAME=PATH"), ("nope=" + self.tmp.name, "no such client"),
                            ("go-ovh-debian=" + self.tmp.name, "cannot run from a source tree"),
                            ("python-ovh=" + os.path.join(self.tmp.name, "missing"), "not a directory")]:
            with self.assertRaises(ValueError) as cm:
                sources.parse([spec], {}, self.known)
            self.assertIn(words, str(cm.exception))

    def test_the_driver_must_have_loaded_the_tree(self):
        inside = os.path.join(self.tmp.name, "ovh", "client.py")
        self.assertTrue(sources.loaded_from_source({"source": {"ovh.client": inside}}, self.tmp.name))
        self.assertFalse(sources.loaded_from_source({"source": {"ovh.client": "/usr/lib/ovh/client.py"}}, self.tmp.name))
        self.assertFalse(sources.loaded_from_source({}, self.tmp.name))
        # A sibling folder whose name starts with the tree's is not inside it.
        self.assertFalse(sources.loaded_from_source({"source": {"m": self.tmp.name + "x/m.py"}}, self.tmp.name))

    def test_describe_names_the_git_commit(self):
        import subprocess
        self.assertEqual(sources.describe(self.tmp.name), {"path": self.tmp.name})
        subprocess.run(["git", "init", "-q", self.tmp.name], check=True)
        with open(os.path.join(self.tmp.name, "f"), "w") as f:
            f.write("x")
        subprocess.run(["git", "-C", self.tmp.name, "add", "f"], check=True)
        subprocess.run(["git", "-C", self.tmp.name, "-c", "user.name=t", "-c", "user.email=t@example.com",
                        "commit", "-qm", "x"], check=True)
        info = sources.describe(self.tmp.name)
        self.assertRegex(info["commit"], "^[0-9a-f]{40}$")
        self.assertFalse(info["modified"])
        self.assertIn(info["commit"][:12], sources.text(info))


class ServerStartTest(unittest.TestCase):
    def test_a_server_that_exits_at_start_is_reported_at_once_with_its_error(self):
        # Stands in for ovhmock refusing a port in use: the message and the status it gives.
        with tempfile.TemporaryDirectory() as work:
            fake = os.path.join(work, "ovhmock")
            with open(fake, "w") as f:
                f.write("#!/bin/sh\necho 'ovhmock: cannot listen on 127.0.0.1 port 8080: the port is in use' >&2\n"
                        "exit 1\n")
            os.chmod(fake, stat.S_IRWXU)
            started = time.monotonic()
            with self.assertRaises(ServerError) as raised:
                Server(fake, work, workdir=work).start(timeout=15)
            self.assertLess(time.monotonic() - started, 5)
            self.assertIn("exited with status 1 before it was ready", str(raised.exception))
            self.assertIn("port 8080: the port is in use", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
