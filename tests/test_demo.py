"""Demo data: realistic, patterned, varied, and stored through the real submission path."""

import statistics
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import get_sessionmaker
from db.models import Comment, Response
from survey.demo import generate_demo
from survey.weeks import week_monday

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 16)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """3,000 responses, generated once for this module's tests."""
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    upgrade(url)
    generate_demo(get_sessionmaker(url), 3000, seed=7, today=TODAY)
    with get_sessionmaker(url)() as session:
        responses = session.scalars(select(Response)).all()
        comments = session.scalars(select(Comment)).all()
    return responses, comments


def test_spans_the_last_24_months_across_three_sites(demo):
    responses, _ = demo
    weeks = sorted(r.week for r in responses)
    assert (TODAY - week_monday(weeks[0])).days >= 700
    assert (TODAY - week_monday(weeks[-1])).days <= 7
    sites = Counter(r.site_id for r in responses)
    assert set(sites) == {"ppu", "refuge", "outreach"}
    assert sites["ppu"] > sites["refuge"] > sites["outreach"]


def test_more_contacts_in_winter_than_summer(demo):
    responses, _ = demo
    by_month = Counter(int(r.month[5:]) for r in responses)
    assert by_month[12] + by_month[1] > 1.5 * (by_month[6] + by_month[7])


def test_the_police_unit_got_better_at_keeping_survivors_informed(demo):
    responses, _ = demo
    ppu = sorted((r for r in responses if r.site_id == "ppu"), key=lambda r: r.week)
    def mean_informed(rows):
        return statistics.mean(r.answers["police_kept_informed"] for r in rows if "police_kept_informed" in r.answers)
    first, last = ppu[: len(ppu) // 4], ppu[-len(ppu) // 4:]
    assert mean_informed(last) > mean_informed(first) + 0.7


def test_some_groups_are_small(demo):
    """A few groups fall under the disclosure threshold, as at real small sites."""
    responses, _ = demo
    clares_law_at_outreach = Counter(
        r.month for r in responses if r.site_id == "outreach" and "clares_law" in r.answers.get("services_used", [])
    )
    assert any(0 < n < 5 for n in clares_law_at_outreach.values())


def test_free_text_is_varied_and_redacted(demo):
    _, comments = demo
    texts = [c.text for c in comments]
    assert len(set(texts)) >= 300, "hundreds of distinct comments, not a handful repeated"
    assert not any("07700 900461" in t or "jo.bloggs@example.com" in t for t in texts)
    assert any("[PHONE]" in t or "[EMAIL]" in t or "[POSTCODE]" in t for t in texts)


def test_same_seed_same_answers(tmp_path):
    from db.migrate import upgrade

    answers = []
    for run in range(2):
        url = f"sqlite:///{tmp_path / f'run{run}.db'}"
        upgrade(url)
        generate_demo(get_sessionmaker(url), 50, seed=3, today=TODAY)
        with get_sessionmaker(url)() as session:
            answers.append(sorted(str(sorted(r.answers.items())) + r.week for r in session.scalars(select(Response))))
    assert answers[0] == answers[1]


def test_cli_demo_if_empty_adds_nothing_to_a_database_with_responses(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    subprocess.run([sys.executable, "-m", "db", "upgrade", "--db", url], cwd=ROOT, check=True, capture_output=True)
    first = subprocess.run([sys.executable, "-m", "survey", "demo", "--db", url, "--responses", "20", "--if-empty"],
                           cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0 and "stored 20 demo responses" in first.stdout
    second = subprocess.run([sys.executable, "-m", "survey", "demo", "--db", url, "--responses", "20", "--if-empty"],
                            cwd=ROOT, capture_output=True, text=True)
    assert second.returncode == 0 and "already holds 20 responses" in second.stdout
