"""What a survivor sees as she answers: skip logic across sections, hidden answers dropped."""

from datetime import date

import pytest

from survey.definition import load_default_definition
from survey.flow import shown_answers, visible_questions, visible_sections
from survey.weeks import iso_week, month_of_week, parse_week, weeks_between

DEFINITION = load_default_definition()


def section_names(answers):
    return [section.name for section in visible_sections(DEFINITION, answers)]


@pytest.mark.parametrize(
    "answers, expected",
    [
        ({}, ["your_contact", "your_words", "about_you", "sharing"]),
        ({"services_used": ["police_call"]}, ["your_contact", "police", "your_words", "about_you", "sharing"]),
        ({"services_used": ["refuge", "court"]}, ["your_contact", "police", "support", "your_words", "about_you", "sharing"]),
    ],
)
def test_sections_follow_her_answers(answers, expected):
    assert section_names(answers) == expected


def test_a_hidden_section_shows_no_questions():
    police = next(s for s in DEFINITION.sections if s.name == "police")
    assert visible_questions(DEFINITION, police, {"services_used": ["refuge"]}) == []
    assert len(visible_questions(DEFINITION, police, {"services_used": ["court"]})) == 7


def test_answers_to_questions_that_became_hidden_are_dropped():
    answers = {"services_used": ["refuge"], "police_overall": 2, "refuge_overall": 4, "gender": None, "went_well": ""}
    assert shown_answers(DEFINITION, answers) == {"services_used": ["refuge"], "refuge_overall": 4}


@pytest.mark.parametrize(
    "day, week, month",
    [
        (date(2026, 1, 14), "2026-W03", "2026-01"),
        (date(2025, 12, 29), "2026-W01", "2026-01"),  # ISO week 1 of 2026 starts in December
        (date(2027, 1, 1), "2026-W53", "2026-12"),
        (date(2026, 6, 30), "2026-W27", "2026-07"),  # Thursday of that week is in July
    ],
)
def test_iso_weeks_and_their_months(day, week, month):
    assert iso_week(day) == week
    assert month_of_week(week) == month


@pytest.mark.parametrize("bad", ["2026-W54", "2025-W53", "2026-3", "2026-W3", "", "W03-2026"])
def test_malformed_weeks_are_refused(bad):
    with pytest.raises(ValueError):
        parse_week(bad)


def test_weeks_between_covers_both_ends():
    weeks = weeks_between(date(2026, 1, 1), date(2026, 1, 20))
    assert weeks == ["2026-W01", "2026-W02", "2026-W03", "2026-W04"]
