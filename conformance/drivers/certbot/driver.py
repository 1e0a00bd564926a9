"""Conformance driver for Debian's certbot-dns-ovh (python3-certbot-dns-ovh 2.1.0, on Debian's
dns-lexicon 3.11.7), driven through certbot's own plugin interface: the DNS authenticator's
perform() (adds the DNS-01 TXT record) and cleanup() (removes it), exactly as certbot calls
them during a renewal, with a credentials INI file as its users write it.

Runs on Debian's Python (/usr/bin/python3), where the packages live. Pointed at the server
the way the reference documents for certbot (ovh-clients.md §2.4): the endpoint named in the
credentials file (`dns_ovh_endpoint = ovhmock`) added to lexicon's ENDPOINTS."""
import os
import shutil
import sys
import tempfile
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pycommon"))
import protocol  # noqa: E402

import certbot  # noqa: E402
import josepy  # noqa: E402
import lexicon.providers.ovh as lov  # noqa: E402
from acme import challenges, messages  # noqa: E402
from certbot import achallenges, errors  # noqa: E402
from certbot._internal.display import obj as display_obj  # noqa: E402
from certbot_dns_ovh._internal.dns_ovh import Authenticator  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

# certbot prints its notices through a display service; a non-interactive one on stderr.
display_obj.set_display(display_obj.NoninteractiveDisplay(sys.stderr))

state = {"authenticator": None, "account_key": None, "work": tempfile.mkdtemp(prefix="certbot-")}


def hello(_msg):
    import certbot_dns_ovh
    return {"name": "certbot", "library": "certbot-dns-ovh (Debian python3-certbot-dns-ovh)",
            "version": "certbot %s, lexicon %s" % (certbot.__version__, _lexicon_version()),
            "language": "python", "transport": {"https_only": False, "signs_port": True},
            "capabilities": ["dns01"], "server_needs": ["domain"],
            "source": protocol.loaded_from(certbot_dns_ovh, lov)}


def _lexicon_version():
    import importlib.metadata
    return importlib.metadata.version("dns-lexicon")


def configure(msg):
    lov.ENDPOINTS["ovhmock"] = msg["endpoint"]
    ini = os.path.join(state["work"], "ovh.ini")
    # Written as certbot-dns-ovh's documentation shows; mode 600 as certbot asks.
    fd = os.open(ini, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("dns_ovh_endpoint = ovhmock\n"
                "dns_ovh_application_key = %s\n"
                "dns_ovh_application_secret = %s\n"
                "dns_ovh_consumer_key = %s\n" % (msg["application_key"], msg["application_secret"],
                                                 msg["consumer_key"]))
    config = types.SimpleNamespace(dns_ovh_credentials=ini, dns_ovh_propagation_seconds=0)
    state["authenticator"] = Authenticator(config, "dns-ovh")
    if state["account_key"] is None:
        state["account_key"] = josepy.JWKRSA(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return {}


def _achall(domain, token):
    chall = challenges.DNS01(token=josepy.b64.b64decode(token))
    challb = messages.ChallengeBody(chall=chall, uri="https://acme.invalid/chall", status=messages.STATUS_PENDING)
    return achallenges.KeyAuthorizationAnnotatedChallenge(challb=challb, domain=domain,
                                                          account_key=state["account_key"])


def dns01(msg):
    """perform or cleanup for one domain; answers the record certbot computed."""
    achall = _achall(msg["domain"], msg.get("token", "ovhmock-conformance-token"))
    auth = state["authenticator"]
    if msg["action"] == "perform":
        auth.perform([achall])
    elif msg["action"] == "cleanup":
        auth.cleanup([achall])
    else:
        raise protocol.Unsupported("dns01 action %s" % msg["action"])
    return {"validation_name": achall.validation_domain_name(msg["domain"]),
            "validation": achall.validation(state["account_key"])}


def classify(e):
    if isinstance(e, errors.Error):
        return protocol.error("local", type(e).__name__, message=str(e), text=str(e))
    return None


if __name__ == "__main__":
    try:
        protocol.serve({"hello": hello, "configure": configure, "dns01": dns01}, classify)
    finally:
        # The folder holds the credentials file (the application secret and consumer key).
        shutil.rmtree(state["work"], ignore_errors=True)
