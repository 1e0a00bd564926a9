"""Create and delete a DNS record with python-ovh, and check what the API received."""

import json

ZONE = "example.com"


def add_txt_record(client, subdomain, value):
    """Code under test: what a DNS automation script would do."""
    record = client.post(f"/domain/zone/{ZONE}/record", fieldType="TXT",
                         subDomain=subdomain, target=value, ttl=60)
    client.post(f"/domain/zone/{ZONE}/refresh")
    return record["id"]


def remove_record(client, record_id):
    client.delete(f"/domain/zone/{ZONE}/record/{record_id}")
    client.post(f"/domain/zone/{ZONE}/refresh")


def test_create_then_delete_a_txt_record(ovh_client, ovhmock):
    record_id = add_txt_record(ovh_client, "_acme-challenge", "token-123")

    record = ovh_client.get(f"/domain/zone/{ZONE}/record/{record_id}")
    assert record["fieldType"] == "TXT"
    assert record["target"] == '"token-123"'  # the API stores TXT values quoted
    assert record_id in ovh_client.get(f"/domain/zone/{ZONE}/record", subDomain="_acme-challenge")

    # What the server received: one signed POST with the body our code built.
    created = ovhmock.admin.requests(method="POST", path=f"/1.0/domain/zone/{ZONE}/record")
    assert len(created) == 1
    assert created[0]["auth"]["accepted"]
    assert json.loads(created[0]["body"]) == {"fieldType": "TXT", "subDomain": "_acme-challenge",
                                              "target": "token-123", "ttl": 60}

    remove_record(ovh_client, record_id)
    assert record_id not in ovh_client.get(f"/domain/zone/{ZONE}/record")
    assert ovhmock.admin.count_requests(method="POST", path=f"/1.0/domain/zone/{ZONE}/refresh") == 2


def test_every_test_starts_from_the_same_zone(ovh_client):
    # The record created above is gone: the plugin resets the server before each test.
    assert ovh_client.get(f"/domain/zone/{ZONE}/record", subDomain="_acme-challenge") == []
