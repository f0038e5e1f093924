"""Anonymous submission: validated against the frozen version, stored once, nothing identifying."""

import threading
import uuid

import pytest
from sqlalchemy import func, inspect, select

from analysis.pipeline import coder_version
from db.engine import write_session
from db.models import Comment, Response
from survey.definition import load_default_definition
from survey.submit import (
    InvalidResponse,
    Submission,
    clean_answers,
    clean_text,
    submit_from_device,
    submit_response,
)
from tests.conftest import stored_rows

DEFINITION = load_default_definition()
POLICE = {"services_used": ["police_call"]}


# --- pure: validation against the definition ----------------------------------------


@pytest.mark.parametrize(
    "answers, field, message",
    [
        ({"favourite_colour": "blue"}, "favourite_colour", "not a question"),
        ({"contact_when": "yesterday"}, "contact_when", "not one of its choices"),
        ({"contact_when": ["last_month"]}, "contact_when", "expected one choice"),
        ({"services_used": "police_call"}, "services_used", "expected a list"),
        ({"services_used": ["police_call", "space_station"]}, "services_used", "'space_station' is not one"),
        ({**POLICE, "police_believed": 6}, "police_believed", "outside the scale 1 to 5"),
        ({**POLICE, "police_believed": 0}, "police_believed", "outside the scale"),
        ({**POLICE, "police_believed": 2.5}, "police_believed", "whole number"),
        ({**POLICE, "police_believed": True}, "police_believed", "whole number"),
        ({**POLICE, "police_believed": "four"}, "police_believed", "whole number"),
        ({"went_well": 42}, "went_well", "expected text"),
        # Answered a question she was never shown: refuge questions need refuge or outreach.
        ({**POLICE, "refuge_overall": 5}, "refuge_overall", "only asked when"),
        ({"police_overall": 3}, "police_overall", "only asked when"),
    ],
)
def test_wrong_answers_are_refused_naming_the_question(answers, field, message):
    with pytest.raises(InvalidResponse) as caught:
        clean_answers(DEFINITION, answers)
    assert any(e.field == field and message in e.message for e in caught.value.errors), caught.value.errors


def test_every_error_is_reported_at_once():
    with pytest.raises(InvalidResponse) as caught:
        clean_answers(DEFINITION, {"gender": "cat", "age_band": "young", "nope": 1})
    assert {e.field for e in caught.value.errors} == {"gender", "age_band", "nope"}


def test_skipped_questions_are_simply_absent():
    cleaned = clean_answers(DEFINITION, {"services_used": [], "gender": None, "went_well": "   ", "age_band": ""})
    assert cleaned.choices == {} and cleaned.texts == {}


def test_an_empty_response_is_valid_because_every_question_is_optional():
    cleaned = clean_answers(DEFINITION, {})
    assert cleaned.choices == {} and cleaned.texts == {}


def test_multiple_choice_is_stored_in_survey_order_without_duplicates():
    cleaned = clean_answers(DEFINITION, {"services_used": ["refuge", "police_call", "refuge"]})
    assert cleaned.choices["services_used"] == ["police_call", "refuge"]


def test_ratings_from_text_cells_are_read_as_numbers():
    cleaned = clean_answers(DEFINITION, {**POLICE, "police_believed": " 4 "})
    assert cleaned.choices["police_believed"] == 4


def test_free_text_loses_control_characters_but_keeps_lines_and_scripts():
    assert clean_text("a\x00b\x1bc\r\nd\te\u202eevil") == "abc\nd eevil"
    assert clean_text("میں نے\u200cپولیس") == "میں نے\u200cپولیس"  # Urdu keeps its zero-width non-joiner


def test_free_text_is_capped_at_2000_characters():
    cleaned = clean_answers(DEFINITION, {"went_well": "kind " * 1000})
    assert len(cleaned.texts["went_well"]) <= 2000


def test_free_text_is_redacted_before_anything_else_sees_it():
    cleaned = clean_answers(DEFINITION, {"could_improve": "Ring me on 07700 900123 or jo@example.com, I'm at B23 6TE"})
    text = cleaned.texts["could_improve"]
    assert "07700" not in text and "example.com" not in text and "B23" not in text
    assert "[PHONE]" in text and "[EMAIL]" in text and "[POSTCODE]" in text


# --- database: SQLite and PostgreSQL -------------------------------------------------


def submission(key=None, **answers):
    return Submission("police-and-refuge", 1, "refuge", "en", answers or {"services_used": ["refuge"], "refuge_overall": 5}, key)


def count(factory, model=Response):
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_response_is_stored_with_a_random_id_and_only_the_week(factory, published):
    with write_session(factory) as session:
        stored = submit_response(session, submission(went_well="They believed me"), week="2026-W03")
    assert stored.created and uuid.UUID(stored.response_id).version == 4
    with factory() as session:
        response = session.get(Response, stored.response_id)
        assert (response.site_id, response.week, response.month, response.language) == ("refuge", "2026-W03", "2026-01", "en")
        assert response.answers == {}  # went_well alone: the text lives in comments
        comment = session.get(Comment, (stored.response_id, "went_well"))
        assert comment.text == "They believed me"
        # Coded at submission, recording the codebook that coded it.
        assert comment.themes == ["believed"] and comment.sentiment == "positive"
        assert comment.codebook_version == coder_version()


