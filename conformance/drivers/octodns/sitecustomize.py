"""Loaded by Python at start-up when this folder is on PYTHONPATH: adds the server under
test to python-ovh's ENDPOINTS under the name `ovhmock`, the way the reference documents
pointing CLI tools built on python-ovh at another endpoint (ovh-clients.md §2.1)."""
import os

_endpoint = os.environ.get("OVHMOCK_ENDPOINT")
if _endpoint:
    import ovh.client

    ovh.client.ENDPOINTS["ovhmock"] = _endpoint
