"""Server errors injected through the control plane, and how the client copes."""

import pytest
from ovh.exceptions import APIError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def test_503_is_raised_without_retry(ovh_client, ovhmock):
    ovhmock.admin.add_fault("error", status=503, path="/1.0/me", times=1)
    with pytest.raises(APIError, match="Service Unavailable"):
        ovh_client.get("/me")
    # python-ovh does not retry by itself: exactly one request reached the server
    assert ovhmock.admin.count_requests(path="/1.0/me") == 1
    assert ovh_client.get("/me")["nichandle"]  # the fault was for one request only


def test_429_is_retried_after_retry_after(ovh_client, ovhmock):
    # Code under test mounts a retry policy on python-ovh's requests session.
    retry = Retry(total=3, status_forcelist=[429], allowed_methods=None,
                  respect_retry_after_header=True)
    ovh_client._session.mount("http://", HTTPAdapter(max_retries=retry))

    ovhmock.admin.add_fault("rateLimit", retry_after=1, method="POST",
                            path="/1.0/domain/zone/*", times=2)
    record = ovh_client.post("/domain/zone/example.com/record", fieldType="A",
                             subDomain="www2", target="192.0.2.10")
    assert record["target"] == "192.0.2.10"

    attempts = ovhmock.admin.requests(method="POST", path="/1.0/domain/zone/example.com/record")
    assert [e["status"] for e in reversed(attempts)] == [429, 429, 200]
    assert attempts[0]["timestamp"] - attempts[-1]["timestamp"] >= 2  # waited Retry-After twice
