"""Links in notifications open the app, not Django's 404 page, even on a phone whose
service worker is not installed yet (the first tap goes to the server)."""

import pytest

from web.views import dist_dir

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_app(settings, tmp_path):
    """A stand-in build, so this test does not need `npm run build`."""
    (tmp_path / "frontend" / "dist").mkdir(parents=True)
    (tmp_path / "frontend" / "dist" / "index.html").write_text("<div id=app></div>")
    settings.BASE_DIR = tmp_path
    assert dist_dir() == tmp_path / "frontend" / "dist"


@pytest.mark.parametrize("path", ["/checkin/weekly", "/checkin/weekly?week=2026-05-04",
                                  "/measures/hit6", "/measures/psfs", "/today", "/progress"])
def test_notification_links_serve_the_app(client, built_app, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<div id=app>' in response.content


@pytest.mark.parametrize("path", ["/invite", "/invite/an-old-link-token"])
def test_invite_links_serve_the_app_without_a_referer(client, built_app, path):
    """New links carry the token in the fragment (never sent: the server sees `/invite`);
    links sent before that carry it in the path and still open the app, whose page keeps
    it out of the Referer of what the page loads next."""
    response = client.get(path)
    assert response.status_code == 200
    assert b'<div id=app>' in response.content
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("debug", [True, False])
def test_a_mistyped_address_shows_the_apps_own_page_not_found(client, built_app, settings,
                                                              debug):
    """Not Django's list of URL patterns, which DEBUG shows for an unknown path."""
    settings.DEBUG = debug
    response = client.get("/checkout/weekly")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page does not exist" in page and 'href="/"' in page
    assert "URLconf" not in page and "api/v1/" not in page


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_api_paths_keep_the_error_shape(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
