"""The pytest plugin, run on small test files through pytest's own pytester."""

from __future__ import annotations

import pytest

from ovhmock.testing import Server

SIGNED_GET = '''
import hashlib, time, urllib.request

def signed_get(server, path, secret=None):
    ts = str(int(time.time()))
    url = server.endpoint + path
    k = server.keys
    pre = "+".join([secret or k.application_secret, k.consumer_key, "GET", url, "", ts])
    req = urllib.request.Request(url)
    for h, v in (("X-Ovh-Application", k.application_key), ("X-Ovh-Consumer", k.consumer_key),
                 ("X-Ovh-Timestamp", ts),
                 ("X-Ovh-Signature", "$1$" + hashlib.sha1(pre.encode()).hexdigest())):
        req.add_header(h, v)
    try:
        return urllib.request.urlopen(req).status
    except urllib.error.HTTPError as e:
        return e.code
'''


def test_fixtures_are_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures")
    result.stdout.fnmatch_lines(["ovhmock -- *", "*A running ovhmock server*",
                                 "ovh_client_factory -- *", "ovh_client -- *"])


def test_options_are_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--ovhmock-bin=PATH*", "*--ovhmock-url=URL*",
                                 "*--ovhmock-arg=FLAG*"])


def test_server_is_shared_and_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SIGNED_GET + '''
PORTS = []

def test_first(ovhmock):
    PORTS.append(ovhmock.port)
    assert signed_get(ovhmock, "/me") == 200
    ovhmock.admin.add_fault("error", status=503)
    ovhmock.admin.set_clock_offset(50)
    assert signed_get(ovhmock, "/me") == 503

def test_second(ovhmock):
    PORTS.append(ovhmock.port)
    assert PORTS[0] == PORTS[1]
    assert ovhmock.admin.faults() == []
    assert ovhmock.admin.clock()["offset"] == 0
    assert ovhmock.admin.count_requests() == 0
    assert signed_get(ovhmock, "/me") == 200
''')
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_failing_test_shows_its_journal(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SIGNED_GET + '''
def test_passes(ovhmock):
    assert signed_get(ovhmock, "/me") == 200

def test_fails(ovhmock):
    assert signed_get(ovhmock, "/me", secret="wrong") == 200
''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*- ovhmock journal -*",
        "#* GET /1.0/me -> 400 INVALID_SIGNATURE",
        "    auth: *",
        "    signature: none: no known variant matches*",
        "    hashed: <AS*",
    ])
    out = result.stdout.str()
    assert out.count("ovhmock journal") == 1, "only the failing test gets the section"
    assert "-> 200" not in out, "the passing test's request is not in the failing test's journal"


def test_failing_test_without_requests_says_so(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
def test_fails(ovhmock):
    assert False
''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*no request reached the server during this test*"])


def test_markers_choose_server_options_and_clock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SIGNED_GET + '''
import pytest, json, urllib.request


@pytest.mark.ovhmock_server(void_200_null=True)
def test_void(ovhmock):
    assert "--void-200-null" in ovhmock.argv

def test_plain(ovhmock):
    assert "--void-200-null" not in ovhmock.argv

@pytest.mark.ovhmock_server(void_200_null=True)
def test_void_again(ovhmock, request):
    assert "--void-200-null" in ovhmock.argv

@pytest.mark.ovhmock_clock(offset=3600)
def test_clock(ovhmock):
    assert ovhmock.admin.clock()["offset"] == 3600
    assert signed_get(ovhmock, "/me") == 400

@pytest.mark.ovhmock_clock(frozen_at=1767607012)
def test_frozen(ovhmock):
    clock = ovhmock.admin.clock()
    assert clock["frozen"] and clock["now"] == 1767607012
''')
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=5)


def test_ovh_client_is_skipped_without_python_ovh(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('''
import sys
sys.modules["ovh"] = None  # import ovh raises ImportError
''')
    pytester.makepyfile('''
def test_needs_ovh(ovh_client):
    pass
''')
    result = pytester.runpytest("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*python-ovh is not installed (pip install ovh)*"])


def test_ovh_client_talks_to_the_server(pytester: pytest.Pytester) -> None:
    pytest.importorskip("ovh")
    pytester.makepyfile('''
def test_me(ovh_client, ovhmock):
    assert ovh_client.get("/me")["nichandle"]
    assert ovhmock.admin.count_requests(path="/1.0/me", accepted=True) == 1

def test_wrong_secret(ovh_client_factory):
    import ovh.exceptions, pytest
    with pytest.raises(ovh.exceptions.BadParametersError, match="Invalid signature"):
        ovh_client_factory(application_secret="x" * 32).get("/me")

import pytest
@pytest.mark.ovhmock_server(tls=True)
def test_https(ovh_client, ovhmock):
    assert ovhmock.endpoint.startswith("https://")
    assert ovh_client.get("/me")["nichandle"]
''')
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_persistent_server_url(pytester: pytest.Pytester) -> None:
    with Server() as outside:
        pytester.makepyfile(SIGNED_GET + '''
import pytest

def test_uses_it(ovhmock):
    assert signed_get(ovhmock, "/me") == 200

@pytest.mark.ovhmock_server(void_200_null=True)
def test_needs_own_server(ovhmock):
    pass
''')
        result = pytester.runpytest("-p", "no:cacheprovider", "-rs", f"--ovhmock-url={outside.url}")
        result.assert_outcomes(passed=1, skipped=1)
        result.stdout.fnmatch_lines(["*needs a server started with*--ovhmock-url*"])
        assert outside.admin.count_requests(path="/1.0/me", accepted=True) == 1
        assert outside.running


def test_missing_binary_option_fails_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
def test_x(ovhmock):
    pass
''')
    result = pytester.runpytest("-p", "no:cacheprovider", "--ovhmock-bin=/nonexistent/ovhmock")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ovhmock: ovhmock binary from argument is not an executable "
                                 "file: /nonexistent/ovhmock*"])


def test_extra_args_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
def test_x(ovhmock):
    assert ovhmock.argv[-2:] == ["--journal-size", "0"]
    assert ovhmock.admin.requests() == []
''')
    pytester.runpytest("-p", "no:cacheprovider", "--ovhmock-arg=--journal-size",
                       "--ovhmock-arg=0").assert_outcomes(passed=1)
