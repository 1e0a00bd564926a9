"""Self-test: a control-plane failure while reading the journal fails the cell (stdlib only)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from journal import Journal, JournalUnreadable  # noqa: E402
from scenario import Context, StepFailed, check_journal  # noqa: E402


class FailingControlPlane:
    def admin(self, method: str, path: str, body: object = None) -> tuple:
        return 503, {"message": "Service Unavailable"}


class JournalUnreadableTest(unittest.TestCase):
    def test_entries_raise_instead_of_returning_nothing(self) -> None:
        with self.assertRaises(JournalUnreadable):
            Journal(FailingControlPlane(), True).entries()

    def test_a_count_zero_check_fails_when_the_journal_cannot_be_read(self) -> None:
        server = FailingControlPlane()
        ctx = Context("client", None, {}, server, {}, {}, {"journal": True}, {}, Journal(server, True))
        want = {"requests": [{"method": "POST", "path": "/1.0/domain/zone/example.com/record", "count": 0}]}
        with self.assertRaises(StepFailed) as caught:
            check_journal(ctx, "no write", want)
        self.assertIn("503", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
