"""The survivor's tablet in real Chromium, at tablet (820×1180) and phone (390×844) sizes.

Each test starts its own fresh server. "Exit this page" points at a tiny local web
page (the browser has no internet). Screenshots of every screen go to
tests/screenshots/survey-*.png for a reviewer.
"""

from __future__ import annotations

import http.server
import re
import threading
import time

import pytest
from sqlalchemy import func, select
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from db.engine import get_sessionmaker
from db.models import Comment, Response
from tests.conftest import PHONE, SCREENSHOTS, TABLET, start_app_server, has_failed

SIZES = {"tablet": TABLET, "phone": PHONE}
SECRET = "Purple elephant 4417"  # typed by the survivor; must never be seen again


# --- fixtures and helpers -------------------------------------------------------------


class _ExitPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"<!doctype html><title>Weather</title><h1>Weather forecast</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def exit_url():
    """A stand-in for FEEDBACK_QUICK_EXIT_URL's weather page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ExitPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/weather"
    server.shutdown()


@pytest.fixture
def serve(request, app_database, tmp_path, exit_url):
    """Start a fresh app server with the given settings (the exit URL is always local).

    When the test fails, the end of each server's log is printed beside the failure.
    """
    servers = []

    def start(**settings):
        server = start_app_server(app_database, tmp_path, FEEDBACK_QUICK_EXIT_URL=exit_url,
                                  **{key: str(value) for key, value in settings.items()})
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
        if has_failed(request):
            print(f"--- end of {server.log.name} ---\n{server.log.read_text()[-4000:]}")


def new_page(browser, size_name: str, **context_options):
    """A page in a new browser context that counts the script runs the server has finished.

    The count comes from the server's own messages on the websocket, so a helper can wait for
    the run its tap started: the page's "running" flag alone can miss a run that starts late
    or finishes within one frame.
    """
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.size_name = size_name
    page.finished_runs = 0

    def watch(websocket):
        def received(payload):
            if not isinstance(payload, (bytes, bytearray)):
                return
            message = ForwardMsg()
            message.ParseFromString(bytes(payload))
            if (message.WhichOneof("type") == "script_finished"
                    and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY):
                page.finished_runs += 1
        websocket.on("framereceived", received)

    page.on("websocket", watch)
    return page


PAGE_STATE = """() => ({
    script: document.querySelector('[data-testid=stApp]')?.dataset.testScriptState,
    connection: document.querySelector('[data-testid=stApp]')?.dataset.testConnectionState,
    screenEnds: [...document.querySelectorAll('.survivor-screen-end')].map(e => e.dataset.key),
    stale: document.querySelectorAll('[data-stale="true"]').length,
    headings: [...document.querySelectorAll('h1')].map(h => h.innerText),
})"""


def close_page(request, page) -> None:
    """Close the page's browser context; when the test failed, first say what the page showed."""
    if has_failed(request):
        try:
            print("page state at failure:", page.evaluate(PAGE_STATE))
            shot(page, f"failed-{re.sub(r'[^a-z0-9]+', '-', request.node.name.lower())}")
        except Exception as error:  # noqa: BLE001 - a closed page must not hide the real failure
            print("page state unavailable:", error)
    page.context.close()


@pytest.fixture(params=list(SIZES))
def device(request, browser):
    """A touch device at tablet and at phone size."""
    page = new_page(browser, request.param, viewport=SIZES[request.param], has_touch=True)
    yield page
    close_page(request, page)


@pytest.fixture
def tablet_page(request, browser):
    page = new_page(browser, "tablet", viewport=TABLET, has_touch=True)
    yield page
    close_page(request, page)


