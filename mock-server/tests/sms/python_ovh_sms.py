"""python-ovh sends SMS to the server's /sms area; the control plane's sink shows them.

Usage: python python_ovh_sms.py BASE_URL   (the server's http://127.0.0.1:PORT)
"""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
from typing import Any

import ovh
import ovh.client

SERVICE = "sms-ab12345-1"


def admin(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/__admin" + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        text = r.read()
    return json.loads(text) if text else None


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SystemExit(f"FAIL: {what}")
    print(f"ok: {what}")


def main(base: str) -> None:
    ovh.client.ENDPOINTS["ovhmock"] = base + "/1.0"
    client = ovh.Client(endpoint="ovhmock", application_key="7kbG7Bk7S9Nt7ZSV",
                        application_secret="Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA",
                        consumer_key="a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b")
    check(client.get("/sms") == [SERVICE], "GET /sms lists the account")
    before = client.get(f"/sms/{SERVICE}")["creditsLeft"]
    report = client.post(f"/sms/{SERVICE}/jobs", message="a" * 200, sender="EXAMPLE",
                         receivers=["+33601020304", "+447700900123"], tag="signup")
    check(report["totalCreditsRemoved"] == 4 and len(report["ids"]) == 2, "200 GSM characters to 2 receivers: 4 credits")
    check(client.get(f"/sms/{SERVICE}")["creditsLeft"] == before - 4, "creditsLeft went down by 4")
    sent = admin(base, "GET", "/sms/messages?tag=signup&receiver=" + urllib.parse.quote("+447700900123"))
    check(len(sent) == 1 and sent[0]["segments"] == 2 and sent[0]["sender"] == "EXAMPLE", "the sink has the message")
    outgoing = client.get(f"/sms/{SERVICE}/outgoing", receiver="+447700900123")
    check(outgoing == [sent[0]["id"]], "GET .../outgoing?receiver= finds it")
    try:
        client.post(f"/sms/{SERVICE}/jobs", message="x", sender="EXAMPLE", receivers=["+33601020304"], priority="urgent")
        check(False, "an unknown priority is refused")
    except ovh.exceptions.BadParametersError as e:
        check("does not belong to the PriorityEnum enumeration" in str(e), f"an unknown priority: {e}")
    try:
        client.post(f"/sms/{SERVICE}/jobs", message="x", sender="NEWBRAND", receivers=["+33601020304"])
        check(False, "a sender awaiting validation is refused")
    except ovh.exceptions.BadParametersError as e:
        check("is not validated" in str(e), f"a sender awaiting validation: {e}")
    print("python-ovh sms: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
