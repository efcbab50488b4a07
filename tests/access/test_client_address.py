"""The client's address in the access log and the login lockout: X-Forwarded-For counts only when the request
comes from a proxy the district trusts (CHATDONG_TRUSTED_PROXIES); a forged or odd header never decides it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from chatdong.access import log
from chatdong.access.client import client_address, parse_trusted_proxies
from chatdong.access.models import AccessLog

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/24, 2001:db8::/64")


@pytest.mark.parametrize(
    ("peer", "forwarded", "seen"),
    [
        (PROXY, CLIENT, CLIENT),  # the proxy passes the client on
        (PROXY, f"198.51.100.9, {CLIENT}", CLIENT),  # the client wrote the first one itself: the proxy's is last
        (PROXY, f"{CLIENT}, 10.0.0.9", CLIENT),  # two proxies of ours: the nearest untrusted address
        (PROXY, "unknown", PROXY),  # not an address: the proxy, never a 500
        (PROXY, f"{CLIENT}, nonsense", PROXY),
        (PROXY, "", PROXY),
        (PROXY, "10.0.0.7", PROXY),  # only proxies: the peer
        ("198.51.100.1", CLIENT, "198.51.100.1"),  # not from our proxy: the header is the client's own word
        ("2001:db8::1", "2001:db8:1::5", "2001:db8:1::5"),
    ],
)
def test_the_forwarded_address_counts_only_from_a_trusted_proxy(rf, behind_proxy, peer, forwarded, seen):
    request = rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == seen


def test_without_trusted_proxies_the_header_is_ignored(rf):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert client_address(request) == PROXY


def test_the_access_log_records_the_client_behind_the_proxy(world, login, behind_proxy):
    login("wolgok2.planner").get(
        "/registry/households/", {"q": "김영희"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT
    )
    entry = AccessLog.objects.filter(username="wolgok2.planner", action=log.Action.SEARCH).latest("seq")
    assert entry.ip_address == CLIENT


def test_the_lockout_counts_each_client_behind_the_proxy_apart(world, password, settings, behind_proxy):
    """Behind the proxy every request has the proxy's peer address: without the header the whole district would
    share one count, and one person's wrong passwords would lock everybody out."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/accounts/login/", {"username": "wolgok2.planner", "password": "wrong"},
            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT,
        )  # fmt: skip
    locked = Client().post(
        "/accounts/login/", {"username": "wolgok2.planner", "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT,
    )  # fmt: skip
    assert locked.status_code == 429
    elsewhere = Client().post(
        "/accounts/login/", {"username": "wolgok2.planner", "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20",
    )  # fmt: skip
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("value", ["bogus", "10.0.0.0/33", "10.0.0.1, ::g"])
def test_a_wrong_trusted_proxy_setting_stops_the_start_in_korean(value):
    with pytest.raises(ImproperlyConfigured, match="CHATDONG_TRUSTED_PROXIES"):
        parse_trusted_proxies(value)
