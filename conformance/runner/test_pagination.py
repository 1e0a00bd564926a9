"""Self-tests of the /v2 pagination check (runner/scenario.py paginate), against a fake
client that answers pages the way a server would, right or wrong (stdlib only)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scenario import MAX_PAGES, Context, StepFailed, paginate  # noqa: E402

ITEMS = [{"name": "a.example"}, {"name": "b.example"}, {"name": "c.example"}]


class FakeClient:
    """Answers the driver's "call" op with {value, headers}: the page after the cursor, and
    X-Pagination-Cursor-Next as `cursor_on` decides (page index, is it the last page)."""

    def __init__(self, items, cursor_on=lambda index, last: not last, header="X-Pagination-Cursor-Next"):
        self.items = items
        self.cursor_on = cursor_on
        self.header = header
        self.requests = []

    def request(self, msg, timeout=None):
        self.requests.append(msg)
        size = int(msg["headers"]["X-Pagination-Size"])
        start = int(msg["headers"].get("X-Pagination-Cursor", "0"))
        page = self.items[start:start + size]
        last = start + size >= len(self.items)
        headers = {"Content-Type": "application/json"}
        if self.cursor_on(start // size, last):
            headers[self.header] = str(start + size)
        return {"ok": True, "value": {"value": page, "headers": headers}}


def run(client, expect=None, size=1):
    ctx = Context("fake", client, {"capabilities": ["call", "v2", "headers"]}, None, {}, {}, {}, {}, None)
    paginate(ctx, "step 2", {"paginate": {"path": "/v2/domain/name", "size": size},
                             "expect": expect if expect is not None else {"min_pages": 2, "items": {"$eq": ITEMS}}})
    return client


class PaginationTest(unittest.TestCase):
    def test_a_server_that_stops_the_cursor_on_the_last_page_passes(self) -> None:
        client = run(FakeClient(ITEMS))
        self.assertEqual(len(client.requests), 3)
        self.assertNotIn("X-Pagination-Cursor", client.requests[0]["headers"])
        self.assertEqual(client.requests[1]["headers"]["X-Pagination-Cursor"], "1")

    def test_the_header_name_is_matched_without_case(self) -> None:
        run(FakeClient(ITEMS, header="x-pagination-cursor-next"))

    def test_a_cursor_on_the_last_page_fails(self) -> None:
        # The page with the last item carries a cursor: the next page comes back empty.
        with self.assertRaisesRegex(StepFailed, r"page 4 is empty: page 3 carried an X-Pagination-Cursor-Next"):
            run(FakeClient(ITEMS, cursor_on=lambda index, last: True))

    def test_a_cursor_on_every_page_fails(self) -> None:
        # A server whose cursor never ends (each page the same item again).
        class Endless(FakeClient):
            def request(self, msg, timeout=None):
                self.requests.append(msg)
                return {"ok": True, "value": {"value": ITEMS[:1], "headers": {"X-Pagination-Cursor-Next": "x"}}}
        client = Endless(ITEMS)
        with self.assertRaisesRegex(StepFailed, r"still an X-Pagination-Cursor-Next after %d pages" % MAX_PAGES):
            run(client)
        self.assertEqual(len(client.requests), MAX_PAGES)

    def test_no_cursor_at_all_fails_on_the_page_count(self) -> None:
        with self.assertRaisesRegex(StepFailed, r"1 page\(s\), expected at least 2"):
            run(FakeClient(ITEMS, cursor_on=lambda index, last: False), expect={"min_pages": 2})

    def test_a_page_larger_than_asked_fails(self) -> None:
        class Ignores(FakeClient):
            def request(self, msg, timeout=None):
                return {"ok": True, "value": {"value": ITEMS, "headers": {}}}
        with self.assertRaisesRegex(StepFailed, r"page 1 has 3 items, more than the size asked"):
            run(Ignores(ITEMS))

    def test_the_pages_must_add_up_to_the_whole_list(self) -> None:
        # A cursor that skips an item (the second page starts one too far)
        class Skips(FakeClient):
            def request(self, msg, timeout=None):
                if "X-Pagination-Cursor" in msg["headers"]:
                    msg = dict(msg, headers=dict(msg["headers"], **{"X-Pagination-Cursor": "2"}))
                return super().request(msg, timeout)
        with self.assertRaisesRegex(StepFailed, r"items"):
            run(Skips(ITEMS))

    def test_an_empty_list_is_one_empty_page(self) -> None:
        run(FakeClient([]), expect={"items": {"$eq": []}})


if __name__ == "__main__":
    unittest.main()
