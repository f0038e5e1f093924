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
