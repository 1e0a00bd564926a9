#!/usr/bin/env python3
"""Turns the accepted signed calls of a running ovhmock's journal into the strictness
proof's input (JSON lines, docs/hardening.md).

    capture_journal.py BASE_URL FIXTURES_DIR OUT.jsonl

The journal masks the consumer key and the signature: the key is found again in the
fixtures (first four characters and length), and the signature, which the server
accepted, is recomputed with the application's secret over the URL form that matched.
Entries whose body was truncated or has masked fields are left out.
"""
import hashlib
import json
import os
import re
import sys
import urllib.request

MASK = re.compile(r"^(.{0,4})\u2026\((\d+)\)$")


def main():
    base, fixtures, out = sys.argv[1:4]
    with open(os.path.join(fixtures, "applications.json")) as f:
        secrets = {a["applicationKey"]: a["applicationSecret"] for a in json.load(f)}
    with open(os.path.join(fixtures, "credentials.json")) as f:
        keys = [c["consumerKey"] for c in json.load(f)]
    with urllib.request.urlopen(f"{base}/__admin/requests?accepted=true&limit=1000000") as r:
        entries = json.load(r)["requests"]
    kept = skipped = 0
    with open(out, "w") as f:
        for e in reversed(entries):  # oldest first
            auth = e.get("auth") or {}
            headers = dict(e.get("headers") or {})
            if auth.get("method") != "signature" or e.get("bodyTruncated") or "\u2026(" in (e.get("body") or ""):
                skipped += 1
                continue
            masked = MASK.match(headers.get("X-Ovh-Consumer", ""))
            found = [k for k in keys if masked and k.startswith(masked.group(1)) and len(k) == int(masked.group(2))]
            secret = secrets.get(headers.get("X-Ovh-Application", ""))
            form = auth.get("matchedForm", "strict")
            if len(found) != 1 or secret is None or not (form == "strict" or form.startswith("public-base:")):
                skipped += 1
                continue
            ck = found[0]
            base_url = form[len("public-base:"):] if form != "strict" else f"{e['scheme']}://{headers.get('Host', '')}"
            body = e.get("body") or ""
            ts = headers.get("X-Ovh-Timestamp", "")
            pre = "+".join([secret, ck, e["method"], base_url + e["url"], body, ts]).encode()
            headers["X-Ovh-Consumer"] = ck
            headers["X-Ovh-Signature"] = "$1$" + hashlib.sha1(pre).hexdigest()
            f.write(json.dumps({"method": e["method"], "target": e["url"], "scheme": e["scheme"],
                                "headers": [[k, v] for k, v in headers.items()], "body": body,
                                "peer": e.get("peer", "127.0.0.1"), "clock": e["timestamp"]}) + "\n")
            kept += 1
    print(f"captured {kept} accepted signed calls from the journal ({skipped} left out)")


if __name__ == "__main__":
    main()
