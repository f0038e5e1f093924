"""ISO weeks: the only time a response records (e.g. 2026-W03), and the month it falls in."""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> tuple[int, int]:
    """(year, week) of '2026-W03'; ValueError naming the problem otherwise."""
    match = _WEEK.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not an ISO week like 2026-W03")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text!r}: {year} has no week {week}") from None
    return year, week


def week_monday(text: str) -> date:
    year, week = parse_week(text)
    return date.fromisocalendar(year, week, 1)


def month_of_week(text: str) -> str:
    """The month holding the week's Thursday, as ISO 8601 assigns weeks to years."""
    thursday = week_monday(text) + timedelta(days=3)
    return f"{thursday.year}-{thursday.month:02d}"


def weeks_between(first: date, last: date) -> list[str]:
    """Every ISO week from the one holding `first` to the one holding `last`."""
    weeks, day = [], first - timedelta(days=first.weekday())
    while day <= last:
        weeks.append(iso_week(day))
        day += timedelta(days=7)
    return weeks
