"""Removes personal data from survivor free text, replacing each item with a typed placeholder."""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER_KINDS = (
    "NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "DATE",
    "VEHICLE", "REFERENCE", "NI_NUMBER", "LINK",
)
_EXISTING_PLACEHOLDER = re.compile(r"\[(?:%s)\]" % "|".join(PLACEHOLDER_KINDS))


@dataclass(frozen=True)
class PersonalDataSpan:
    start: int
    end: int
    kind: str


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.uk|org\.uk|org|net|uk|io|me|ly|info)(?:/[^\s<>\"]*)?\b",
    re.IGNORECASE,
)
# Inward codes never use C, I, K, M, O or V, which keeps "4pm" and "2am" out.
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
_NI_NUMBER = re.compile(
    r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]\b",
    re.IGNORECASE,
)
# A run of digit groups that might be a phone number; validated by _phone_kind.
_DIGIT_RUN = re.compile(r"(?<![\w/.:])(?:\+[ \t]?)?\(?\d[\d \t()-]*\d(?![\w/])")
_DIGIT_GROUP = re.compile(r"\+?\(?\d+\)?")
# Freephone, non-geographic and premium numbers belong to organisations (helplines), not people.
_ORGANISATION_PREFIXES = ("080", "03", "084", "087", "09", "0500")


def _normalise_phone_digits(raw: str) -> str:
    compact = re.sub(r"\(0\)", "", raw)
    digits = re.sub(r"\D", "", compact)
    if compact.lstrip().startswith("+") and digits.startswith("44"):
        digits = "0" + digits[2:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    return digits


def _is_uk_phone(digits: str) -> bool:
    return digits.startswith("0") and (
        len(digits) == 11 or (len(digits) == 10 and digits.startswith("01"))
    )


def _phone_spans(text: str) -> list[PersonalDataSpan]:
    spans = []
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_DIGIT_GROUP.finditer(run.group()))
        index = 0
        while index < len(groups):
            found = False
            # Grow a window of groups from here until it forms a UK number or is too long.
            for last in range(index, len(groups)):
                start = run.start() + groups[index].start()
                end = run.start() + groups[last].end()
                digits = _normalise_phone_digits(text[start:end])
                if len(digits) > 11:
                    break
                if _is_uk_phone(digits):
                    if not digits.startswith(_ORGANISATION_PREFIXES):
                        spans.append(PersonalDataSpan(start, end, "PHONE"))
                    index = last + 1
                    found = True
                    break
            if not found:
                index += 1
    return spans


def _pattern_spans(pattern: re.Pattern, kind: str, text: str) -> list[PersonalDataSpan]:
    return [PersonalDataSpan(m.start(), m.end(), kind) for m in pattern.finditer(text)]


def find_personal_data(text: str) -> list[PersonalDataSpan]:
    """Non-overlapping personal-data spans in text, in order."""
    protected = [(m.start(), m.end()) for m in _EXISTING_PLACEHOLDER.finditer(text)]
    candidates = (
        _pattern_spans(_EMAIL, "EMAIL", text)
        + _pattern_spans(_LINK, "LINK", text)
        + _pattern_spans(_NI_NUMBER, "NI_NUMBER", text)
        + _pattern_spans(_POSTCODE, "POSTCODE", text)
        + _phone_spans(text)
    )
    return _resolve_overlaps(candidates, protected)


def _resolve_overlaps(
    candidates: list[PersonalDataSpan], protected: list[tuple[int, int]]
) -> list[PersonalDataSpan]:
    # Earlier detectors win ties; otherwise the earliest, then the longest, span wins.
    order = {id(span): rank for rank, span in enumerate(candidates)}
    ordered = sorted(candidates, key=lambda s: (s.start, -(s.end - s.start), order[id(s)]))
    chosen: list[PersonalDataSpan] = []
    for span in ordered:
        if any(span.start < p_end and p_start < span.end for p_start, p_end in protected):
            continue
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def redact(text: str) -> str:
    """Text with personal data replaced by typed placeholders such as [NAME] or [PHONE]."""
    try:
        if not isinstance(text, str) or not text:
            return text if isinstance(text, str) else ""
        pieces = []
        cursor = 0
        for span in find_personal_data(text):
            pieces.append(text[cursor:span.start])
            pieces.append(f"[{span.kind}]")
            cursor = span.end
        pieces.append(text[cursor:])
        return "".join(pieces)
    except Exception:  # noqa: BLE001 - a redaction failure must never leak the original text
        return "[REDACTION FAILED]"
