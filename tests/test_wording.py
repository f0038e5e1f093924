"""The survey's words: plain English (reading age about 9) and complete draft translations."""

import re

import pytest
import textstat

from survey.definition import iter_labels, load_default_definition
from survey.screens import SIGNPOSTS

DEFINITION = load_default_definition()
TRANSLATIONS = ("pl", "ur", "pa")


def as_sentences(texts):
    """Each label read as a sentence (a bare choice such as "Agree" gets a full stop)."""
    return " ".join(text.strip() if text.strip()[-1] in ".?!:" else text.strip() + "." for text in texts)


def grade(texts):
    return textstat.flesch_kincaid_grade(as_sentences(texts))


def screen_texts(section):
    """What one screen shows, each distinct text once (a rating scale is read once)."""
    texts = [section.title["en"], *([section.intro["en"]] if section.intro else [])]
    for question in section.questions:
        texts += [question.label["en"], *([question.hint["en"]] if question.hint else [])]
        texts += [choice.label["en"] for choice in question.choices]
    if any(question.type == "rating" for question in section.questions):
        texts += [DEFINITION.ui_text("prefer_not_to_say", "en"), DEFINITION.ui_text("does_not_apply", "en")]
    return list(dict.fromkeys(texts))


def test_the_whole_english_survey_reads_at_grade_5_or_below():
    texts = [label["en"] for _, label in iter_labels(DEFINITION)]
    assert len(texts) > 100
    assert grade(texts) <= 5


@pytest.mark.parametrize("section", DEFINITION.sections, ids=lambda section: section.name)
def test_every_screen_reads_at_grade_5_or_below(section):
    assert grade(screen_texts(section)) <= 5


def test_welcome_and_thank_you_screens_read_at_grade_5_or_below():
    welcome = ["welcome_title", "welcome_body", "welcome_anonymous", "welcome_skip", "welcome_exit"]
    thanks = ["thanks_title", "thanks_body", "help_title", *SIGNPOSTS, "help_site"]
    for keys in (welcome, thanks):
        assert grade([DEFINITION.ui_text(key, "en", seconds=20) for key in keys]) <= 5


def test_the_reading_check_would_catch_official_wording():
    """The measure is not so lenient that anything passes."""
    officialese = [
        "Please indicate the extent to which the investigating officers demonstrated procedural "
        "justice considerations throughout the safeguarding intervention.",
        "Respondents may optionally disclose demographic characteristics for equality monitoring purposes.",
    ]
    assert grade(officialese) > 5


def test_polish_urdu_and_punjabi_are_offered_as_drafts_urdu_right_to_left():
    languages = {language.code: language for language in DEFINITION.languages}
    assert list(languages) == ["en", "pl", "ur", "pa"]
    assert not languages["en"].draft
    assert all(languages[code].draft for code in TRANSLATIONS)
    assert languages["ur"].direction == "rtl"
    assert {code: languages[code].direction for code in ("en", "pl", "pa")} == dict.fromkeys(("en", "pl", "pa"), "ltr")


def test_every_label_and_interface_text_is_translated():
    missing = [
        f"{field}.{code}" for field, label in iter_labels(DEFINITION) for code in TRANSLATIONS
        if not label.get(code, "").strip()
    ]
    assert missing == []


def test_translations_are_in_their_own_script():
    scripts = {"ur": "[\u0600-\u06ff]", "pa": "[\u0a00-\u0a7f]"}
    for field, label in iter_labels(DEFINITION):
        for code, pattern in scripts.items():
            assert re.search(pattern, label[code]), f"{field}.{code} is not in its script: {label[code]!r}"


def test_placeholders_and_phone_numbers_survive_translation():
    for key, label in DEFINITION.texts.items():
        placeholders = set(re.findall(r"\{\w+\}", label["en"]))
        numbers = set(re.findall(r"\d[\d ]*\d|\d", label["en"]))
        for code in TRANSLATIONS:
            assert set(re.findall(r"\{\w+\}", label[code])) == placeholders, f"texts.{key}.{code}"
            for number in numbers:
                assert number in label[code], f"texts.{key}.{code} lost {number}"
