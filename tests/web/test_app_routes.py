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


def test_other_paths_still_answer_404(client, built_app):
    assert client.get("/checkout/weekly").status_code == 404
