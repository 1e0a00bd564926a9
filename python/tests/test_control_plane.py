"""ControlPlane: every call against a real server, checked through signed API calls."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import signed_call

from ovhmock.testing import AdminError, ControlPlane, Keys, Server, default_dataset_dir

APP = {"applicationId": 1, "applicationKey": "AKAKAKAKAKAKAKAK",
       "applicationSecret": "ASASASASASASASASASASASASASASASAS", "name": "ci", "description": "",
       "status": "active"}
CRED = {"credentialId": 10, "consumerKey": "CKCKCKCKCKCKCKCKCKCKCKCKCKCKCKCK", "applicationId": 1,
        "status": "validated", "rules": [{"method": "GET", "path": "/*"}],
        "creation": "2026-01-01T00:00:00+01:00", "expiration": None, "lastUse": None,
        "allowedIPs": None}


def test_reset_clears_journal_faults_and_clock(fresh: Server) -> None:
    signed_call(fresh.endpoint, fresh.keys, "GET", "/me")
    fresh.admin.add_fault("error", status=503)
    fresh.admin.set_clock_offset(100)
    assert fresh.admin.count_requests() == 1
    fresh.admin.reset()
    assert fresh.admin.count_requests() == 0
    assert fresh.admin.faults() == []
    assert fresh.admin.clock()["offset"] == 0


def test_application_and_credential_with_rules(fresh: Server) -> None:
    app = fresh.admin.create_application(name="ci")
    assert app["applicationSecret"] and app["name"] == "ci"
    cred = fresh.admin.create_credential(app["applicationKey"],
                                         rules=[{"method": "GET", "path": "/me"}])
    keys = Keys(app["applicationKey"], app["applicationSecret"], cred["consumerKey"])
    assert signed_call(fresh.endpoint, keys, "GET", "/me")[0] == 200
    status, body = signed_call(fresh.endpoint, keys, "GET", "/domain")
    assert status == 403 and body["errorCode"] == "NOT_GRANTED_CALL"


def test_refuse_expire_validate(fresh: Server) -> None:
    app = fresh.admin.create_application()
    cred = fresh.admin.create_credential(app["applicationKey"], status="pendingValidation")
    keys = Keys(app["applicationKey"], app["applicationSecret"], cred["consumerKey"])
    assert signed_call(fresh.endpoint, keys, "GET", "/me")[0] == 403
    assert fresh.admin.validate_credential(cred["consumerKey"])["status"] == "validated"
    assert signed_call(fresh.endpoint, keys, "GET", "/me")[0] == 200
    assert fresh.admin.refuse_credential(credential_id=cred["credentialId"])["status"] == "refused"
    status, body = signed_call(fresh.endpoint, keys, "GET", "/me")
    assert status == 403 and body["errorCode"] == "INVALID_CREDENTIAL"
    fresh.admin.validate_credential(cred["consumerKey"], expires_in=60)
    assert signed_call(fresh.endpoint, keys, "GET", "/me")[0] == 200
    fresh.admin.step_clock(61)
    assert signed_call(fresh.endpoint, keys, "GET", "/me",
                       timestamp=fresh.admin.clock()["now"])[0] == 403
    fresh.admin.validate_credential(cred["consumerKey"])
    assert fresh.admin.expire_credential(cred["consumerKey"])["status"] == "expired"


def test_key_arguments_are_checked(fresh: Server) -> None:
    with pytest.raises(ValueError):
        fresh.admin.validate_credential()
    with pytest.raises(ValueError):
        fresh.admin.refuse_credential("ck", credential_id=3)
    with pytest.raises(AdminError) as err:
        fresh.admin.expire_credential("no-such-key")
    assert err.value.status == 404


def test_clock(fresh: Server) -> None:
    real = int(time.time())
    clock = fresh.admin.set_clock_offset(3600)
    assert clock["offset"] == 3600 and abs(clock["now"] - real - 3600) <= 2
    status, _ = signed_call(fresh.endpoint, fresh.keys, "GET", "/me")
    assert status == 400  # signed with the real time, an hour behind the server
    frozen = fresh.admin.freeze_clock(1767607012)
    assert frozen["frozen"] and frozen["now"] == 1767607012
    assert fresh.admin.step_clock(30)["now"] == 1767607042
    assert not fresh.admin.unfreeze_clock()["frozen"]
    assert fresh.admin.freeze_clock("2026-01-05T11:00:00+01:00")["now"] == 1767607200
    back = fresh.admin.reset_clock()
    assert back["offset"] == 0 and not back["frozen"]


def test_faults(fresh: Server) -> None:
    fault = fresh.admin.add_fault("error", status=503, times=1, path="/1.0/me")
    assert fault["remaining"] == 1
    assert signed_call(fresh.endpoint, fresh.keys, "GET", "/me")[0] == 503
    assert signed_call(fresh.endpoint, fresh.keys, "GET", "/me")[0] == 200
    limited = fresh.admin.add_fault("rateLimit", retry_after=7, test_id="t1")
    assert [f["id"] for f in fresh.admin.faults()] == [fault["id"], limited["id"]] or \
        [f["id"] for f in fresh.admin.faults()] == [limited["id"]]
    fresh.admin.remove_fault(limited["id"])
    assert limited["id"] not in [f["id"] for f in fresh.admin.faults()]
    fresh.admin.add_fault("error", status=500, error_class="Server::Custom", message="boom")
    status, body = signed_call(fresh.endpoint, fresh.keys, "GET", "/me")
    assert status == 500 and body["class"] == "Server::Custom" and body["message"] == "boom"
    fresh.admin.clear_faults()
    assert fresh.admin.faults() == []
    with pytest.raises(AdminError) as err:
        fresh.admin.remove_fault("f999")
    assert err.value.status == 404


def test_journal_filters_counts_and_hint(fresh: Server) -> None:
    signed_call(fresh.endpoint, fresh.keys, "GET", "/me")
    signed_call(fresh.endpoint, fresh.keys, "GET", "/me",
                sign_url=fresh.endpoint.replace("http://", "https://") + "/me")
    assert fresh.admin.count_requests(path="/1.0/me") == 2
    assert fresh.admin.count_requests(error_code="INVALID_SIGNATURE") == 1
    assert fresh.admin.count_requests(accepted=True, path="/1.0/me") == 1
    entries = fresh.admin.requests(path="/1.0/me")
    assert [e["status"] for e in entries] == [400, 200]  # newest first
    assert fresh.admin.requests(path="/1.0/me", since=entries[1]["id"])[0]["id"] == entries[0]["id"]
    assert len(fresh.admin.requests(limit=1)) == 1
    hint = fresh.admin.last_signature_hint()
    assert hint is not None and hint["variantClass"] == "scheme"
    fresh.admin.clear_requests()
    assert fresh.admin.requests() == [] and fresh.admin.last_signature_hint() is None


def test_unknown_filter_is_an_admin_error_with_the_servers_message(fresh: Server) -> None:
    with pytest.raises(AdminError) as err:
        fresh.admin.requests(colour="blue")
    assert err.value.status == 400
    assert "colour" in err.value.message and err.value.body["class"] == "Client::BadRequest"


def test_load_dataset_from_files_and_directory(tmp_path: Path) -> None:
    with Server() as server:  # its own server: the data set loaded becomes what reset returns to
        admin = server.admin
        counts = admin.load_dataset(files={"applications.json": [APP], "credentials.json": [CRED]})
        assert counts["counts"]["applications"] == 1
        keys = Keys(APP["applicationKey"], APP["applicationSecret"], CRED["consumerKey"])
        me = "/auth/currentCredential"
        assert signed_call(server.endpoint, keys, "GET", me)[0] == 200
        admin.reset()  # back to the last loaded data set, not the original one
        assert signed_call(server.endpoint, keys, "GET", me)[0] == 200
        assert signed_call(server.endpoint, server.keys, "GET", me)[0] == 403
        with pytest.raises(AdminError) as err:
            admin.load_dataset(files={"applications.json": [APP],
                                      "credentials.json": [dict(CRED, applicationId=2)]})
        assert err.value.status == 400 and "applicationId" in err.value.message
        assert signed_call(server.endpoint, keys, "GET", me)[0] == 200  # data kept
        with pytest.raises(ValueError):
            admin.load_dataset()
        (tmp_path / "applications.json").write_text(json.dumps([APP]))
        (tmp_path / "credentials.json").write_text("[]")
        assert admin.load_dataset(tmp_path)["counts"]["credentials"] == 0
        default = default_dataset_dir()
        if default is not None:
            admin.load_dataset(default)
            assert signed_call(server.endpoint, server.keys, "GET", me)[0] == 200


def test_version_health_metrics(fresh: Server) -> None:
    assert fresh.admin.version() == fresh.admin.health()["version"]
    signed_call(fresh.endpoint, fresh.keys, "GET", "/me")
    assert 'ovhmock_requests_total{route="/1.0/me",method="GET",status="200"}' in fresh.admin.metrics()


def test_unreachable_control_plane() -> None:
    with Server() as server:
        url = server.url
    with pytest.raises(AdminError) as err:
        ControlPlane(url, timeout=2).health()
    assert err.value.status == 0 and "cannot reach" in str(err.value)
