"""Real Chromium: staff pages ask for an account on a fresh server's very first request; the dashboard draws.

Also single sign-on end to end, against a local OpenID Connect provider
(oidc-provider-mock, offline) configured through secrets.toml.
"""

from __future__ import annotations

import secrets
import time
from datetime import date

import pytest

from db import audit
from db.accounts import create_account
from db.engine import get_sessionmaker, write_session
from survey.demo import generate_demo
from tests.conftest import screenshot, start_app_server

PASSWORD = "correct horse battery"
DESKTOP = {"width": 1400, "height": 1000}
# Tall enough that every element of a page is on screen: drawn, and in the screenshot.
TALL = {"width": 1400, "height": 7000}


@pytest.fixture
def staff_database(app_database):
    factory = get_sessionmaker(app_database)
    generate_demo(factory, 600, seed=21, today=date.today())
    with write_session(factory) as session:
        create_account(session, "lead", role="lead", organisation_id="midshire-police", password=PASSWORD,
                       display_name="Priya (PPU lead)")
        create_account(session, "sso.lead", role="lead", organisation_id="midshire-police", password=None,
                       email="sso.lead@example.org", display_name="Sam (single sign-on)")
    return app_database


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=TALL)
    page = context.new_page()
    page.set_default_timeout(60_000)  # generous: other work may share the two cores
    yield page
    context.close()


def wait_until_drawn(page, charts: int, tables: int = 0) -> None:
    """The script has finished, every chart has drawn its marks, every table is there, nothing is still loading."""
    page.wait_for_function(
        """([n, t]) => {
            const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
            if (charts.length < n) return false;
            if (document.querySelectorAll('table.figures').length < t) return false;
            const drawn = [...charts].every(c => c.querySelector('canvas, svg.marks'));
            // Lazily loaded components (tables) show a skeleton until their code has arrived.
            const loading = document.querySelector('[data-testid="stSkeletonElement"]');
            const running = document.querySelector('[data-testid="stApp"]')?.dataset?.testScriptState !== 'notRunning';
            return drawn && !loading && !running;
        }""",
        arg=[charts, tables],
    )


def sign_in(page, username: str = "lead") -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_first_request_to_a_fresh_server_for_the_dashboard_asks_for_an_account_then_draws_it(staff_database, tmp_path, desktop):
    server = start_app_server(staff_database, tmp_path)
    try:
        desktop.goto(f"{server.url}/dashboard")  # the very first request this server sees
        desktop.get_by_role("heading", name="Staff sign-in").wait_for()
        screenshot(desktop, "dashboard-fresh-server-sign-in")
        body = desktop.inner_text("body")
        assert "Dashboard" not in body and "Responses" not in body
        assert desktop.locator('[data-testid="stVegaLiteChart"], [data-testid="stMetric"]').count() == 0
        assert desktop.locator('[data-testid="stSidebarNav"]:visible').count() == 0

        sign_in(desktop)
        desktop.get_by_role("heading", name="Dashboard", exact=True).wait_for()
        wait_until_drawn(desktop, charts=4, tables=11)
        screenshot(desktop, "dashboard-lead")
        assert desktop.locator('[data-testid="stMetric"]').count() == 3
        # A table under every chart, the two "against the period before" tables and five equality tables.
        assert desktop.locator('table.figures').count() == 11
        assert desktop.get_by_role("button", name="Download this chart (PNG)").count() == 4
        body = desktop.inner_text("body")
        assert "Signed in as Priya (PPU lead)" in body
        assert "fewer than 5" in body or "hidden" in body or "Equality" in body

        # The PNG download is a real picture of the chart.
        with desktop.expect_download() as download:
            desktop.get_by_role("button", name="Download this chart (PNG)").first.click()
        path = tmp_path / "chart.png"
        download.value.save_as(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000

        for url_path, heading, charts, tables in (("themes", "Themes", 4, 4), ("comments", "Comments", 0, 0)):
            desktop.goto(f"{server.url}/{url_path}")  # a new browser session: sign in again
            desktop.get_by_role("heading", name="Staff sign-in").wait_for()
            sign_in(desktop)
            desktop.get_by_role("heading", name=heading, exact=True).wait_for()
            wait_until_drawn(desktop, charts=charts, tables=tables)
            screenshot(desktop, f"dashboard-{url_path}")

        desktop.get_by_role("button", name="Sign out").click()
        desktop.get_by_role("heading", name="Staff sign-in").wait_for()
    finally:
        server.stop()
    with get_sessionmaker(staff_database)() as session:
        actions = [entry.action for entry in audit.entries(session, account="lead")]
    assert actions.count("sign_in") == 3 and actions[0] == "sign_out"


def test_single_sign_on_through_a_local_provider_signs_in_only_a_known_email(staff_database, tmp_path, desktop):
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "survivor-feedback"\n'
            'client_secret = "not-a-real-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        )
        server = start_app_server(staff_database, tmp_path, STREAMLIT_SECRETS_FILES=str(secrets_file))
        port = server.url.rsplit(":", 1)[1]
        try:
            desktop.goto(f"http://localhost:{port}/dashboard")
            desktop.get_by_role("heading", name="Staff sign-in").wait_for()
            screenshot(desktop, "dashboard-single-sign-on-offered")
            desktop.get_by_role("button", name="Sign in with single sign-on").click()
            desktop.get_by_placeholder("sub").fill("sso.lead@example.org")  # the provider's own page
            desktop.get_by_role("button", name="Authorize").click()
            # Back at the app's home page, signed in through the identity the provider vouched for.
            desktop.get_by_text("Signed in as Sam (single sign-on)").wait_for()
            screenshot(desktop, "dashboard-single-sign-on")

            desktop.get_by_role("button", name="Sign out").click()
            # Streamlit drops its identity cookie and sends her to the provider to end that session too.
            desktop.get_by_role("button", name="End session").click()
            desktop.get_by_role("heading", name="Staff sign-in").wait_for()
            desktop.goto(f"http://localhost:{port}/dashboard")
            desktop.get_by_role("button", name="Sign in with single sign-on").click()
            desktop.get_by_placeholder("sub").fill("stranger@example.org")
            desktop.get_by_role("button", name="Authorize").click()
            desktop.get_by_text("No active staff account uses stranger@example.org").wait_for()
            assert desktop.locator('[data-testid="stMetric"]').count() == 0
        finally:
            server.stop()
    with get_sessionmaker(staff_database)() as session:
        log = [(entry.account, entry.action) for entry in reversed(audit.entries(session))]
    assert ("sso.lead", "sign_in") in log and ("sso.lead", "sign_out") in log
    assert ("stranger@example.org", "sign_in_refused") in log