def shot(page, name: str) -> None:
    """The whole screen, however long: the app scrolls inside stMain, so grow the viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollHeight || 0")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(150)
    page.screenshot(path=str(SCREENSHOTS / f"survey-{name}.png"))
    page.set_viewport_size(size)


def settle(page) -> None:
    """Wait until Streamlit has finished the current run and dropped stale elements, and the
    safety script has made the screen ready (a new screen scrolls to its top: a tap aimed
    before that lands somewhere else)."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.dataset.testScriptState !== 'running' && app.dataset.testScriptState !== 'initial'
                && !document.querySelector('[data-stale="true"]') && document.querySelectorAll('.survivor-screen-end').length === 1
                && document.documentElement.dataset.survivorScreen === document.querySelector('.survivor-screen-end').dataset.key;
        }"""
    )


def heading(page, name: str) -> None:
    page.get_by_role("heading", name=name, exact=True).wait_for()
    settle(page)


def open_survey(page, server, query: str = "") -> None:
    page.goto(f"{server.url}/survey{query}")
    heading(page, "Your views help make things better")


def screen_key(page) -> str:
    return page.evaluate("() => document.querySelector('.survivor-screen-end')?.dataset.key || ''")


def press(page, name: str) -> None:
    """Tap a button that moves to another screen, and wait until that screen is drawn."""
    before = screen_key(page)
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_function(
        "before => document.querySelectorAll('.survivor-screen-end').length === 1"
        " && document.querySelector('.survivor-screen-end').dataset.key !== before", arg=before)
    settle(page)


def after_its_run(page, action) -> None:
    """Do `action` (a tap that reruns the script) and wait until that run has finished."""
    before = page.finished_runs
    action()
    deadline = time.monotonic() + 20
    while page.finished_runs == before:
        assert time.monotonic() < deadline, "the tap started no run of the script"
        page.wait_for_timeout(20)  # lets Playwright deliver the websocket's messages
    settle(page)


def choose(page, question: str, option: str) -> None:
    after_its_run(page, page.get_by_role("radiogroup", name=question).get_by_text(option, exact=True).click)


def tick(page, option: str) -> None:
    after_its_run(page, page.get_by_text(option, exact=True).click)


def responses(server):
    with get_sessionmaker(server.database_url)() as session:
        return session.scalars(select(Response)).all()


def comments(server):
    with get_sessionmaker(server.database_url)() as session:
        return session.scalars(select(Comment)).all()


def browser_storage(page) -> str:
    """Everything the survey could have left in this browser: web storage, cookies, IndexedDB."""
    return page.evaluate(
        """async () => JSON.stringify({
            local: {...localStorage}, session: {...sessionStorage}, cookies: document.cookie,
            indexedDB: indexedDB.databases ? (await indexedDB.databases()).map(db => db.name) : [],
        })"""
    )


# --- the whole survey -------------------------------------------------------------------


def test_a_survivor_completes_the_survey(serve, device):
    server = serve()
    size = device.size_name
    open_survey(device, server, "?site=refuge")
    shot(device, f"{size}-1-welcome")
    press(device, "Start")
    heading(device, "What happened")
    tick(device, "I stayed in a refuge")
    tick(device, "I called the police (999 or 101)")
    choose(device, "When was the last time?", "1 to 3 months ago")
    shot(device, f"{size}-2-what-happened")
    press(device, "Next")
    heading(device, "The police")
    assert device.get_by_text("Part 2 of 6").is_visible()
    assert device.get_by_role("progressbar", name="Part 2 of 6").is_visible()
    choose(device, "The police believed me.", "Agree")
    choose(device, "All in all, how happy were you with the police?", "Very happy")
    shot(device, f"{size}-3-police")
    press(device, "Next")
    heading(device, "The refuge or support worker")
    choose(device, "I felt safer.", "Strongly agree")
    choose(device, "The staff listened to me.", "I'd rather not say")
    press(device, "Next")
    heading(device, "In your own words")
    device.get_by_role("textbox", name="What went well?").fill("The staff listened. Email me at me@example.org")
    shot(device, f"{size}-4-your-words")
    press(device, "Next")
    heading(device, "About you")
    choose(device, "Do children live with you?", "Yes")
    shot(device, f"{size}-5-about-you")
    press(device, "Next")
    heading(device, "Sharing your words")
    choose(device, "Can we share what you wrote, with no names, in reports to help make things better?",
           "No, please keep my words private")
    shot(device, f"{size}-6-sharing")
    assert responses(server) == []  # nothing is stored before she sends it
    press(device, "Send my answers")
    heading(device, "Thank you")
    shot(device, f"{size}-7-thank-you")

    [response] = responses(server)
    assert (response.site_id, response.language) == ("refuge", "en")
    assert response.answers == {
        "services_used": ["police_call", "refuge"], "contact_when": "one_to_three_months",
        "police_believed": 4, "police_overall": 5, "refuge_feel_safer": 5,
        "children_in_household": "yes", "quote_consent": "no",
    }
    assert [comment.text for comment in comments(server)] == ["The staff listened. Email me at [EMAIL]"]


def test_the_thank_you_screen_signposts_help_then_returns_to_welcome(serve, device):
    server = serve(FEEDBACK_THANK_YOU_SECONDS=3)
    open_survey(device, server, "?site=ppu")
    press(device, "Start")
    heading(device, "What happened")
    for _ in range(4):
        press(device, "Skip this part")
    heading(device, "Thank you")
    text = device.inner_text("[data-testid=stMain]")
    for line in (
        "In an emergency, call 999.",
        "If you call 999 on a mobile and cannot speak, press 55 when you are asked.",
        "National Domestic Abuse Helpline: 0808 2000 247. It is free, day and night.",
        "Men's Advice Line: 0808 801 0327.",
        "Ask the officer on the front desk, or call 101 and ask for the Public Protection Unit.",
    ):
        assert line in text
    shot(device, f"{device.size_name}-thank-you-signposting")
    # No one touches the screen: it returns to the welcome screen for the next person.
    device.get_by_role("heading", name="Your views help make things better").wait_for(timeout=15_000)


# --- quick exit -----------------------------------------------------------------------


def test_quick_exit_replaces_the_page_in_the_same_tab_and_the_server_discards_her_answers(serve, device, exit_url):
    server = serve()  # a fresh server: /survey is the very first request
    frames: list[bytes] = []
    device.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, bytes) else payload.encode())))
    open_survey(device, server)
    exit_button = device.get_by_role("button", name="Exit this page")
    first_place = exit_button.bounding_box()
    press(device, "Start")
    heading(device, "What happened")
    assert exit_button.bounding_box() == first_place  # the same place on every screen
    tick(device, "I stayed in a refuge")
    press(device, "Next")
    heading(device, "The refuge or support worker")
    choose(device, "The staff believed me.", "Agree")
    assert exit_button.bounding_box() == first_place
    shot(device, f"{device.size_name}-quick-exit-before")
    exit_button.click()
    device.wait_for_url(exit_url)
    device.screenshot(path=str(SCREENSHOTS / f"survey-{device.size_name}-quick-exit-after.png"))
    assert device.get_by_role("heading", name="Weather forecast").is_visible()
    assert len(device.context.pages) == 1  # the same tab, not a new one
    # The server confirmed it had discarded her answers before the page was replaced.
    assert any(b'data-exited=\\"1\\"' in frame or b'data-exited="1"' in frame for frame in frames)
    # location.replace: Back does not return to the survey.
    device.go_back()
    assert "/survey" not in device.url
    assert responses(server) == []


def test_pressing_shift_three_times_exits_but_typing_capitals_does_not(serve, tablet_page, exit_url):
    server = serve()
    open_survey(tablet_page, server)
    press(tablet_page, "Start")
    heading(tablet_page, "What happened")
    press(tablet_page, "Skip this part")
    heading(tablet_page, "In your own words")
    box = tablet_page.get_by_role("textbox", name="What went well?")
    box.click()
    tablet_page.keyboard.type("I Am OK Now. THE Staff Were Kind.")
    tablet_page.wait_for_timeout(300)
    assert "/survey" in tablet_page.url
    tablet_page.keyboard.press("Shift")
    tablet_page.keyboard.press("Shift")
    assert "press 1 more time" in tablet_page.inner_text(".survivor-exit__hint")
    shot(tablet_page, "tablet-shift-twice")
    tablet_page.keyboard.press("Shift")
    tablet_page.wait_for_url(exit_url)
    assert responses(server) == []


# --- idle reset --------------------------------------------------------------------------


def test_idle_reset_discards_everything_and_nothing_can_be_seen_afterwards(serve, device):
    server = serve(FEEDBACK_IDLE_SECONDS=3, FEEDBACK_IDLE_GRACE_SECONDS=3)
    open_survey(device, server)
    press(device, "Start")
    heading(device, "What happened")
    tick(device, "My case went to court")
    press(device, "Next")
    heading(device, "The police")
    press(device, "Skip this part")
    heading(device, "In your own words")
    device.get_by_role("textbox", name="What could be better?").fill(SECRET)
    device.get_by_role("heading", name="In your own words").click()  # she puts the tablet down
    prompt = device.get_by_role("heading", name="Are you still there?")
    prompt.wait_for(timeout=10_000)
    shot(device, f"{device.size_name}-idle-prompt")
    check_screen(device, "idle prompt")
    exit_box = device.get_by_role("button", name="Exit this page").bounding_box()
    on_top = device.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.survivor-exit__button')",
        [exit_box["x"] + exit_box["width"] / 2, exit_box["y"] + exit_box["height"] / 2])
    assert on_top  # the prompt hides her answers, never the way out
    assert SECRET not in device.locator("[data-testid=stMain]").inner_text()  # hidden behind the prompt

    # First she is still there: her answers stay.
    device.get_by_role("button", name="Yes, I am still here").click()
    prompt.wait_for(state="hidden")
    assert device.get_by_role("textbox", name="What could be better?").input_value() == SECRET

    # Then she leaves: the prompt comes back, and 3 seconds later everything is gone.
    device.get_by_role("heading", name="Your views help make things better").wait_for(timeout=20_000)
    settle(device)
    shot(device, f"{device.size_name}-idle-reset")
    assert responses(server) == []  # partial answers never reach the database
    assert SECRET not in browser_storage(device)
    assert "court" not in browser_storage(device).lower()

    # Nothing of hers by the survey's Back, by the browser's back and forward, or by reload.
    press(device, "Start")
    heading(device, "What happened")
    assert not device.get_by_role("checkbox", name="My case went to court").is_checked()
    assert device.get_by_text("Part 1 of 4").is_visible()  # the police screen is not on her path
    device.go_back()
    if "/survey" not in device.url:
        device.go_forward()
    heading(device, "Your views help make things better")
    device.reload()
    heading(device, "Your views help make things better")
    press(device, "Start")
    heading(device, "What happened")
    assert not device.get_by_role("checkbox", name="My case went to court").is_checked()
    press(device, "Next")
    heading(device, "In your own words")
    assert device.get_by_role("textbox", name="What could be better?").input_value() == ""
    assert SECRET not in device.content()


# --- languages ---------------------------------------------------------------------------


def test_urdu_reads_right_to_left_and_the_response_records_its_language(serve, device):
    server = serve()
    open_survey(device, server)
    device.get_by_role("radiogroup", name=re.compile("Language")).get_by_text("اردو").click()
    heading(device, "آپ کی رائے چیزوں کو بہتر بنانے میں مدد دیتی ہے")
    assert device.evaluate("() => [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ur"]
    shot(device, f"{device.size_name}-urdu-welcome")
    check_screen(device, "urdu welcome")
    press(device, "شروع کریں")
    heading(device, "کیا ہوا")
    title = device.get_by_role("heading", name="کیا ہوا")
    assert title.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # The words themselves sit against the right-hand edge (not merely a right-to-left box).
    text_right, box_right, text_left, box_left = title.evaluate(
        """el => { const range = document.createRange(); range.selectNodeContents(el);
            const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
            return [text.right, box.right, text.left, box.left]; }""")
    assert box_right - text_right < 24 and text_left - box_left > 100
    tick(device, "میرا مقدمہ عدالت میں گیا")
    shot(device, f"{device.size_name}-urdu-section")
    press(device, "آگے")
    heading(device, "پولیس")
    choose(device, "پولیس نے میری بات کا یقین کیا۔", "بالکل متفق")
    shot(device, f"{device.size_name}-urdu-ratings")
    check_screen(device, "urdu ratings")
    press(device, "آگے")
    for _ in range(3):
        press(device, "یہ حصہ چھوڑیں")
    heading(device, "شکریہ")
    shot(device, f"{device.size_name}-urdu-thank-you")
    [response] = responses(server)
    assert (response.language, response.answers) == ("ur", {"services_used": ["court"], "police_believed": 5})
    press(device, "ختم کریں")
    heading(device, "Your views help make things better")  # the next person starts in English
    assert device.evaluate("() => document.documentElement.dir") == "ltr"


def test_polish_and_punjabi_screens(serve, tablet_page):
    server = serve()
    open_survey(tablet_page, server)
    for language, title, start, section in (
        ("Polski", "Twoje zdanie pomaga coś poprawić", "Zacznij", "Co się wydarzyło"),
        ("ਪੰਜਾਬੀ", "ਤੁਹਾਡੀ ਰਾਇ ਚੀਜ਼ਾਂ ਨੂੰ ਬਿਹਤਰ ਬਣਾਉਣ ਵਿੱਚ ਮਦਦ ਕਰਦੀ ਹੈ", "ਸ਼ੁਰੂ ਕਰੋ", "ਕੀ ਹੋਇਆ"),
    ):
        tablet_page.get_by_role("radiogroup", name=re.compile("Language")).get_by_text(language).click()
        heading(tablet_page, title)
        press(tablet_page, start)
        heading(tablet_page, section)
        shot(tablet_page, f"tablet-{language.lower()}-section")
        press(tablet_page, {"Polski": "Wstecz", "ਪੰਜਾਬੀ": "ਪਿੱਛੇ"}[language])
        heading(tablet_page, title)
        assert tablet_page.evaluate("() => document.documentElement.dir") == "ltr"


# --- keyboard, double taps, accessibility --------------------------------------------------


def focus(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused control is called `name` (its label or text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = page.evaluate(
            """() => { const el = document.activeElement;
                return (el.getAttribute('aria-label') || el.closest('label')?.innerText || el.innerText || '').trim(); }"""
        )
        if current == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_completing_the_survey_by_keyboard_alone(serve, tablet_page):
    page = tablet_page
    server = serve()
    open_survey(page, server)
    focus(page, "Start")
    page.keyboard.press("Enter")
    heading(page, "What happened")
    focus(page, "I stayed in a refuge")
    after_its_run(page, lambda: page.keyboard.press("Space"))
    assert page.get_by_role("checkbox", name="I stayed in a refuge").is_checked()
    shot(page, "tablet-keyboard-focus-visible")
    outline = page.evaluate("() => getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline == "solid"  # a visible focus indicator
    focus(page, "Next")
    page.keyboard.press("Enter")
    heading(page, "The refuge or support worker")
    focus(page, "Strongly disagree")  # the first option of "The staff believed me."
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    settle(page)
    assert page.get_by_role("radiogroup", name="The staff believed me.").get_by_role(
        "radio", name="Strongly agree").is_checked()
    focus(page, "Next")
    page.keyboard.press("Enter")
    heading(page, "In your own words")
    focus(page, "What went well?")
    page.keyboard.type("Kind staff")
    focus(page, "Next")
    settle(page)
    page.keyboard.press("Enter")
    heading(page, "About you")
    focus(page, "Skip this part")
    page.keyboard.press("Enter")
    heading(page, "Sharing your words")
    focus(page, "Yes, you can share my words")
    after_its_run(page, lambda: page.keyboard.press("Space"))
    focus(page, "Send my answers")
    page.keyboard.press("Enter")
    heading(page, "Thank you")
    [response] = responses(server)
    assert response.answers == {"services_used": ["refuge"], "refuge_believed": 5, "quote_consent": "yes"}
    assert [comment.text for comment in comments(server)] == ["Kind staff"]


def test_a_double_tapped_send_stores_one_response_and_a_double_tapped_next_moves_one_screen(serve, device):
    server = serve()
    open_survey(device, server)
    press(device, "Start")
    heading(device, "What happened")
    tick(device, "Something else")
    before = screen_key(device)
    device.get_by_role("button", name="Next").dblclick()
    device.wait_for_function("before => document.querySelector('.survivor-screen-end')?.dataset.key !== before",
                             arg=before)
    heading(device, "In your own words")  # not "About you": the second tap did nothing
    for _ in range(2):
        press(device, "Next")
    heading(device, "Sharing your words")
    device.get_by_role("button", name="Send my answers").dblclick()
    heading(device, "Thank you")
    shot(device, f"{device.size_name}-double-tap-thank-you")
    device.wait_for_timeout(1000)
    with get_sessionmaker(server.database_url)() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 1


CONTRAST_AND_SIZE = """() => {
    const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = el => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); } return [255, 255, 255]; };
    const problems = [];
    const walker = document.createTreeWalker(document.querySelector('[data-testid=stMain]'), NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const el = node.parentElement, text = node.textContent.trim();
        if (!text || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const style = getComputedStyle(el), size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
        // Opacity anywhere above the text fades it towards its background.
        let alpha = 1;
        for (let up = el; up; up = up.parentElement) alpha *= Number(getComputedStyle(up).opacity);
        const back = background(el), fore = parse(style.color).slice(0, 3).map((v, i) => back[i] + (v - back[i]) * alpha);
        const [a, b] = [lum(fore), lum(back)];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        const large = size >= 24 || (bold && size >= 18.66);
        if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${text.slice(0, 40)}`);
        if (size < 18) problems.push(`${size}px: ${text.slice(0, 40)}`);
    }
    return problems;
}"""

TARGETS = """() => [...document.querySelectorAll(
        '[data-testid=stMain] button, [data-testid=stRadioOption], [data-testid=stCheckbox] > label, .survivor-exit__button, textarea')]
    .filter(el => el.checkVisibility())
    .map(el => { const r = el.getBoundingClientRect(); return [el.innerText.trim().slice(0, 30), Math.round(r.width), Math.round(r.height)]; })
    .filter(([, w, h]) => w < 48 || h < 48)"""


def check_screen(page, name: str) -> None:
    shot(page, f"{page.size_name}-checked-{re.sub(r'[^a-z0-9]+', '-', name.lower())}")
    assert page.evaluate(CONTRAST_AND_SIZE) == [], name
    assert page.evaluate(TARGETS) == [], name
    # Every control has a name a screen reader can read out.
    snapshot = page.locator("[data-testid=stMain]").aria_snapshot()
    unnamed = [line for line in snapshot.splitlines()
               if re.match(r"\s*- (button|checkbox|radio|radiogroup|textbox|link|group|progressbar)\s*(\[|:|$)", line)]
    assert unnamed == [], f"{name}: unnamed controls {unnamed}"


def test_every_screen_is_readable_labelled_and_easy_to_touch_on_a_tablet(serve, tablet_page):
    page = tablet_page
    server = serve(FEEDBACK_IDLE_SECONDS=120)
    open_survey(page, server, "?site=outreach")
    check_screen(page, "welcome")
    press(page, "Start")
    heading(page, "What happened")
    tick(page, "Police officers came to see me")
    tick(page, "A support worker helped me (outreach)")
    check_screen(page, "what happened")
    press(page, "Next")
    heading(page, "The police")
    choose(page, "The police believed me.", "Disagree")
    check_screen(page, "police")
    for title in ("The refuge or support worker", "In your own words", "About you", "Sharing your words"):
        press(page, "Next")
        heading(page, title)
        if title == "In your own words":  # what a text box shows while she types
            page.get_by_role("textbox", name="What went well?").click()
            page.keyboard.type("Kind staff")
        check_screen(page, title)
    press(page, "Send my answers")
    heading(page, "Thank you")
    check_screen(page, "thank you")


def test_usable_at_200_percent_zoom(serve, browser):
    """200% zoom on the tablet leaves 410 CSS pixels: nothing may need sideways scrolling."""
    page = new_page(browser, "zoom", viewport={"width": 410, "height": 590}, device_scale_factor=2, has_touch=True)
    context = page.context
    try:
        server = serve()
        open_survey(page, server)
        overflow = "() => { const m = document.querySelector('[data-testid=stMain]'); return [m.scrollWidth - m.clientWidth, document.documentElement.scrollWidth - innerWidth]; }"
        assert page.evaluate(overflow) == [0, 0]
        shot(page, "zoom200-welcome")
        press(page, "Start")
        heading(page, "What happened")
        tick(page, "I stayed in a refuge")
        assert page.evaluate(overflow) == [0, 0]
        page.locator("[data-testid=stMain]").evaluate("m => m.scrollTo(0, m.scrollHeight)")
        page.wait_for_timeout(200)
        box = page.get_by_role("button", name="Exit this page").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 590  # still in view, scrolled to the bottom
        shot(page, "zoom200-section")
        press(page, "Next")
        heading(page, "The refuge or support worker")
        assert page.evaluate(overflow) == [0, 0]
    finally:
        context.close()


# --- kiosk mode and private links -----------------------------------------------------------


def sign_in(page) -> None:
    page.get_by_label("Staff PIN").fill("246810")
    page.get_by_role("button", name="Sign in").click()


def test_kiosk_mode_shows_only_the_survey_and_leaving_it_needs_the_pin(serve, tablet_page):
    page = tablet_page
    server = serve()
    page.goto(f"{server.url}/kiosk")
    page.get_by_role("heading", name="Staff sign-in").wait_for()
    sign_in(page)
    page.get_by_role("heading", name="Kiosk mode").wait_for()
    page.get_by_role("combobox").click()
    page.get_by_role("option", name="Central Public Protection Unit").click()
    shot(page, "kiosk-start")
    press(page, "Start kiosk mode")
    heading(page, "Your views help make things better")
    assert page.url.endswith("/survey?site=ppu")
    assert page.locator("[data-testid=stSidebar]:visible, [data-testid=stToolbar]:visible").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert [href for href in hrefs if server.url in href or href.startswith("/")] == []
    assert "Staff" not in page.inner_text("body")
    shot(page, "kiosk-survey")
    press(page, "Start")
    heading(page, "What happened")
    tick(page, "I called the police (999 or 101)")
    press(page, "Next")
    for name in ("Next", "Next", "Next", "Send my answers"):
        press(page, name)
    heading(page, "Thank you")
    assert [(r.site_id, r.answers) for r in responses(server)] == [("ppu", {"services_used": ["police_call"]})]

    # Leaving: the browser's Back reaches the staff page, which asks for the PIN again.
    page.go_back()
    page.get_by_role("heading", name="Staff sign-in").wait_for()
    shot(page, "kiosk-leave-needs-pin")
    sign_in(page)
    page.get_by_text("This tablet is in kiosk mode for").wait_for()
    page.get_by_role("button", name="Stop kiosk mode").click()
    page.get_by_role("button", name="Start kiosk mode").wait_for()


def test_a_private_link_opens_the_same_survey_on_a_phone_with_quick_exit(serve, browser, exit_url):
    page = new_page(browser, "phone", viewport=PHONE, has_touch=True, is_mobile=True)
    context = page.context
    try:
        server = serve()
        page.goto(f"{server.url}/links")
        sign_in(page)
        page.get_by_role("heading", name="Private survey links").wait_for()
        link = page.locator("[data-testid=stCode]").inner_text().strip()
        assert link == f"{server.url}/survey?site=ppu"  # the first site, alphabetically
        page.get_by_role("img").first.wait_for()
        shot(page, "phone-private-link-page")

        phone = new_page(browser, "phone", viewport=PHONE, has_touch=True, is_mobile=True)
        phone.goto(link)
        heading(phone, "Your views help make things better")
        exit_button = phone.get_by_role("button", name="Exit this page")
        box = exit_button.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"] and box["height"] >= 48
        press(phone, "Start")
        heading(phone, "What happened")
        tick(phone, "I stayed in a refuge")
        shot(phone, "phone-private-link-survey")
        exit_button.click()
        phone.wait_for_url(exit_url)
        assert responses(server) == []
        phone.context.close()
    finally:
        context.close()
