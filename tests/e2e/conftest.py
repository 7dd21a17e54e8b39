"""Browser tests: the built PWA (frontend/dist) in Debian's Chromium against a live server.

Run by `make test` after it builds the frontend and installs chromium. Without a build or
a browser they skip locally and fail when REQUIRE_E2E=1 (set by `make test`).
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]
# E2E_DIST: another build to serve (tests/test_skip_policy.py points it at nothing).
DIST = Path(os.environ.get("E2E_DIST") or ROOT / "frontend" / "dist" / "index.html")
MISSING = pytest.StashKey[str]()
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "docs" / "screenshots"

# Django's live server runs in a thread while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    missing = []
    if not DIST.exists():
        missing.append("frontend/dist (run `npm run build` in frontend/)")
    if not Path(CHROMIUM).exists():
        missing.append(f"chromium at {CHROMIUM}")
    for item in items:
        if "tests/e2e/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.e2e)
        if missing:
            reason = "e2e needs " + ", ".join(missing)
            if os.environ.get("REQUIRE_E2E") == "1":
                item.stash[MISSING] = reason  # fails in setup: CI proves a browser ran
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Under REQUIRE_E2E=1 a browser test that cannot run fails (never skips or xfails
    quietly), before any fixture starts a server or a database."""
    reason = item.stash.get(MISSING, None)
    if reason:
        pytest.fail(f"REQUIRE_E2E=1 but {reason}", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844},
            "device_scale_factor": 1, "locale": "en-GB", "timezone_id": "Europe/London",
            "service_workers": "allow"}


# Headless Chromium cannot subscribe to a real push service: a stand-in PushManager.
PUSH_STUB = (Path(__file__).parent / "push_stub.js").read_text()


@pytest.fixture
def screenshot(tmp_path):
    """Screens at 390x844. `make screenshots` (HEP_SCREENSHOTS=1) refreshes the README's
    copies in docs/screenshots; otherwise they go to a temporary folder, so a test run
    never rewrites tracked files. `dark=True` adds NAME-dark.png, the same screen in the
    phone's dark colour scheme, then hands the scheme back to the browser's default."""
    folder = SCREENSHOTS if os.environ.get("HEP_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name: str):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)
        assert (folder / f"{name}.png").stat().st_size > 0

    def shot(page, name: str, *, dark: bool = False):
        save(page, name)
        if dark:
            page.emulate_media(color_scheme="dark")
            try:
                save(page, f"{name}-dark")
            finally:
                page.emulate_media(color_scheme="null")

    return shot


# Reports each Content-Security-Policy violation of a page (an inline script or style, a
# file from another origin) to the test; init scripts themselves are exempt from the CSP.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => {
  window.__hepCspViolation(`${location.pathname}: ${e.effectiveDirective} refused `
    + `${e.blockedURI || "inline code"} (${e.sourceFile || "?"}:${e.lineNumber})`);
}, true);"""


@pytest.fixture(autouse=True)
def csp_violations(monkeypatch):
    """Every browser context a test opens reports CSP violations here, from the DOM event
    and from Chromium's console; any violation fails the test (a test that provokes one
    on purpose takes them out of the list)."""
    violations: list[str] = []
    new_context = Browser.new_context

    def watched_new_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.expose_binding("__hepCspViolation", lambda source, text: violations.append(text))
        context.add_init_script(CSP_LISTENER)
        context.on("console", lambda message: violations.append(message.text)
                   if "Content Security Policy" in message.text else None)
        return context

    monkeypatch.setattr(Browser, "new_context", watched_new_context)
    yield violations
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
