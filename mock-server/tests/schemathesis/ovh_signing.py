"""Schemathesis hooks for ovhmock (scripts/schemathesis.sh).

Every request is signed with the default key as OVH clients do, over the exact bytes
requests sends (method, full URL, body, timestamp), so the server's handlers are reached.
Each answer is counted, and a 5xx answer is recorded as a failure.
"""
import hashlib
import json
import os
import time

import requests
import schemathesis

APPLICATION_KEY = os.environ.get("OVHMOCK_AK", "7kbG7Bk7S9Nt7ZSV")
APPLICATION_SECRET = os.environ.get("OVHMOCK_AS", "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA")
CONSUMER_KEY = os.environ.get("OVHMOCK_CK", "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b")
COUNTS = os.environ.get("OVHMOCK_SCHEMATHESIS_COUNTS")
# Objects of the default fixtures, used for a share of the generated path parameters.
KNOWN = json.loads(os.environ.get("OVHMOCK_KNOWN_PARAMETERS", "{}"))


class OvhSignature(requests.auth.AuthBase):
    def __call__(self, r):
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        ts = str(int(time.time()))
        pre = b"+".join([APPLICATION_SECRET.encode(), CONSUMER_KEY.encode(), r.method.encode(), r.url.encode(), body,
                         ts.encode()])
        r.headers["X-Ovh-Application"] = APPLICATION_KEY
        r.headers["X-Ovh-Consumer"] = CONSUMER_KEY
        r.headers["X-Ovh-Timestamp"] = ts
        r.headers["X-Ovh-Signature"] = "$1$" + hashlib.sha1(pre).hexdigest()
        return r


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    # Half the time, name objects that exist, so the handlers go past "not found".
    if path_parameters:
        for name in list(path_parameters):
            if name in KNOWN and hash(str(path_parameters[name])) % 2 == 0:
                path_parameters[name] = KNOWN[name]
    return path_parameters


# The default key and its application must survive the run: a case that would delete or
# restrict them (the stateful phase finds their ids in listings) targets other objects.
OWN = {"credentialId": ("512039847", "512040113"), "applicationId": ("287451", "301122")}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if case.method.upper() in ("DELETE", "PUT") and case.path_parameters:
        for name, (own, other) in OWN.items():
            if str(case.path_parameters.get(name)) == own:
                case.path_parameters[name] = other
    kwargs["auth"] = OvhSignature()


@schemathesis.hook
def after_call(ctx, case, response):
    if not COUNTS:
        return
    with open(COUNTS, "a") as f:
        f.write(f"{response.status_code} {case.method} {case.operation.path}\n")