def test_no_table_can_hold_identifying_metadata(factory, published):
    forbidden = ("ip", "address", "agent", "user_agent", "session", "cookie", "device", "timestamp",
                 "created", "time", "date", "submitted_at")
    with factory() as session:
        inspector = inspect(session.get_bind())
        survivor_tables = ("responses", "comments")
        for table in survivor_tables:
            for column in inspector.get_columns(table):
                assert not any(word == column["name"] or column["name"].endswith("_" + word) for word in forbidden), (
                    f"{table}.{column['name']} could identify a survivor")
            types = {str(column["type"]).upper() for column in inspector.get_columns(table)}
            assert not any("DATE" in t or "TIME" in t for t in types), f"{table} has a date/time column"


def test_a_double_tap_stores_one_response(factory, published):
    key = str(uuid.uuid4())
    with write_session(factory) as session:
        first = submit_response(session, submission(key))
    with write_session(factory) as session:
        second = submit_response(session, submission(key))
    assert first.created and not second.created
    assert first.response_id == second.response_id
    assert count(factory) == 1


@pytest.mark.parametrize(
    "bad", [
        Submission("police-and-refuge", 1, "refuge", "en", {"services_used": ["refuge"], "police_overall": 5}),
        Submission("police-and-refuge", 1, "no-such-site", "en", {}),
        Submission("police-and-refuge", 1, "refuge", "tlh", {}),
        Submission("police-and-refuge", 99, "refuge", "en", {}),
        Submission("police-and-refuge", 1, "refuge", "en", {"went_well": "fine", "gender": "cat"}),
    ],
    ids=["irrelevant-answer", "unknown-site", "unknown-language", "unpublished-version", "one-bad-answer"],
)
def test_bad_input_stores_nothing(factory, published, bad):
    with pytest.raises(InvalidResponse):
        with write_session(factory) as session:
            submit_response(session, bad)
    assert count(factory) == 0 and count(factory, Comment) == 0


def test_answers_to_questions_she_can_no_longer_see_are_dropped_on_submit(factory, published):
    """She said police, answered police questions, then went back and chose refuge instead."""
    stored = submit_from_device(
        factory, published, site_id="refuge", language="en", submission_key=str(uuid.uuid4()),
        answers={"services_used": ["refuge"], "police_overall": 1, "refuge_overall": 4},
    )
    with factory() as session:
        assert session.get(Response, stored.response_id).answers == {"services_used": ["refuge"], "refuge_overall": 4}


def test_twenty_concurrent_submissions_lose_nothing_and_duplicate_nothing(factory, published):
    keys = [str(uuid.uuid4()) for _ in range(20)]
    results, errors = [], []
    start = threading.Barrier(40)

    def tap(key):
        try:
            start.wait()
            results.append(submit_from_device(
                factory, published, site_id="ppu", language="en", submission_key=key,
                answers={"services_used": ["police_call"], "police_overall": 4, "went_well": f"kind {key[:4]}"},
            ))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    # Every key is tapped twice at the same moment: 40 requests, 20 responses.
    threads = [threading.Thread(target=tap, args=(key,)) for key in keys for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(factory) == 20
    assert count(factory, Comment) == 20
    assert len({r.response_id for r in results}) == 20
    assert sum(r.created for r in results) == 20


def test_the_bulk_path_stores_exactly_what_one_by_one_submission_stores(factory, published, second_db_url):
    """`survey import` and `survey demo` use store_prepared; it must not differ from submit_response."""
    import random
    from datetime import date

    from db.engine import get_sessionmaker
    from survey.demo import DEMO_SITES, demo_answers, ensure_demo_sites
    from survey.publish import publish_default
    from survey.submit import prepare_response, store_prepared

    rng = random.Random(4)
    inputs = [
        (str(uuid.UUID(int=rng.getrandbits(128), version=4)), site.id,
         demo_answers(rng, site, progress=rng.random(), language="en"), f"2026-W{rng.randint(1, 40):02d}")
        for site in DEMO_SITES for _ in range(40)
    ]
    with write_session(factory) as session:
        for response_id, site_id, answers, week in inputs:
            submit_response(session, Submission("police-and-refuge", 1, site_id, "en", answers), week=week, response_id=response_id)
    bulk = get_sessionmaker(second_db_url)
    with write_session(bulk) as session:
        ensure_demo_sites(session)
        publish_default(session)
    with write_session(bulk) as session:
        store_prepared(session, [
            prepare_response(session, Submission("police-and-refuge", 1, site_id, "en", answers), week=week, response_id=response_id)
            for response_id, site_id, answers, week in inputs
        ])

    one_by_one, in_bulk = stored_rows(factory), stored_rows(bulk)
    assert len(one_by_one["responses"]) == 120 and one_by_one["comments"] and one_by_one["rollup_themes"]
    assert in_bulk == one_by_one


def test_an_import_file_with_the_same_id_twice_is_refused_naming_both_rows(factory, published, tmp_path):
    import csv

    from survey.transfer import ImportFailed, import_file

    header = ["response_id", "survey", "version", "site", "week", "language", "gender"]
    same = str(uuid.uuid4())
    with (tmp_path / "twice.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([header, [same, "police-and-refuge", "1", "ppu", "2026-W02", "en", "woman"],
                                      [same, "police-and-refuge", "1", "ppu", "2026-W02", "en", "man"]])
    with pytest.raises(ImportFailed, match="also on row 2") as caught:
        import_file(factory, tmp_path / "twice.csv")
    assert (caught.value.row, caught.value.column) == (3, "response_id")
    assert count(factory) == 0
