"""Clock skew: the server's clock is not the client's."""

import pytest
from ovh.exceptions import BadParametersError


@pytest.mark.ovhmock_clock(offset=3600)
def test_client_syncs_its_clock_through_auth_time(ovh_client, ovhmock):
    # The server is one hour ahead, more than the 300 s window: a client that signs with its
    # own clock is refused; python-ovh asks /auth/time once and signs with the server's time.
    assert ovh_client.get("/me")["nichandle"]
    assert ovh_client.get("/domain")
    assert ovhmock.admin.count_requests(path="/1.0/auth/time") == 1
    assert ovhmock.admin.count_requests(error_code="QUERY_TIME_OUT") == 0


def test_clock_moving_after_sync_is_refused(ovh_client, ovhmock):
    assert ovh_client.get("/me")  # syncs with the server's clock
    ovhmock.admin.set_clock_offset(-3600)  # the server's clock jumps an hour back
    with pytest.raises(BadParametersError, match="Query out of time"):
        ovh_client.get("/me")
    entry = ovhmock.admin.last_request(error_code="QUERY_TIME_OUT")
    assert entry["auth"]["timestampDelta"] >= 3590
