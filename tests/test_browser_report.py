"""Real Chromium: the HTML findings pack and the poster open offline, every chart drawn, nothing fetched.

Saves screenshots (tests/screenshots, not committed) of the pack and the poster for a reviewer.
"""

from __future__ import annotations

import pytest

from analysis.poster import poster_for, poster_html
from analysis.report import build_pack
from analysis.report_files import render
from analysis.trends import SummaryRequest
from db.engine import get_sessionmaker
from db.migrate import upgrade
from tests.conftest import _forget_engine, screenshot
from tests.findings_data import PERIOD, TODAY, plant_findings


@pytest.fixture(scope="module")
def planted_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-report') / 'findings.db'}"
    upgrade(url)
    plant_findings(get_sessionmaker(url))
    yield url
    _forget_engine(url)


def open_offline(browser, path, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, [url for url in requests if not url.startswith(("file:", "data:"))]


def test_the_html_pack_opens_offline_with_every_chart_drawn(browser, planted_url, tmp_path):
    with get_sessionmaker(planted_url)() as session:
        pack = build_pack(session, SummaryRequest(*PERIOD), 5, today=TODAY)
    path = tmp_path / "pack.html"
    path.write_bytes(render(pack, "html"))
    context, page, fetched = open_offline(browser, path, {"width": 1280, "height": 900})
    try:
        assert fetched == []
        drawn = page.eval_on_selector_all("img", "images => images.map(i => i.complete && i.naturalWidth > 0)")
        assert drawn == [True] * 7
        assert page.get_by_role("heading", name="Strongest themes, in survivors' words").is_visible()
        screenshot(page, "findings-pack-html")
    finally:
        context.close()


def test_the_poster_opens_offline(browser, planted_url, tmp_path):
    with get_sessionmaker(planted_url)() as session:
        poster = poster_for(session, "ppu", public_url="https://feedback.example.org")
    path = tmp_path / "poster.html"
    path.write_text(poster_html(poster), encoding="utf-8")
    context, page, fetched = open_offline(browser, path, {"width": 794, "height": 1123})
    try:
        assert fetched == []
        assert "Your officer now calls you every two weeks" in page.inner_text("body")
        screenshot(page, "you-said-we-did-poster")
    finally:
        context.close()


def test_the_survey_thank_you_screen_shows_what_changed_after_the_help(app_database, tablet, tmp_path):
    from datetime import date

    from db.engine import write_session
    from survey.demo_actions import ensure_demo_actions
    from tests.conftest import start_app_server

    with write_session(get_sessionmaker(app_database)) as session:
        ensure_demo_actions(session, date.today())
    server = start_app_server(app_database, tmp_path)
    try:
        tablet.goto(f"{server.url}/survey?site=refuge")
        for label in ["Start"] + ["Skip this part"] * 4:
            tablet.get_by_role("button", name=label, exact=True).click()
            tablet.wait_for_timeout(300)
        tablet.get_by_role("heading", name="Thank you", exact=True).wait_for()
        tablet.get_by_role("heading", name="You said, we did").wait_for()
        text = tablet.inner_text("[data-testid=stMain]")
        assert text.index("If you need help") < text.index("You said, we did")
        assert "You said: Evenings in the refuge felt lonely." in text
        assert "We did: We started a Tuesday evening group with a support worker." in text
        assert "You did not always know when he was let out." not in text  # planned, and another site's
        screenshot(tablet, "survey-thank-you-you-said-we-did")
    finally:
        server.stop()
