"""Dashboard figures: GROUP BY over the rollups in the database, then disclosure control.

`summarise` is the one source of the dashboard's numbers and of
`python -m analysis summary`: responses, the share satisfied and agreeing per
rating, themes and their sentiment, per month or quarter over a range, for the
range as a whole and for the range before it, with changes and 95% intervals,
and equality breakdowns at partnership level only. Every count passes one
DisclosureTable, so nothing in one summary can be subtracted out of another
part of it.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Mapping

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from analysis.disclosure import Cell, DisclosureTable, difference_interval, wilson_interval
from db.tables import (
    EQUALITY_FIELDS,
    SATISFACTION_QUESTIONS,
    SENTIMENTS,
    SERVICE_GROUP_BITS,
    rollup_equality,
    rollup_ratings,
    rollup_responses,
    rollup_themes,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    # Reads go through Core: a Session (the pages) or a bare Connection (the command) both serve.
    Reader = Session | Connection

BY_CHOICES = ("month", "quarter")
SERVICES = tuple(SERVICE_GROUP_BITS)
CONTACT_TYPES = {
    "last_month": "In the last month",
    "one_to_three_months": "1 to 3 months ago",
    "three_to_twelve_months": "3 to 12 months ago",
    "over_a_year": "More than a year ago",
    "prefer_not_to_say": "Rather not say",
}
# Rating questions of the default survey, with the short names charts and tables use.
MEASURES = {
    "police_overall": "Satisfied with the police",
    "police_easy_to_contact": "Police easy to contact",
    "police_believed": "Police believed me",
    "police_respect": "Police treated me with respect",
    "police_kept_informed": "Police kept me informed",
    "police_options_explained": "Police explained my choices",
    "police_feel_safer": "Safer after police help",
    "refuge_overall": "Satisfied with refuge or outreach",
    "refuge_believed": "Staff believed me",
    "refuge_respect": "Staff treated me with respect",
    "refuge_feel_safer": "Felt safer (refuge or outreach)",
    "refuge_practical_help": "Got practical help",
    "refuge_listened": "Staff listened to me",
}
# The equality questions' choices (DESIGN.md), with short labels for tables.
EQUALITY_CHOICES = {
    "age_band": {"16_24": "16 to 24", "25_34": "25 to 34", "35_44": "35 to 44", "45_54": "45 to 54",
                 "55_64": "55 to 64", "65_plus": "65 or older", "prefer_not_to_say": "Rather not say"},
    "gender": {"woman": "Woman", "man": "Man", "non_binary": "Non-binary", "prefer_not_to_say": "Rather not say"},
    "ethnic_group": {"asian": "Asian or Asian British", "black": "Black, Black British, Caribbean or African",
                     "mixed": "Mixed or multiple", "white": "White", "other": "Another group",
                     "prefer_not_to_say": "Rather not say"},
    "disability": {"yes": "Yes", "no": "No", "prefer_not_to_say": "Rather not say"},
    "children_in_household": {"yes": "Yes", "no": "No", "prefer_not_to_say": "Rather not say"},
}
EQUALITY_LABELS = {
    "age_band": "Age", "gender": "Gender", "ethnic_group": "Ethnic group",
    "disability": "Disability or long-term health problem", "children_in_household": "Children at home",
}
NOT_ANSWERED = "Not answered"

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


class InvalidRequest(ValueError):
    """A summary was asked for with filters that make no sense; the message says which."""


# --- periods ----------------------------------------------------------------------


def month_of(value: str | date) -> str:
    """'2026-01' from a date, '2026-01-15' or '2026-01'."""
    if isinstance(value, date):
        return f"{value.year}-{value.month:02d}"
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidRequest(f"{value!r} is not a date like 2026-01-31 or a month like 2026-01")
    if match.group(3):
        try:
            date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError as error:
            raise InvalidRequest(f"{value!r}: {error}") from None
    return f"{match.group(1)}-{match.group(2)}"


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    return [_month(i) for i in range(_index(first), _index(last) + 1)]


def add_months(month: str, count: int) -> str:
    return _month(_index(month) + count)


def quarter_of(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def quarter_months(quarter: str) -> tuple[str, str]:
    year, number = int(quarter[:4]), int(quarter[-1])
    return f"{year}-{3 * number - 2:02d}", f"{year}-{3 * number:02d}"


def period_of(month: str, by: str) -> str:
    return month if by == "month" else quarter_of(month)


# --- the request ---------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRequest:
    """What to summarise: months `start` to `end` (inclusive), grouped by month or quarter."""

    start: str
    end: str
    by: str = "month"
    # None: every site (the partnership); otherwise only these sites.
    site_ids: tuple[str, ...] | None = None
    service: str | None = None   # police, refuge or outreach
    contact: str | None = None   # a contact_when answer
    # The months to compare with (first, last), ending before `start`; None: the same number just before.
    compare: tuple[str, str] | None = None

    def normalised(self) -> "SummaryRequest":
        """Checked, with whole quarters when grouping by quarter."""
        start, end = month_of(self.start), month_of(self.end)
        if self.by not in BY_CHOICES:
            raise InvalidRequest(f"--by must be month or quarter, not {self.by!r}")
        if start > end:
            raise InvalidRequest(f"the period starts ({start}) after it ends ({end})")
        if self.by == "quarter":
            start, end = quarter_months(quarter_of(start))[0], quarter_months(quarter_of(end))[1]
        if _index(end) - _index(start) >= 120:
            raise InvalidRequest("a summary covers at most ten years")
        if self.service is not None and self.service not in SERVICES:
            raise InvalidRequest(f"service must be one of {', '.join(SERVICES)}, not {self.service!r}")
        if self.contact is not None and self.contact not in CONTACT_TYPES:
            raise InvalidRequest(f"contact type must be one of {', '.join(CONTACT_TYPES)}, not {self.contact!r}")
        sites = None if self.site_ids is None else tuple(sorted(set(self.site_ids)))
        compare = None
        if self.compare is not None:
            compare = (month_of(self.compare[0]), month_of(self.compare[1]))
            if compare[0] > compare[1]:
                raise InvalidRequest(f"the comparison period starts ({compare[0]}) after it ends ({compare[1]})")
            if compare[1] >= start:
                raise InvalidRequest(f"the comparison period must end before the period starts ({start})")
            if _index(end) - _index(compare[0]) >= 120:
                raise InvalidRequest("a summary and its comparison cover at most ten years")
        return replace(self, start=start, end=end, site_ids=sites, compare=compare)

    @property
    def months(self) -> list[str]:
        return months_between(self.start, self.end)

    @property
    def previous(self) -> tuple[str, str]:
        """The comparison period: as asked, or the same number of months just before."""
        if self.compare is not None:
            return self.compare
        length = len(self.months)
        return add_months(self.start, -length), add_months(self.start, -1)

    @property
    def partnership_level(self) -> bool:
        return self.site_ids is None


# --- the figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """How many answered (`cell`), and the share of them who agreed or were satisfied."""

    cell: Cell
    share: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class ThemeFigure:
    cell: Cell                      # responses whose comments mention the theme
    share: float | None             # of responses with a comment
    sentiments: dict[str, float] | None  # share of those mentioning it, per sentiment


@dataclass(frozen=True)
class GroupFigures:
    period: str
    first_month: str
    last_month: str
    responses: Cell
    commented: Cell
    measures: dict[str, Share]
    themes: dict[str, ThemeFigure]


@dataclass(frozen=True)
class Change:
    """Change from the previous range to this one: a difference in share with its 95% interval."""

    difference: float
    low: float
    high: float

    @property
    def direction(self) -> str:
        if self.low > 0:
            return "up"
        if self.high < 0:
            return "down"
        return "no clear change"


@dataclass(frozen=True)
class EqualityRow:
    value: str
    label: str
    cell: Cell
    police: Share
    refuge: Share


@dataclass(frozen=True)
class Summary:
    request: SummaryRequest
    min_cell: int
    groups: list[GroupFigures]
    total: GroupFigures
    previous: GroupFigures
    changes: dict[str, Change]
    theme_changes: dict[str, Change]
    theme_labels: dict[str, str]
    # Only at partnership level (no site filter); None otherwise.
    equality: dict[str, list[EqualityRow]] | None = None
    notes: list[str] = field(default_factory=list)

    def label(self, cell: Cell) -> str:
        return cell.label(self.min_cell)


# --- reading the rollups -------------------------------------------------------------


@dataclass
class Counts:
    """Raw counts for one month (or several added up), before disclosure control."""

    n: int = 0
    commented: int = 0
    ratings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    themes: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: dict.fromkeys(SENTIMENTS, 0)))

    def add(self, other: "Counts") -> None:
        self.n += other.n
        self.commented += other.commented
        for question, (answered, agree) in other.ratings.items():
            self.ratings[question][0] += answered
            self.ratings[question][1] += agree
        for theme, sentiments in other.themes.items():
            for sentiment, count in sentiments.items():
                self.themes[theme][sentiment] += count


def _where(table, request: SummaryRequest, first: str, last: str, *, sites: bool = True) -> list:
    c = table.c
    conditions = [c.month >= first, c.month <= last]
    if sites and request.site_ids is not None:
        conditions.append(c.site_id.in_(request.site_ids))
    if request.service is not None:
        conditions.append(c.service_groups.op("&")(SERVICE_GROUP_BITS[request.service]) != 0)
    if request.contact is not None:
        conditions.append(c.contact_when == request.contact)
    return conditions


def _read_months(reader: Reader, request: SummaryRequest, first: str, last: str) -> dict[str, Counts]:
    months: dict[str, Counts] = defaultdict(Counts)
    r = rollup_responses.c
    for month, n, commented in reader.execute(
        select(r.month, func.sum(r.n), func.sum(r.commented))
        .where(*_where(rollup_responses, request, first, last))
        .group_by(r.month)
    ):
        months[month].n, months[month].commented = int(n), int(commented)
    r = rollup_ratings.c
    for month, question, answered, agree in reader.execute(
        select(r.month, r.question, func.sum(r.answered), func.sum(r.agree))
        .where(*_where(rollup_ratings, request, first, last))
        .group_by(r.month, r.question)
    ):
        months[month].ratings[question] = [int(answered), int(agree)]
    r = rollup_themes.c
    for month, theme, sentiment, n in reader.execute(
        select(r.month, r.theme, r.sentiment, func.sum(r.n))
        .where(*_where(rollup_themes, request, first, last))
        .group_by(r.month, r.theme, r.sentiment)
    ):
        months[month].themes[theme][sentiment] = int(n)
    return months


def _read_equality(reader: Reader, request: SummaryRequest) -> dict[str, dict[str, list[int]]]:
    """{field: {value: [n, police answered, police agree, refuge answered, refuge agree]}}."""
    r = rollup_equality.c
    found: dict[str, dict[str, list[int]]] = {name: {} for name in EQUALITY_FIELDS}
    for name, value, *counts in reader.execute(
        select(r.field, r.value, func.sum(r.n), func.sum(r.police_answered),
               func.sum(r.police_agree), func.sum(r.refuge_answered), func.sum(r.refuge_agree))
        .where(*_where(rollup_equality, request, request.start, request.end, sites=False))
        .group_by(r.field, r.value)
    ):
        if name in found:
            found[name][value] = [int(count) for count in counts]
    return found


# --- building the protected summary ----------------------------------------------------


def _add_scope(table: DisclosureTable, scope: str, counts: Counts, themes: tuple[str, ...]) -> None:
    table.add((scope, "n"), counts.n)
    table.add((scope, "commented"), counts.commented, parent=(scope, "n"))
    for question in MEASURES:
        answered, agree = counts.ratings.get(question, (0, 0))
        _add_share(table, (scope, "q", question), answered, agree, parent=(scope, "n"))
    for theme in themes:
        sentiments = counts.themes.get(theme, dict.fromkeys(SENTIMENTS, 0))
        key = (scope, "t", theme)
        table.add(key, sum(sentiments.values()), parent=(scope, "commented"))
        for sentiment in SENTIMENTS:
            table.add(key + (sentiment,), sentiments.get(sentiment, 0), parent=key, attribute=True)
        table.add_sum(key, [key + (sentiment,) for sentiment in SENTIMENTS])


def _add_share(table: DisclosureTable, key: tuple, answered: int, agree: int, parent: tuple) -> None:
    table.add(key, answered, parent=parent)
    table.add(key + ("agree",), agree, parent=key, attribute=True)
    table.add(key + ("other",), answered - agree, parent=key, attribute=True)
    table.add_sum(key, [key + ("agree",), key + ("other",)])


def _share(table: DisclosureTable, key: tuple) -> Share:
    cell = table.cell(key)
    if cell.suppressed or not cell.n:
        return Share(cell, None, None, None)
    agree = table.cell(key + ("agree",)).n
    low, high = wilson_interval(agree, cell.n)
    return Share(cell, agree / cell.n, low, high)


def _group(table: DisclosureTable, scope: str, period: str, first: str, last: str,
           themes: tuple[str, ...]) -> GroupFigures:
    commented = table.cell((scope, "commented"))
    theme_figures = {}
    for theme in themes:
        key = (scope, "t", theme)
        cell = table.cell(key)
        if cell.suppressed or commented.suppressed or not commented.n:
            theme_figures[theme] = ThemeFigure(cell, None, None)
            continue
        sentiments = (
            {sentiment: table.cell(key + (sentiment,)).n / cell.n for sentiment in SENTIMENTS} if cell.n else None
        )
        theme_figures[theme] = ThemeFigure(cell, cell.n / commented.n, sentiments)
    return GroupFigures(
        period, first, last, table.cell((scope, "n")), commented,
        {question: _share(table, (scope, "q", question)) for question in MEASURES}, theme_figures,
    )


def _change(table: DisclosureTable, now_key: tuple, before_key: tuple, part: str) -> Change | None:
    now, before = table.cell(now_key), table.cell(before_key)
    if now.suppressed or before.suppressed or not now.n or not before.n:
        return None
    k1, k0 = table.cell(now_key + (part,)).n, table.cell(before_key + (part,)).n
    return Change(*difference_interval(k1, now.n, k0, before.n))


def _theme_change(table: DisclosureTable, theme: str) -> Change | None:
    cells = [table.cell(key) for key in (("total", "t", theme), ("total", "commented"),
                                          ("previous", "t", theme), ("previous", "commented"))]
    if any(cell.suppressed for cell in cells) or not cells[1].n or not cells[3].n:
        return None
    return Change(*difference_interval(cells[0].n, cells[1].n, cells[2].n, cells[3].n))


@functools.lru_cache(maxsize=1)
def _theme_labels() -> tuple[tuple[str, str], ...]:
    import yaml

    from analysis.themes import CODEBOOK_PATH

    # libyaml's loader when present: the command line should not spend its time parsing.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(CODEBOOK_PATH.read_text(encoding="utf-8"), Loader=loader)
    return tuple((theme_id, spec["label"]) for theme_id, spec in raw["themes"].items())


def theme_labels() -> dict[str, str]:
    """Codebook theme ids, in codebook order, with their labels."""
    return dict(_theme_labels())


def summarise(reader: Reader, request: SummaryRequest, min_cell: int) -> Summary:
    """Every figure for `request`, after disclosure control, read by a Session or a Connection."""
    request = request.normalised()
    months = _read_months(reader, request, request.previous[0], request.end)
    equality = _read_equality(reader, request) if request.partnership_level else None
    return summary_from_counts(request, min_cell, months, equality)


def summary_from_counts(
    request: SummaryRequest,
    min_cell: int,
    months: Mapping[str, "Counts"],
    equality_counts: Mapping[str, Mapping[str, list[int]]] | None,
) -> Summary:
    """The protected summary from raw counts per month (however they were counted)."""
    request = request.normalised()
    labels = theme_labels()
    themes = tuple(labels)
    previous_first, previous_last = request.previous

    periods: dict[str, list[str]] = defaultdict(list)
    for month in request.months:
        periods[period_of(month, request.by)].append(month)
    table = DisclosureTable(min_cell)
    scoped: dict[str, Counts] = {}
    for period, members in periods.items():
        counts = Counts()
        for month in members:
            counts.add(months.get(month, Counts()))
        scoped[period] = counts
    total = Counts()
    for counts in scoped.values():
        total.add(counts)
    previous = Counts()
    for month in months_between(previous_first, previous_last):
        previous.add(months.get(month, Counts()))

    _add_scope(table, "total", total, themes)
    for period, counts in scoped.items():
        _add_scope(table, period, counts, themes)
    _add_scope(table, "previous", previous, themes)
    # The range's totals are the sums of its periods.
    for suffix in [("n",), ("commented",)] + [
        ("q", question) + part for question in MEASURES for part in ((), ("agree",), ("other",))
    ] + [("t", theme) + part for theme in themes for part in [()] + [(s,) for s in SENTIMENTS]]:
        table.add_sum(("total",) + suffix, [(period,) + suffix for period in periods])

    choices = EQUALITY_CHOICES
    if equality_counts is not None:
        for name, by_value in equality_counts.items():
            values = list(choices[name]) + [""] + sorted(set(by_value) - set(choices[name]) - {""})
            for value in values:
                n, police_answered, police_agree, refuge_answered, refuge_agree = by_value.get(value, [0] * 5)
                key = ("equality", name, value)
                table.add(key, n, parent=("total", "n"))
                _add_share(table, key + ("police",), police_answered, police_agree, parent=key)
                _add_share(table, key + ("refuge",), refuge_answered, refuge_agree, parent=key)
            table.add_sum(("total", "n"), [("equality", name, value) for value in values])
            for service, question in SATISFACTION_QUESTIONS.items():
                for part in ((), ("agree",), ("other",)):
                    table.add_sum(("total", "q", question) + part,
                                  [("equality", name, value, service) + part for value in values])

    table.protect()
    groups = [
        _group(table, period, period, members[0], members[-1], themes) for period, members in periods.items()
    ]
    equality = None
    if equality_counts is not None:
        equality = {}
        for name, by_value in equality_counts.items():
            values = list(choices[name]) + [""] + sorted(set(by_value) - set(choices[name]) - {""})
            equality[name] = [
                EqualityRow(
                    value, choices[name].get(value, NOT_ANSWERED if value == "" else value),
                    table.cell(("equality", name, value)),
                    _share(table, ("equality", name, value, "police")),
                    _share(table, ("equality", name, value, "refuge")),
                )
                for value in values
            ]
    notes = []
    if not request.partnership_level:
        notes.append("Equality breakdowns are shown for the whole partnership only, never for a site.")
    return Summary(
        request=request,
        min_cell=min_cell,
        groups=groups,
        total=_group(table, "total", f"{request.start} to {request.end}", request.start, request.end, themes),
        previous=_group(table, "previous", f"{previous_first} to {previous_last}", previous_first,
                        previous_last, themes),
        changes={question: change for question in MEASURES
                 if (change := _change(table, ("total", "q", question), ("previous", "q", question), "agree"))},
        theme_changes={theme: change for theme in themes if (change := _theme_change(table, theme))},
        theme_labels=labels,
        equality=equality,
        notes=notes,
    )


def available_months(reader: Reader) -> tuple[str, str] | None:
    """The first and last month holding any response, or None for an empty database."""
    r = rollup_responses.c
    first, last = reader.execute(select(func.min(r.month), func.max(r.month))).one()
    return None if first is None else (first, last)


def data_version(reader: Reader) -> tuple[int, int]:
    """Changes whenever a response is stored or a comment recoded: part of the dashboards' cache key."""
    responses = reader.scalar(select(func.coalesce(func.sum(rollup_responses.c.n), 0)))
    themes = reader.scalar(select(func.coalesce(func.sum(rollup_themes.c.n), 0)))
    return int(responses), int(themes)


