"""Real Chromium against a freshly started server: the guards hold on the very first request."""

from sqlalchemy import select

from db.engine import get_sessionmaker
from db.models import Comment, Response
from tests.conftest import screenshot


def wait_for_app(page):
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')?.innerText?.includes('Running')")


def test_first_request_to_a_fresh_server_for_the_survey_shows_no_staff_navigation(app_server, tablet):
    tablet.goto(f"{app_server.url}/survey")
    tablet.get_by_role("heading", name="Tell us about your contact").wait_for()
    screenshot(tablet, "foundation-fresh-survey-tablet")
    assert tablet.locator('[data-testid="stSidebarNav"]').count() == 0 or not tablet.locator('[data-testid="stSidebarNav"]').is_visible()
    assert not tablet.locator('[data-testid="stSidebar"]').is_visible() if tablet.locator('[data-testid="stSidebar"]').count() else True
    assert tablet.locator('[data-testid="stToolbar"]:visible, [data-testid="stMainMenu"]:visible').count() == 0
    hrefs = tablet.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if "responses" in h or h.rstrip("/").endswith(app_server.url.split("//")[1])], hrefs
    body = tablet.inner_text("body")
    assert "Responses" not in body and "Staff" not in body


# The first request to a fresh server for a staff page (it asks for a staff account) is tested in
# tests/test_browser_dashboard.py.


def test_a_survivor_completes_the_survey_and_it_is_stored(app_server, tablet):
    tablet.goto(f"{app_server.url}/survey?site=outreach")
    tablet.get_by_text("A support worker helped me (outreach)").click()
    assert tablet.get_by_role("checkbox", name="A support worker helped me (outreach)").is_checked()
    group = tablet.get_by_role("radiogroup", name="I felt safer.")
    group.wait_for()
    group.get_by_text("Agree", exact=True).click()
    tablet.get_by_role("textbox", name="What could be better?").fill("More evening sessions. Email me: me@example.org")
    tablet.get_by_role("radiogroup", name="Do children live with you?").get_by_text("Yes", exact=True).click()
    screenshot(tablet, "foundation-survey-filled")
    tablet.get_by_role("button", name="Send my answers").click()
    tablet.get_by_role("heading", name="Thank you").wait_for()
    screenshot(tablet, "foundation-thank-you")

    with get_sessionmaker(app_server.database_url)() as session:
        responses = session.scalars(select(Response)).all()
        comments = session.scalars(select(Comment)).all()
    assert len(responses) == 1
    assert responses[0].site_id == "outreach"
    assert responses[0].answers == {"services_used": ["outreach"], "refuge_feel_safer": 4, "children_in_household": "yes"}
    assert [c.text for c in comments] == ["More evening sessions. Email me: [EMAIL]"]
