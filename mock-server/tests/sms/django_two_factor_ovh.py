"""django-two-factor-auth's OVH gateway (django-two-factor-auth-ovh-gateway, PyPI) sends the
one-time code of a phone device to the server; the code found in the control plane's sink
verifies the device, as a user typing it would.

Usage: python django_two_factor_ovh.py BASE_URL   (the server's http://127.0.0.1:PORT)
"""

from __future__ import annotations

import json
import re
import sys
import urllib.parse
import urllib.request

import django
import ovh.client
from django.conf import settings

RECEIVER = "+33601020304"


def configure(base: str) -> None:
    # python-ovh knows endpoints by name: the gateway's OVH_ENDPOINT names the server.
    ovh.client.ENDPOINTS["ovhmock"] = base + "/1.0"
    settings.configure(
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django_otp", "two_factor",
                        "two_factor.plugins.phonenumber", "phonenumber_field",
                        "django_two_factor_auth_ovh_gateway"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        USE_TZ=True,
        SECRET_KEY="ovhmock-sms-test-only",
        TWO_FACTOR_SMS_GATEWAY="django_two_factor_auth_ovh_gateway.gateway.Ovh",
        OVH_ENDPOINT="ovhmock",
        OVH_APPLICATION_KEY="7kbG7Bk7S9Nt7ZSV",
        OVH_APPLICATION_SECRET="Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA",
        OVH_CONSUMER_KEY="a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b",
        OVH_SENDER="EXAMPLE",
        OVH_MESSAGE="Your sign-in code: {token}",
    )
    django.setup()


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SystemExit(f"FAIL: {what}")
    print(f"ok: {what}")


def main(base: str) -> None:
    configure(base)
    from django_otp.util import random_hex
    from two_factor.plugins.phonenumber.models import PhoneDevice

    device = PhoneDevice(name="default", number=RECEIVER, method="sms", key=random_hex())
    device.generate_challenge()  # two_factor.gateways.send_sms -> the OVH gateway -> POST /sms/{service}/jobs
    query = "?receiver=" + urllib.parse.quote(RECEIVER) + "&sender=EXAMPLE"
    with urllib.request.urlopen(base + "/__admin/sms/messages" + query) as r:
        sent = json.load(r)
    check(len(sent) == 1, "the gateway sent one SMS to the device's number")
    code = re.fullmatch(r"Your sign-in code: (\d{6})", sent[0]["message"])
    check(code is not None, f"the SMS holds the code: {sent[0]['message']!r}")
    check(sent[0]["segments"] == 1 and sent[0]["service"] == "sms-ab12345-1", "one segment, on the only account")
    assert code is not None
    check(device.verify_token(code.group(1)), "the code from the SMS verifies the device")
    print("django-two-factor-auth OVH gateway: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
