"""The search page's layout kept for anonymous visitors (`thriving.core.chrome`): the page is the
page rendered in full, with this request's own CSP nonce (the one its header allows) and CSRF
token; a signed-in visitor gets their own header."""

import re

import pytest
from django.conf import settings

from thriving.core import chrome
from thriving.core.models import Role
from thriving.directory.tests.test_search import URL, names, offer

NONCE = re.compile(r'nonce="([^"]+)"')
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def plain(html: str) -> str:
    return TOKEN.sub('<meta name="csrf-token" content="T">', NONCE.sub('nonce="N"', html))


@pytest.fixture(autouse=True)
def _fresh_chrome():
    chrome._kept.clear()
    yield
    chrome._kept.clear()


@pytest.mark.parametrize("params", [{}, {"q": "food", "postcode": "DE7 8QA"}, {"q": "nothing like it"}])
def test_the_kept_layout_gives_the_page_rendered_in_full(client, cotmanhay, monkeypatch, params):
    offer("Food Larder")
    first, second = client.get(URL, params), client.get(URL, params)  # the second from the kept layout
    assert chrome._kept
    monkeypatch.setattr(chrome, "_may_keep", lambda request: False)
    full = client.get(URL, params)
    assert first.status_code == second.status_code == full.status_code == 200
    assert plain(second.content.decode()) == plain(full.content.decode()) == plain(first.content.decode())
    assert "Staff sign in" in second.content.decode()


def test_each_request_has_its_own_nonce_and_token(client, cotmanhay):
    offer("Food Larder")
    pages = [client.get(URL, {"q": "food"}) for _ in range(3)]
    nonces = [NONCE.findall(page.content.decode()) for page in pages]
    for page, found in zip(pages, nonces, strict=True):
        assert found
        assert len(set(found)) == 1
        assert f"'nonce-{found[0]}'" in page["Content-Security-Policy"]
        assert chrome.NONCE not in page.content.decode()
        assert chrome.TOKEN not in page.content.decode()
    assert settings.CSRF_COOKIE_NAME in pages[0].cookies  # asked for the token, as the template does
    assert len({found[0] for found in nonces}) == 3
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    assert len(set(tokens)) == 3  # masked afresh each time, as `{{ csrf_token }}` is
    assert names(pages[2]) == ["Food Larder"]


def test_a_signed_in_visitor_sees_their_own_header(client, cotmanhay, user_with_role):
    client.get(URL, {"q": "food"})  # the anonymous layout kept
    user = user_with_role(Role.ORGANISATION_STAFF)
    client.force_login(user)
    html = client.get(URL, {"q": "food"}).content.decode()
    assert user.full_name in html
    assert "Staff sign in" not in html
