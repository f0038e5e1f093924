"""Rollups: submission keeps them exactly as a rebuild from the stored rows would make them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import text

from analysis.pipeline import CommentCoding
from db.engine import get_engine, get_sessionmaker, write_session
from db.migrate import upgrade
from db.rollup import combined_sentiment, rebuild_rollups, record_coding, service_groups
from survey.demo import generate_demo
from survey.submit import Submission, submit_response

ROOT = Path(__file__).resolve().parent.parent
DERIVED = ("rollup_responses", "rollup_ratings", "rollup_themes", "rollup_equality", "comment_themes")


def derived(factory) -> dict[str, list[tuple]]:
    with factory() as session:
        return {table: sorted(map(tuple, session.execute(text(f"SELECT * FROM {table}")).all()))
                for table in DERIVED}


def test_submissions_keep_the_rollups_equal_to_a_rebuild(factory):
    generate_demo(factory, 300, seed=5, today=date(2026, 11, 16))
    kept = derived(factory)
    assert kept["rollup_responses"] and kept["rollup_themes"] and kept["comment_themes"]
    with write_session(factory) as session:
        assert rebuild_rollups(session) == 300
    assert derived(factory) == kept
    with factory() as session:
        assert session.execute(text("SELECT SUM(n) FROM rollup_responses")).scalar() == 300


def test_one_response_lands_in_its_month_site_services_and_contact(factory, published):
    answers = {
        "services_used": ["police_call", "refuge"], "contact_when": "last_month", "police_overall": 5,
        "police_believed": 2, "refuge_overall": 4, "gender": "woman",
        "went_well": "The staff believed me and kept me informed.",
    }
    with write_session(factory) as session:
        stored = submit_response(session, Submission("police-and-refuge", 1, "refuge", "en", answers), week="2026-W03")
    rows = derived(factory)
    assert rows["rollup_responses"] == [("2026-01", "refuge", 1 | 2, "last_month", 1, 1)]
    ratings = {row[4]: row[5:] for row in rows["rollup_ratings"]}
    assert ratings == {"police_overall": (1, 1), "police_believed": (1, 0), "refuge_overall": (1, 1)}
    equality = {(row[3], row[4]): row[5:] for row in rows["rollup_equality"]}
    assert equality[("gender", "woman")] == (1, 1, 1, 1, 1)
    assert equality[("age_band", "")] == (1, 1, 1, 1, 1)  # not answered is counted too
    # Whatever the coder found in her comment is counted once per theme, for her month, site and services.
    coded = {row[2] for row in rows["comment_themes"]}
    assert "believed" in coded
    assert {row[4] for row in rows["rollup_themes"]} == coded
    assert {row[:4] + (row[6],) for row in rows["rollup_themes"]} == {("2026-01", "refuge", 1 | 2, "last_month", 1)}
    assert {row[0] for row in rows["comment_themes"]} == {stored.response_id}


def recode(session, response_id, question, coding):
    """What analysis enrich does for one comment: store the coding, then record it."""
    session.execute(
        text("UPDATE comments SET themes = :themes, theme_sentiments = :sentiments "
             "WHERE response_id = :id AND question = :question"),
        {"themes": json.dumps(list(coding.themes)), "sentiments": json.dumps(coding.theme_sentiments),
         "id": response_id, "question": question},
    )
    record_coding(session, response_id, question, coding)


def test_a_theme_in_both_comments_counts_one_person_with_mixed_feeling(factory, published):
    answers = {"went_well": "They believed me.", "could_improve": "Nobody believed me at first."}
    with write_session(factory) as session:
        stored = submit_response(session, Submission("police-and-refuge", 1, "ppu", "en", answers), week="2026-W10")
        positive = CommentCoding(("believed",), "positive", 0.5, {"believed": "positive"}, "test")
        negative = CommentCoding(("believed",), "negative", -0.5, {"believed": "negative"}, "test")
        recode(session, stored.response_id, "went_well", positive)
        recode(session, stored.response_id, "could_improve", negative)
    themes = [(row[4], row[5], row[6]) for row in derived(factory)["rollup_themes"] if row[4] == "believed"]
    assert themes == [("believed", "mixed", 1)]
    # Recoding one comment (analysis enrich) moves the person, never double-counts her.
    with write_session(factory) as session:
        recode(session, stored.response_id, "could_improve", CommentCoding((), "neutral", 0.0, {}, "test"))
    themes = [(row[4], row[5], row[6]) for row in derived(factory)["rollup_themes"] if row[4] == "believed"]
    assert themes == [("believed", "positive", 1)]
    kept = derived(factory)
    with write_session(factory) as session:
        rebuild_rollups(session)
    assert derived(factory)["rollup_themes"] == kept["rollup_themes"]


def test_enrich_recoding_keeps_comment_themes_and_rollups_consistent(factory):
    from analysis.pipeline import enrich_comments

    generate_demo(factory, 60, seed=8, today=date(2026, 11, 16))
    with write_session(factory) as session:
        session.execute(text("UPDATE comments SET codebook_version = 'old'"))
    enrich_comments(factory, recode_all=True)
    kept = derived(factory)
    with write_session(factory) as session:
        rebuild_rollups(session)
    assert derived(factory) == kept


def test_combined_sentiment_and_service_groups():
    assert combined_sentiment(["positive", "neutral"]) == "positive"
    assert combined_sentiment(["positive", "negative"]) == "mixed"
    assert combined_sentiment(["neutral", "neutral"]) == "neutral"
    assert combined_sentiment(["mixed"]) == "mixed"
    assert service_groups(0) == 0
    assert service_groups(1 | 16) == 1          # police call and court: police
    assert service_groups(32 | 64 | 128) == 2 | 4  # refuge, outreach ("other" is in no group)


def test_a_populated_database_from_revision_0001_gets_its_rollups_on_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    factory = get_sessionmaker(url)
    # What the foundation stored before rollups existed.
    with get_engine(url).begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations VALUES ('haven', 'Haven')"))
        connection.execute(text(
            "INSERT INTO sites VALUES ('refuge', 'Haven House', 'refuge', 'haven', '')"))
        connection.execute(text(
            "INSERT INTO survey_versions VALUES ('police-and-refuge', 1, 'x', '{}')"))
        connection.execute(text(
            "INSERT INTO responses VALUES ('6f1c2b1e-2f4a-4c1e-9d3a-0b9b8f1e2a11', 'police-and-refuge', 1, 'refuge', "
            "'2026-W03', '2026-01', 'en', 32, '{\"refuge_overall\": 5, \"contact_when\": \"last_month\"}', NULL)"))
        connection.execute(text(
            "INSERT INTO comments VALUES ('6f1c2b1e-2f4a-4c1e-9d3a-0b9b8f1e2a11', 'went_well', 'Kind staff.', "
            "'[\"respect\"]', '{\"respect\": \"positive\"}', 'positive', 0.6, 'v1')"))
    upgrade(url)
    rows = derived(factory)
    assert rows["rollup_responses"] == [("2026-01", "refuge", 2, "last_month", 1, 1)]
    assert rows["rollup_ratings"] == [("2026-01", "refuge", 2, "last_month", "refuge_overall", 1, 1)]
    assert rows["rollup_themes"] == [("2026-01", "refuge", 2, "last_month", "respect", "positive", 1)]
    assert rows["comment_themes"] == [("6f1c2b1e-2f4a-4c1e-9d3a-0b9b8f1e2a11", "went_well", "respect", "positive")]


def test_cli_rebuild_rollups(sqlite_url):
    factory = get_sessionmaker(sqlite_url)
    generate_demo(factory, 40, seed=2, today=date(2026, 11, 16))
    kept = derived(factory)
    with write_session(factory) as session:
        session.execute(text("DELETE FROM rollup_ratings"))
    result = subprocess.run([sys.executable, "-m", "db", "rebuild-rollups", "--db", sqlite_url],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "from 40 responses" in result.stdout
    assert derived(factory) == kept