# --- output for the command line --------------------------------------------------------


def _cell_json(cell: Cell, min_cell: int) -> dict[str, Any]:
    return {"suppressed": cell.suppressed, "n": cell.n, "label": cell.label(min_cell)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _share_json(share: Share, min_cell: int) -> dict[str, Any]:
    return _cell_json(share.cell, min_cell) | {
        "share": _rounded(share.share), "ci_low": _rounded(share.low), "ci_high": _rounded(share.high),
    }


def _group_json(group: GroupFigures, min_cell: int) -> dict[str, Any]:
    return {
        "period": group.period,
        "first_month": group.first_month,
        "last_month": group.last_month,
        **_cell_json(group.responses, min_cell),
        "commented": _cell_json(group.commented, min_cell),
        "measures": {question: _share_json(share, min_cell) for question, share in group.measures.items()},
        "themes": {
            theme: _cell_json(figure.cell, min_cell) | {
                "share_of_commented": _rounded(figure.share),
                "sentiment": None if figure.sentiments is None
                else {key: _rounded(value) for key, value in figure.sentiments.items()},
            }
            for theme, figure in group.themes.items()
        },
    }


def _change_json(change: Change) -> dict[str, Any]:
    return {"difference": _rounded(change.difference), "ci_low": _rounded(change.low),
            "ci_high": _rounded(change.high), "direction": change.direction}


def summary_json(summary: Summary) -> dict[str, Any]:
    request = summary.request
    m = summary.min_cell
    return {
        "min_cell": m,
        "from": request.start,
        "to": request.end,
        "by": request.by,
        "filters": {"sites": None if request.site_ids is None else list(request.site_ids),
                    "service": request.service, "contact": request.contact},
        "groups": [_group_json(group, m) for group in summary.groups],
        "total": _group_json(summary.total, m),
        "previous": _group_json(summary.previous, m),
        "changes": {question: _change_json(change) for question, change in summary.changes.items()},
        "theme_changes": {theme: _change_json(change) for theme, change in summary.theme_changes.items()},
        "equality": None if summary.equality is None else {
            name: [{"value": row.value, **_cell_json(row.cell, m), "police_satisfied": _share_json(row.police, m),
                    "refuge_satisfied": _share_json(row.refuge, m)} for row in rows]
            for name, rows in summary.equality.items()
        },
        "notes": summary.notes,
    }


def summary_csv_rows(summary: Summary) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per period, then the whole range and the range before, as a spreadsheet would want them."""
    m = summary.min_cell
    columns = ["period", "first_month", "last_month", "suppressed", "responses", "with_comment"]
    for question in MEASURES:
        columns += [f"{question}_n", f"{question}_share_agree"]
    for theme in summary.theme_labels:
        columns += [f"theme_{theme}_n"]
    rows = []
    for kind, group in [("group", g) for g in summary.groups] + [("total", summary.total), ("previous", summary.previous)]:
        row = {
            "period": group.period if kind == "group" else f"{kind}: {group.period}",
            "first_month": group.first_month, "last_month": group.last_month,
            "suppressed": str(group.responses.suppressed).lower(),
            "responses": group.responses.label(m), "with_comment": group.commented.label(m),
        }
        for question, share in group.measures.items():
            row[f"{question}_n"] = share.cell.label(m)
            row[f"{question}_share_agree"] = "" if share.share is None else f"{share.share:.4f}"
        for theme, figure in group.themes.items():
            row[f"theme_{theme}_n"] = figure.cell.label(m)
        rows.append(row)
    return columns, rows


def measure_groups() -> Mapping[str, list[str]]:
    return {
        "police": [q for q in MEASURES if q.startswith("police_")],
        "refuge": [q for q in MEASURES if q.startswith("refuge_")],
    }
