"""Redaction rules: personal data becomes typed placeholders; what is not personal is kept."""

import pytest

from analysis.redact import redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ring me on 07700 900123 please", "ring me on [PHONE] please"),
        ("my mobile is 07700900123", "my mobile is [PHONE]"),
        ("call +44 7700 900 123 anytime", "call [PHONE] anytime"),
        ("landline +44 (0)121 496 0123.", "landline [PHONE]."),
        ("office 020 7946 0123", "office [PHONE]"),
        ("email me at jo.bloggs+1@gmail.com", "email me at [EMAIL]"),
        ("I live in B12 9ZZ now", "I live in [POSTCODE] now"),
        ("moved to b129zz last week", "moved to [POSTCODE] last week"),
        ("near wv10 6qp", "near [POSTCODE]"),
    ],
)
def test_structured_personal_data_is_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I rang 999 twice and 101 once",
        "you have to press 55 if you can't speak",
        "the National DA Helpline 0808 2000 247 was brilliant",
        "they came at 4pm and left at 2am",
    ],
)
def test_non_personal_numbers_are_kept(text):
    assert redact(text) == text


def test_existing_placeholders_survive_and_redaction_is_idempotent():
    once = redact("[NAME] gave me 07700 900123 and [PHONE]")
    assert once == "[NAME] gave me [PHONE] and [PHONE]"
    assert redact(once) == once


def test_never_raises_on_odd_input():
    assert redact("") == ""
    assert redact("\x00\ufffd((((+44") == "\x00\ufffd((((+44"
