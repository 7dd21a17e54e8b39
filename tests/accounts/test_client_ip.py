"""Whose address a request is (issue 9, item 2): a client-written X-Forwarded-For is
believed only from our own proxies, for every throttle."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from common.client_ip import client_ip

LOGIN = "/api/v1/auth/login"


def request(remote="203.0.113.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_configured_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXY_CIDRS = 0, []
    assert client_ip(request(forwarded="1.2.3.4")) == "203.0.113.5"


def test_with_a_proxy_count_the_client_is_what_our_last_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; our one proxy appended the real peer.
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    # Fewer entries than proxies: the request came round them, the header proves nothing.
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2")) == "198.51.100.9"
    assert client_ip(request("10.0.0.3", "not-an-address, 10.0.0.2")) == "10.0.0.3"


def test_with_proxy_networks_the_client_is_the_first_hop_outside_them(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXY_CIDRS = 0, ["10.0.0.0/8"]
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.1.1.1")) == "198.51.100.9"
    # A peer outside the proxies' networks is the client, whatever it writes.
    assert client_ip(request("203.0.113.5", "10.1.1.1")) == "203.0.113.5"


@pytest.mark.django_db
def test_a_rotated_forwarded_header_does_not_dodge_the_login_throttle(patient, settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXY_CIDRS = 0, []
    api = APIClient(REMOTE_ADDR="192.0.2.66")
    codes = [api.post(LOGIN, {"email": patient.email, "password": "correct-horse-battery"},
                      format="json", HTTP_X_FORWARDED_FOR=f"198.18.0.{n}").status_code
             for n in range(32)]
    assert codes[:30] == [200] * 30  # THROTTLE_LOGIN, 30/min
    assert codes[30:] == [429, 429]
