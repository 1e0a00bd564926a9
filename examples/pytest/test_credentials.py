"""Authentication failures and the consumer-key flow, as python-ovh reports them."""

import ovh
import pytest
from ovh.exceptions import BadParametersError, InvalidCredential


def test_wrong_secret_is_an_invalid_signature(ovh_client_factory, ovhmock):
    client = ovh_client_factory(application_secret="not-the-right-secret-0123456789ab")
    with pytest.raises(BadParametersError, match="Invalid signature"):
        client.get("/me")
    # The server tells why: the journal has its explanation of the signature.
    hint = ovhmock.admin.last_signature_hint()
    assert hint["variantClass"] == "none"
    assert "<AS>" in hint["hashed"]  # the secret itself is never shown


def test_refused_key_raises_invalid_credential(ovh_client, ovhmock):
    assert ovh_client.get("/me")["nichandle"]
    ovhmock.admin.refuse_credential(ovhmock.keys.consumer_key)
    with pytest.raises(InvalidCredential, match="This credential is not valid"):
        ovh_client.get("/me")


def test_consumer_key_request_validated_through_the_control_plane(ovh_client_factory, ovhmock):
    client = ovh_client_factory(consumer_key=None)
    ck_request = client.new_consumer_key_request()
    ck_request.add_rules(ovh.API_READ_ONLY, "/me")
    answer = ck_request.request()
    assert answer["state"] == "pendingValidation"
    assert "credentialToken=" in answer["validationUrl"]

    client._consumer_key = answer["consumerKey"]
    with pytest.raises(InvalidCredential):  # not validated yet
        client.get("/me")

    # The user would click the validation link; a test validates it directly.
    ovhmock.admin.validate_credential(answer["consumerKey"])
    assert client.get("/me")["nichandle"]
    with pytest.raises(ovh.exceptions.NotGrantedCall):  # only GET /me was requested
        client.get("/domain")


@pytest.mark.ovhmock_server(auto_validate=True)
def test_consumer_key_auto_validated(ovh_client_factory):
    # A server started with --auto-validate validates requested keys at once (CI without a
    # browser); the marker gives this test such a server, shared with other tests asking for it.
    client = ovh_client_factory(consumer_key=None)
    answer = client.request_consumerkey([{"method": "GET", "path": "/me"}])
    assert answer["state"] == "validated"
    client._consumer_key = answer["consumerKey"]
    assert client.get("/me")["nichandle"]
