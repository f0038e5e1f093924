"""`python -m analysis summary` and the summary behind it: the contract, and what it never reveals.

The property test stores random small sets of responses through the real
submission path, asks for a summary, and audits the JSON as an outsider would:
no count from 1 to min_cell - 1 anywhere, and no hidden count recoverable from
the totals, the nesting and the shares (tests/disclosure_audit.py).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.trends import MEASURES, SummaryRequest, summarise, summary_json
from db.engine import get_sessionmaker, write_session
from survey.demo import ensure_demo_sites, generate_demo
from survey.publish import publish_default
from survey.submit import Submission, submit_response
from tests.conftest import _forget_engine
from tests.disclosure_audit import Published, recoverable_cells

ROOT = Path(__file__).resolve().parent.parent


def run_summary(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "summary", "--db", url, *args],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('summary') / 'demo.db'}"
    upgrade(url)
    generate_demo(get_sessionmaker(url), 500, seed=4, today=date(2026, 11, 16))
    return url


def test_json_has_min_cell_and_groups_each_with_suppressed_and_n(demo_url):
    result = run_summary(demo_url, "--from", "2026-01-01", "--to", "2026-06-30", "--site", "outreach",
                         "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["min_cell"] == 5
    assert [group["period"] for group in data["groups"]] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    for group in data["groups"]:
        assert isinstance(group["suppressed"], bool)
        if group["suppressed"]:
            assert group["n"] is None and group["label"] in ("fewer than 5", "hidden")
        else:
            assert isinstance(group["n"], int) and not 0 < group["n"] < 5
    assert data["equality"] is None and "partnership" in data["notes"][0]
    assert data["filters"] == {"sites": ["outreach"], "service": None, "contact": None}


def test_csv_gives_one_row_per_period_then_the_whole_range_and_the_one_before(demo_url):
    result = run_summary(demo_url, "--from", "2025-10-15", "--to", "2026-03-02", "--by", "quarter",
                         "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # Quarters are whole: the range widens to 2025-10 .. 2026-03.
    assert [row["period"] for row in rows] == ["2025-Q4", "2026-Q1", "total: 2025-10 to 2026-03",
                                                "previous: 2025-04 to 2025-09"]
    assert {"responses", "police_overall_n", "police_overall_share_agree", "theme_believed_n"} <= set(rows[0])
    assert int(rows[2]["responses"]) == int(rows[0]["responses"]) + int(rows[1]["responses"])


def test_json_and_the_function_agree(demo_url):
    result = run_summary(demo_url, "--from", "2025-12", "--to", "2026-11", "--service", "police",
                         "--contact", "last_month", "--format", "json")
    with get_sessionmaker(demo_url)() as session:
        direct = summary_json(summarise(session, SummaryRequest("2025-12", "2026-11", service="police",
                                                                contact="last_month"), 5))
    assert json.loads(result.stdout) == direct


def test_the_command_reads_through_core_without_loading_the_orm(demo_url):
    # The speed target (bench/bench_summary.py) rests on this: sqlalchemy.orm and the mapped
    # models cost about a quarter of a second to import, before the first query.
    probe = ("import runpy, sys\n"
             f"sys.argv = ['analysis', 'summary', '--db', {demo_url!r}, '--from', '2026-01', '--to', '2026-03']\n"
             "try:\n    runpy.run_module('analysis', run_name='__main__')\n"
             "except SystemExit as done:\n    assert not done.code, done.code\n"
             "sys.stderr.write(repr(sorted(m for m in sys.modules if m == 'sqlalchemy.orm' or m == 'db.models')))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["min_cell"] == 5
    assert result.stderr.endswith("[]"), result.stderr


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-13-01", "--to", "2026-12-01"], "is not a date"),
    (["--from", "2026-06-01", "--to", "2026-01-01"], "starts (2026-06) after it ends (2026-01)"),
])
def test_bad_periods_are_refused_clearly(demo_url, args, message):
    result = run_summary(demo_url, *args)
    assert result.returncode == 2 and message in result.stderr


def test_min_cell_comes_from_the_setting(demo_url):
    result = subprocess.run([sys.executable, "-m", "analysis", "summary", "--db", demo_url, "--from", "2026-01",
                             "--to", "2026-03"], cwd=ROOT, capture_output=True, text=True,
                            env={**__import__("os").environ, "FEEDBACK_MIN_CELL": "10"})
    data = json.loads(result.stdout)
    assert data["min_cell"] == 10
    assert all(group["n"] is None or not 0 < group["n"] < 10 for group in data["groups"])


def test_sqlite_and_postgresql_give_the_same_summary(request, tmp_path):
    from db.migrate import upgrade

    server = request.getfixturevalue("postgres_server")
    urls = [f"sqlite:///{tmp_path / 'same.db'}", server.create_database()]
    upgrade(urls[0])
    try:
        found = []
        for url in urls:
            generate_demo(get_sessionmaker(url), 150, seed=3, today=date(2026, 11, 16))
            with get_sessionmaker(url)() as session:
                found.append(summary_json(summarise(session, SummaryRequest("2025-12", "2026-11", "quarter"), 5)))
        assert found[0] == found[1]
        assert found[0]["total"]["n"] > 0
    finally:
        _forget_engine(urls[0])
        _forget_engine(urls[1])
        server.drop_database(urls[1])


# --- the property: nothing small, nothing recoverable ------------------------------------------

COMMENTS = [
    "The officer believed me straight away.",
    "Nobody kept me informed about my case.",
    "They were kind and respectful.",
    "I did not feel safe at all.",
    "Staff helped me find housing.",
    "Nothing really.",
]
MONTHS = ["2026-01", "2026-02", "2026-03"]
WEEK_OF = {"2026-01": "2026-W03", "2026-02": "2026-W07", "2026-03": "2026-W11", "2025-11": "2025-W46"}

response = st.fixed_dictionaries({
    "site": st.sampled_from(["ppu", "refuge", "outreach"]),
    "month": st.sampled_from(MONTHS + ["2025-11"]),
    "services": st.sets(st.sampled_from(["police_call", "refuge", "outreach"]), max_size=2),
    "contact": st.sampled_from([None, "last_month", "over_a_year"]),
    "police": st.sampled_from([None, 1, 4, 5]),
    "refuge": st.sampled_from([None, 2, 4]),
    "gender": st.sampled_from([None, "woman", "man"]),
    "went_well": st.sampled_from([None] + COMMENTS),
})


def answers_of(spec: dict) -> dict:
    answers: dict = {}
    if spec["services"]:
        answers["services_used"] = sorted(spec["services"])
    if spec["contact"]:
        answers["contact_when"] = spec["contact"]
    if "police_call" in spec["services"] and spec["police"]:
        answers["police_overall"] = spec["police"]
    if spec["services"] & {"refuge", "outreach"} and spec["refuge"]:
        answers["refuge_overall"] = spec["refuge"]
    if spec["gender"]:
        answers["gender"] = spec["gender"]
    if spec["went_well"]:
        answers["went_well"] = spec["went_well"]
    return answers


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory):
    from db.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    with write_session(get_sessionmaker(url)) as session:
        ensure_demo_sites(session)
        publish_default(session)
    _forget_engine(url)
    return path


def audit_summary(protected: dict, truth: dict) -> Published:
    """The JSON as an outsider reads it: cells, their nesting and sums, and what each label says."""
    m = protected["min_cell"]
    published = Published(m)
    hidden_parents: set = set()

    def add(key, shown: dict, true_n: int, parent=None, part_of=()):
        if not shown["suppressed"]:
            label = None
        elif shown["label"] == f"fewer than {m}":
            label = "small"
        elif parent in hidden_parents or any(total in hidden_parents for total in part_of):
            label = "inside"
        else:
            label = "hidden"
        if shown["suppressed"]:
            hidden_parents.add(key)
        published.add(key, true_n, shown["n"], label, parent)

    def add_share(key, shown: dict, true: dict, share_key="share"):
        """How many agreed, as the share of a shown group reveals it (attributes of `key`)."""
        n = true["n"]
        agree = round(true[share_key] * n) if n else 0
        for part, value in (("agree", agree), ("other", n - agree)):
            shown_value = None if shown[share_key] is None else (
                round(shown[share_key] * shown["n"]) if part == "agree" else shown["n"] - round(shown[share_key] * shown["n"]))
            published.add(key + (part,), value, shown_value, None if shown_value is not None else "inside", key)
        published.sums.append((key, [key + ("agree",), key + ("other",)]))

    scopes = [("total", protected["total"], truth["total"])] + [
        (g["period"], g, t) for g, t in zip(protected["groups"], truth["groups"])
    ] + [("previous", protected["previous"], truth["previous"])]
    for name, shown, true in scopes:
        part_of = () if name in ("total", "previous") else ((("total", "n"),))
        add((name, "n"), shown, true["n"], part_of=part_of)
        add((name, "commented"), shown["commented"], true["commented"]["n"], (name, "n"),
            () if name in ("total", "previous") else (("total", "commented"),))
        for q in MEASURES:
            key = (name, "q", q)
            add(key, shown["measures"][q], true["measures"][q]["n"], (name, "n"),
                () if name in ("total", "previous") else (("total", "q", q),))
            add_share(key, shown["measures"][q], true["measures"][q])
        for theme, figure in shown["themes"].items():
            key = (name, "t", theme)
            true_figure = true["themes"][theme]
            add(key, figure, true_figure["n"], (name, "commented"),
                () if name in ("total", "previous") else (("total", "t", theme),))
            for sentiment in ("positive", "negative", "neutral", "mixed"):
                true_count = round((true_figure["sentiment"] or {}).get(sentiment, 0) * true_figure["n"])
                shown_count = None if figure["sentiment"] is None else round(figure["sentiment"][sentiment] * figure["n"])
                published.add(key + (sentiment,), true_count, shown_count,
                              None if shown_count is not None else "inside", key)
            published.sums.append((key, [key + (s,) for s in ("positive", "negative", "neutral", "mixed")]))
    groups = [g["period"] for g in protected["groups"]]
    suffixes = [("n",), ("commented",)] + [("q", q) + p for q in MEASURES for p in ((), ("agree",), ("other",))] + [
        ("t", t) + p for t in protected["total"]["themes"] for p in [(), ("positive",), ("negative",), ("neutral",), ("mixed",)]]
    for suffix in suffixes:
        published.sums.append((("total",) + suffix, [(g,) + suffix for g in groups]))
    if protected["equality"] is not None:
        for field, rows in protected["equality"].items():
            true_rows = {row["value"]: row for row in truth["equality"][field]}
            for row in rows:
                key = ("eq", field, row["value"])
                add(key, row, true_rows[row["value"]]["n"], ("total", "n"), (("total", "n"),))
                for service, question in (("police", "police_overall"), ("refuge", "refuge_overall")):
                    shown, true = row[f"{service}_satisfied"], true_rows[row["value"]][f"{service}_satisfied"]
                    add(key + (service,), shown, true["n"], key, (("total", "q", question),))
                    add_share(key + (service,), shown, true)
            values = [row["value"] for row in rows]
            published.sums.append((("total", "n"), [("eq", field, v) for v in values]))
            for service, question in (("police", "police_overall"), ("refuge", "refuge_overall")):
                for part in ((), ("agree",), ("other",)):
                    published.sums.append((("total", "q", question) + part,
                                           [("eq", field, v, service) + part for v in values]))
    return published


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(responses=st.lists(response, min_size=1, max_size=45), partnership=st.booleans())
def test_no_summary_ever_shows_a_small_count_or_a_recoverable_one(empty_template, tmp_path, responses, partnership):
    path = tmp_path / f"example-{abs(hash(str(responses))) % 10**9}.db"
    shutil.copy(empty_template, path)
    url = f"sqlite:///{path}"
    factory = get_sessionmaker(url)
    try:
        with write_session(factory) as session:
            for spec in responses:
                submit_response(session, Submission("police-and-refuge", 1, spec["site"], "en", answers_of(spec)),
                                week=WEEK_OF[spec["month"]])
        request = SummaryRequest("2026-01", "2026-03", site_ids=None if partnership else ("ppu", "refuge"))
        with factory() as session:
            protected = summary_json(summarise(session, request, 5))
            truth = summary_json(summarise(session, request, 1))  # min_cell 1 suppresses nothing
    finally:
        _forget_engine(url)

    def counts(node):
        if isinstance(node, dict):
            if "n" in node and "suppressed" in node:
                yield node["n"]
            for value in node.values():
                yield from counts(value)
        elif isinstance(node, list):
            for value in node:
                yield from counts(value)

    assert not [n for n in counts(protected) if n is not None and 0 < n < 5]
    assert (protected["equality"] is None) != partnership
    published = audit_summary(protected, truth)
    for key, value in published.values.items():
        assert value is None or value == published.truth[key], f"{key}: shown {value}, really {published.truth[key]}"
    assert recoverable_cells(published) == []
