"""Benchmark: from opening /survey to the first question, on a warm server, at tablet size.

    .venv/bin/python bench/bench_survey_browser.py [--runs 15] [--warmup 3]

Starts `streamlit run` on a free port over a fresh SQLite database (demo sites,
default survey published), drives the system Chromium (/usr/bin/chromium) at
820×1180, warms the server up, then for each run opens /survey in a new tab (a
new Streamlit session) and times:

  welcome   navigation start -> the welcome screen's Start button is visible
  question  navigation start -> Start tapped -> the first question is visible
            (the tap's round trip to the server included; no human delay)

Two browsers: "kiosk" keeps one browser profile, as a tablet does, so Streamlit's
JavaScript comes from the browser's cache; "first visit" uses a new profile each
run, as a phone opening a private link for the first time. Prints the median and
the slowest run of each. Target (issue 3): first question in under 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.engine import get_sessionmaker, write_session  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from survey.demo import ensure_demo_sites  # noqa: E402
from survey.publish import publish_default  # noqa: E402
from tests.conftest import CHROMIUM, TABLET, start_app_server  # noqa: E402

FIRST_QUESTION = "Which of these happened to you?"


def one_run(context_for, url: str) -> tuple[float, float]:
    context, owned = context_for()
    page = context.new_page()
    page.set_default_timeout(30_000)
    started = time.perf_counter()
    page.goto(f"{url}/survey", wait_until="commit")
    page.get_by_role("button", name="Start", exact=True).wait_for()
    welcome = time.perf_counter() - started
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("checkbox", name="I called the police (999 or 101)").wait_for()
    page.get_by_text(FIRST_QUESTION).wait_for()
    question = time.perf_counter() - started
    page.close()
    if owned:
        context.close()
    return welcome, question


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"skipped: this benchmark needs Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(database)
        with write_session(get_sessionmaker(database)) as session:
            ensure_demo_sites(session)
            publish_default(session)
        server = start_app_server(database, Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                tablet = browser.new_context(viewport=TABLET, has_touch=True)
                scenarios = {
                    "kiosk (browser cache warm)": lambda: (tablet, False),
                    "first visit (empty cache)": lambda: (browser.new_context(viewport=TABLET, has_touch=True), True),
                }
                results = {}
                for name, context_for in scenarios.items():
                    for _ in range(args.warmup):
                        one_run(context_for, server.url)
                    results[name] = [one_run(context_for, server.url) for _ in range(args.runs)]
                browser.close()
        finally:
            server.stop()

    print(f"survey at tablet size (820x1180), warm server, {args.runs} runs after {args.warmup} warm-up runs each")
    for name, runs in results.items():
        welcome = [run[0] for run in runs]
        question = [run[1] for run in runs]
        print(f"{name}:")
        print(f"  open /survey -> welcome screen ready:   median {statistics.median(welcome):.2f} s, "
              f"slowest {max(welcome):.2f} s")
        print(f"  open /survey -> first question (Start): median {statistics.median(question):.2f} s, "
              f"slowest {max(question):.2f} s  (target < 1.5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
