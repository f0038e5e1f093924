"""Real Chromium against a freshly started server: the guards hold on the very first request."""

from tests.conftest import screenshot


def wait_for_app(page):
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')?.innerText?.includes('Running')")


def test_first_request_to_a_fresh_server_for_the_survey_shows_no_staff_navigation(app_server, tablet):
    tablet.goto(f"{app_server.url}/survey")
    tablet.get_by_role("heading", name="Your views help make things better").wait_for()
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


# Completing the survey in a browser, screen by screen, is tested in tests/test_browser_survey.py.
