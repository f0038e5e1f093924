"""The findings pack for workshops and partnership meetings, as pure data.

`build_pack` assembles everything from one `analysis.trends.summarise` call, so
the pack shows the dashboard's numbers with the dashboard's suppression, and
adds what a lead presents: the strongest positive and negative themes with
representative quotes, possible new themes and the action log.
`analysis.report_files` writes it as PowerPoint, PDF, Word or HTML.

Quotes come only from respondents who answered yes to quote_consent, only from
comments coded with the theme, and never from a group the pack shows as
suppressed: the theme must be shown for the whole period and, for the month or
quarter the comment belongs to, both that period's responses and the theme's
count in it must be shown. The text is the stored (redacted) comment, redacted
once more with the current redactor. A lead may swap or remove quotes, choosing
only among the eligible ones (`with_quotes`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Mapping, Sequence

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from analysis import charts
from analysis.actions import ActionView, list_actions
from analysis.comments import QUESTIONS, _response_conditions
from analysis.redact import PLACEHOLDER_KINDS, redact
from analysis.trends import (
    CONTACT_TYPES,
    MEASURES,
    Change,
    Summary,
    SummaryRequest,
    measure_groups,
    months_between,
    period_of,
    summarise,
)
from db.models import Comment, CommentTheme, Response, Site

FEATURED_PER_KIND = 3       # strongest positive themes, and strongest negative ones
QUOTES_PER_THEME = 4        # chosen automatically (the issue asks for 3 to 5)
MAX_QUOTES = 5
ALTERNATIVES = 6            # further eligible quotes offered for swapping
CANDIDATES_PER_THEME = 400  # read per theme, in random-id order (an unbiased sample, not the first to arrive)
QUOTE_LENGTH = (30, 400)    # characters: long enough to say something, short enough for a slide
SENTIMENT_WORDS = {"positive": "positive", "negative": "negative", "mixed": "mixed", "neutral": "neutral"}
SERVICE_NAMES = {"police": "police", "refuge": "refuge", "outreach": "outreach"}
_PLACEHOLDER = re.compile(r"\[(?:%s|REDACTION FAILED)\]" % "|".join(PLACEHOLDER_KINDS))

# The pack's charts: (name in analysis.charts.named_chart, what the table beneath it says, alt text).
PACK_CHARTS = (
    ("responses", "Responses per period.", "Bar chart of responses per period."),
    ("satisfaction", "Share satisfied with the police and with refuge or outreach, per period.",
     "Line chart of the share satisfied with the police and with refuge or outreach, per period."),
    ("police-ratings", "Police: the share who agreed with each statement, per period.",
     "Line chart of the share agreeing with each police question, per period."),
    ("refuge-ratings", "Refuge and outreach: the share who agreed with each statement, per period.",
     "Line chart of the share agreeing with each refuge and outreach question, per period."),
    ("themes", "How often each theme comes up: people mentioning it (share of people who commented).",
     "Heat map of the share of comments mentioning each theme, per period."),
    ("theme-sentiment", "How people mentioning each theme feel about it, over the whole period.",
     "Stacked bars: for each theme, the share of people positive, mixed, neutral or negative about it."),
    ("theme-changes", "Rising and falling themes against the comparison period, with 95% intervals.",
     "Dots with 95% intervals: the change in how often each theme is mentioned."),
)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


# --- the pack ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table as every format draws it: a header row and rows of text."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "Table":
        return cls(tuple(str(c) for c in frame.columns),
                   tuple(tuple("" if v is None else str(v) for v in row) for row in frame.itertuples(index=False)))

    def text(self) -> str:
        """The table as lines of text (slide notes, alt text)."""
        return "\n".join(" | ".join(row) for row in (self.columns, *self.rows))


@dataclass(frozen=True)
class PackChart:
    name: str
    title: str
    spec: dict[str, Any] = field(hash=False, compare=False)
    table: Table = field(hash=False)
    caption: str = ""
    alt_text: str = ""


@dataclass(frozen=True)
class Headline:
    label: str   # "Responses", "Satisfied with the police"
    value: str   # "412", "72%", "fewer than 5", "hidden"
    detail: str  # n and the 95% interval
    change: str  # against the comparison period, or why there is none


@dataclass(frozen=True)
class Quote:
    key: str        # opaque: a hash of the comment's id, never the id itself
    text: str
    question: str   # "What went well" / "What could be better"
    sentiment: str  # about this theme


@dataclass(frozen=True)
class ThemeFinding:
    theme: str
    label: str
    kind: str             # "positive" or "negative": which feeling outweighs the other
    people: str           # people mentioning it, as shown ("132")
    share: str            # of people who commented ("23%")
    sentiments: dict[str, float] = field(hash=False)
    reading: str = ""     # rising / falling / no clear change / not enough to compare, with the figures
    quotes: tuple[Quote, ...] = ()       # shown, in order
    candidates: tuple[Quote, ...] = ()   # every eligible quote found: the automatic choice first, then the rest
    quoted_elsewhere: int = 0            # eligible comments left out because another theme already quotes them

    @property
    def feeling(self) -> str:
        order = sorted(self.sentiments.items(), key=lambda item: -item[1])
        return ", ".join(f"{share:.0%} {SENTIMENT_WORDS[name]}" for name, share in order if share > 0)

    @property
    def alternatives(self) -> tuple[Quote, ...]:
        shown = {quote.key for quote in self.quotes}
        return tuple(quote for quote in self.candidates if quote.key not in shown)


@dataclass(frozen=True)
class EmergingTheme:
    terms: tuple[str, ...]


@dataclass(frozen=True)
class FindingsPack:
    title: str
    request: SummaryRequest
    period: str
    comparison: str
    scope: str
    produced: date
    min_cell: int
    headlines: tuple[Headline, ...]
    measure_changes: Table
    charts: tuple[PackChart, ...]
    positive_themes: tuple[ThemeFinding, ...]
    negative_themes: tuple[ThemeFinding, ...]
    emerging: tuple[EmergingTheme, ...]
    actions: tuple[ActionView, ...]
    notes: tuple[str, ...]

    @property
    def themes(self) -> tuple[ThemeFinding, ...]:
        return self.positive_themes + self.negative_themes

    @property
    def quote_choices(self) -> "QuoteChoices":
        """The quotes shown per theme, by key: what a page keeps and changes."""
        return QuoteChoices({finding.theme: tuple(quote.key for quote in finding.quotes) for finding in self.themes})

    def with_quotes(self, choices: "QuoteChoices | Mapping[str, Sequence[str]]") -> "FindingsPack":
        """The pack with the lead's choice of quotes per theme (in her order); themes not named keep theirs.

        Only quotes the pack found eligible can be chosen, at most MAX_QUOTES per theme.
        """
        shown = choices.shown if isinstance(choices, QuoteChoices) else choices

        def chosen(finding: ThemeFinding) -> ThemeFinding:
            if finding.theme not in shown:
                return finding
            eligible = {quote.key: quote for quote in finding.candidates}
            keys = list(dict.fromkeys(shown[finding.theme]))
            unknown = [key for key in keys if key not in eligible]
            if unknown:
                raise ValueError(f"{finding.label}: no such eligible quote {unknown[0]!r}")
            if len(keys) > MAX_QUOTES:
                raise ValueError(f"{finding.label}: at most {MAX_QUOTES} quotes")
            return replace(finding, quotes=tuple(eligible[key] for key in keys))

        return replace(self, positive_themes=tuple(map(chosen, self.positive_themes)),
                       negative_themes=tuple(map(chosen, self.negative_themes)))

    @property
    def filters(self) -> dict[str, Any]:
        """What the pack covers, for the audit log."""
        return request_filters(self.request)


def request_filters(request: SummaryRequest) -> dict[str, Any]:
    request = request.normalised()
    return {
        "from": request.start, "to": request.end, "compare_from": request.previous[0],
        "compare_to": request.previous[1], "by": request.by,
        "sites": None if request.site_ids is None else list(request.site_ids),
        "service": request.service, "contact": request.contact,
    }


# --- choosing quotes (pure, for the page) ---------------------------------------------------------


@dataclass(frozen=True)
class QuoteChoices:
    """What the lead chose: the quotes shown per theme, and those she set aside (not offered again first)."""

    shown: Mapping[str, tuple[str, ...]]
    set_aside: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def _with(self, theme: str, shown: Sequence[str], set_aside: Sequence[str]) -> "QuoteChoices":
        return QuoteChoices({**self.shown, theme: tuple(shown)},
                            {**self.set_aside, theme: tuple(dict.fromkeys(set_aside))})


def _finding(pack: FindingsPack, theme: str) -> ThemeFinding:
    return next(f for f in pack.themes if f.theme == theme)


def _next_quote(pack: FindingsPack, choices: QuoteChoices, theme: str, also_skip: Sequence[str] = ()) -> str | None:
    """The next eligible quote to offer: one neither shown nor set aside; failing that, the longest set aside."""
    shown = set(choices.shown.get(theme, ())) | set(also_skip)
    aside = choices.set_aside.get(theme, ())
    candidates = [q.key for q in _finding(pack, theme).candidates if q.key not in shown]
    fresh = [key for key in candidates if key not in aside]
    if fresh:
        return fresh[0]
    return next((key for key in aside if key in candidates), None)


def remove_quote(choices: QuoteChoices, theme: str, key: str) -> QuoteChoices:
    shown = [k for k in choices.shown.get(theme, ()) if k != key]
    return choices._with(theme, shown, [*choices.set_aside.get(theme, ()), key])


def swap_quote(pack: FindingsPack, choices: QuoteChoices, theme: str, key: str) -> QuoteChoices:
    """Put another eligible quote in this one's place (unchanged when there is no other)."""
    shown = list(choices.shown.get(theme, ()))
    if key not in shown:
        return choices
    replacement = _next_quote(pack, choices, theme, also_skip=[key])
    if replacement is None:
        return choices
    shown[shown.index(key)] = replacement
    aside = [k for k in choices.set_aside.get(theme, ()) if k != replacement] + [key]
    return choices._with(theme, shown, aside)


def add_quote(pack: FindingsPack, choices: QuoteChoices, theme: str) -> QuoteChoices:
    """One more eligible quote for `theme`, up to MAX_QUOTES."""
    shown = list(choices.shown.get(theme, ()))
    extra = _next_quote(pack, choices, theme)
    if extra is None or len(shown) >= MAX_QUOTES:
        return choices
    return choices._with(theme, shown + [extra], [k for k in choices.set_aside.get(theme, ()) if k != extra])


# --- assembling --------------------------------------------------------------------------------


def month_name(month: str) -> str:
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def span_name(first: str, last: str) -> str:
    return month_name(first) if first == last else f"{month_name(first)} to {month_name(last)}"


def _points(change: Change) -> str:
    return (f"{100 * change.difference:+.1f} points (95% interval {100 * change.low:+.1f} "
            f"to {100 * change.high:+.1f})")


def _headlines(summary: Summary, comparison: str) -> tuple[Headline, ...]:
    total, previous = summary.total, summary.previous
    label = summary.label
    if total.responses.suppressed or previous.responses.suppressed:
        responses_change = f"{label(previous.responses)} in {comparison}"
    else:
        responses_change = (f"{total.responses.n - previous.responses.n:+d} against {comparison} "
                            f"({previous.responses.n})")
    headlines = [Headline("Responses", label(total.responses), f"{label(total.commented)} with a comment",
                          responses_change)]
    for measure in ("police_overall", "refuge_overall"):
        share, change = total.measures[measure], summary.changes.get(measure)
        if share.share is None:
            value, detail = label(share.cell), f"{label(share.cell)} answered"
        else:
            value = f"{share.share:.0%}"
            detail = f"of {share.cell.n} who answered (95% interval {share.low:.0%} to {share.high:.0%})"
        reading = "not enough to compare" if change is None else f"{_points(change)}: {change.direction}"
        headlines.append(Headline(MEASURES[measure], value, detail, f"Against {comparison}: {reading}"))
    return tuple(headlines)


def _reading(summary: Summary, theme: str) -> str:
    change = summary.theme_changes.get(theme)
    if change is None:
        return "not enough to compare"
    word = {"up": "rising", "down": "falling"}.get(change.direction, change.direction)
    return f"{word}: {_points(change)}"


def _featured(summary: Summary) -> tuple[list[ThemeFinding], list[ThemeFinding]]:
    """The strongest positive and negative themes: most people feeling that way, where that feeling outweighs."""
    found: dict[str, list[tuple[float, float, ThemeFinding]]] = {"positive": [], "negative": []}
    commented = summary.total.commented
    for theme, label in summary.theme_labels.items():
        figure = summary.total.themes[theme]
        if figure.sentiments is None or figure.cell.suppressed or not figure.cell.n:
            continue
        kind = "positive" if figure.sentiments["positive"] >= figure.sentiments["negative"] else "negative"
        finding = ThemeFinding(
            theme, label, kind, str(figure.cell.n), f"{figure.share:.0%}" if not commented.suppressed else "",
            dict(figure.sentiments), _reading(summary, theme),
        )
        strength = figure.sentiments[kind]
        found[kind].append((strength * figure.cell.n, strength, finding))
    return tuple(
        [finding for _, _, finding in sorted(found[kind], key=lambda item: (-item[0], -item[1], item[2].theme))
         [:FEATURED_PER_KIND]]
        for kind in ("positive", "negative")
    )


def _quote_key(response_id: str, question: str) -> str:
    return hashlib.sha256(f"{response_id}:{question}".encode()).hexdigest()[:16]


def _eligible_periods(summary: Summary, theme: str) -> set[str]:
    """Periods whose responses and whose count for `theme` the pack shows: quotes may come from these only."""
    return {
        group.period for group in summary.groups
        if not group.responses.suppressed and not group.themes[theme].cell.suppressed
    }


def _allocate(sentiments: Mapping[str, float], available: Mapping[str, int], slots: int) -> dict[str, int]:
    """Quotes per feeling in proportion to how people feel (largest remainder), within what is available."""
    wanted = {name: share * slots for name, share in sentiments.items()}
    counts = {name: min(int(value), available.get(name, 0)) for name, value in wanted.items()}
    while sum(counts.values()) < slots:
        open_ = [name for name in wanted if counts[name] < available.get(name, 0)]
        if not open_:
            break
        best = max(open_, key=lambda name: (wanted[name] - counts[name], wanted[name], name))
        counts[best] += 1
    return counts


def _rank(text: str, key: str) -> tuple:
    # Fewer placeholders read better; then a middling length; then a fixed but arbitrary order.
    length = len(text)
    return (len(_PLACEHOLDER.findall(text)), 0 if 60 <= length <= 240 else 1, key)


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _quotes(session: Session, summary: Summary, finding: ThemeFinding, used: set[str]) -> ThemeFinding:
    """The theme's eligible quotes: a few chosen in proportion to how people feel, and alternatives.

    `used` holds the texts already quoted for other themes of the pack (each comment appears once).
    """
    request = summary.request
    periods = _eligible_periods(summary, finding.theme)
    if not periods:
        return finding
    rows = session.execute(
        select(Comment.response_id, Comment.question, Comment.text, CommentTheme.sentiment)
        .join(Comment, and_(Comment.response_id == CommentTheme.response_id,
                            Comment.question == CommentTheme.question))
        .join(Response, Response.id == CommentTheme.response_id)
        .where(CommentTheme.theme == finding.theme, *_response_conditions(request),
               # Only months the pack shows, in SQL, so the limit is spent on quotable comments.
               Response.month.in_([month for month in months_between(request.start, request.end)
                                   if period_of(month, request.by) in periods]),
               Response.answers["quote_consent"].as_string() == "yes",
               func.length(Comment.text).between(*QUOTE_LENGTH))
        .order_by(CommentTheme.response_id, CommentTheme.question)
        .limit(CANDIDATES_PER_THEME)
    ).all()
    by_sentiment: dict[str, list[Quote]] = {}
    seen = set(used)
    elsewhere = 0
    for response_id, question, text, sentiment in rows:
        normalised = _normalised(text)
        if normalised in seen or "REDACTION FAILED" in text:
            elsewhere += normalised in used
            continue
        seen.add(normalised)
        quote = Quote(_quote_key(response_id, question), text, QUESTIONS.get(question, question), sentiment)
        by_sentiment.setdefault(sentiment, []).append(quote)
    for quotes in by_sentiment.values():
        quotes.sort(key=lambda quote: _rank(quote.text, quote.key))
    available = {name: len(quotes) for name, quotes in by_sentiment.items()}
    counts = _allocate(finding.sentiments, available, QUOTES_PER_THEME)
    order = sorted(finding.sentiments, key=lambda name: -finding.sentiments[name])
    chosen = [quote for name in order for quote in by_sentiment.get(name, [])[:counts.get(name, 0)]]
    # The rest, taking turns between feelings so swapping keeps the mix.
    rest_lists = [by_sentiment.get(name, [])[counts.get(name, 0):] for name in order]
    rest = [quotes[round_] for round_ in range(max(map(len, rest_lists), default=0))
            for quotes in rest_lists if round_ < len(quotes)][:ALTERNATIVES]
    used.update(_normalised(quote.text) for quote in chosen)
    # Stored text is already redacted; the current redactor runs once more over what the pack shows,
    # so an export never carries what an older, weaker redaction let through.
    candidates = tuple(replace(q, text=redact(q.text)) for q in chosen + rest)
    return replace(finding, quotes=candidates[:len(chosen)], candidates=candidates, quoted_elsewhere=elsewhere)


def _scope(session: Session, request: SummaryRequest) -> str:
    if request.site_ids is None:
        sites = "All sites (the partnership)"
    else:
        names = dict(session.execute(select(Site.id, Site.name).where(Site.id.in_(request.site_ids))).all())
        sites = ", ".join(names.get(site, site) for site in request.site_ids)
    parts = [sites, "all services" if request.service is None else f"{SERVICE_NAMES[request.service]} only"]
    if request.contact is not None:
        parts.append(f"last contact: {CONTACT_TYPES[request.contact].lower()}")
    return " · ".join(parts)


def _notes(min_cell: int, by: str) -> tuple[str, ...]:
    return (
        f"Figures about 1 to {min_cell - 1} people show as “fewer than {min_cell}”. Figures marked “hidden” are "
        "held back so that a smaller group cannot be worked out from the totals. These are the dashboard's "
        "figures, with the same rules.",
        "Shares are of the people who answered each question: agreed means 4 or 5 on a five-point scale. "
        "Ranges are 95% Wilson intervals; a change is marked up or down only when its whole 95% interval "
        "(Newcombe's method) is above or below zero.",
        "Theme counts are of people whose comments mention the theme. The strongest themes are those the "
        "most people felt positive (or negative) about.",
        f"Quotes come only from people who said their words could be shared, never from a {by} or theme "
        f"shown as “fewer than {min_cell}” or “hidden”. Comments were redacted before they were stored: names, "
        "numbers and addresses show as [NAME], [PHONE], [ADDRESS].",
        "Possible new themes are groups of comments no theme covers, for review; no comments are quoted from them.",
    )


def build_pack(
    session: Session,
    request: SummaryRequest,
    min_cell: int,
    *,
    today: date | None = None,
    title: str = "What survivors told us",
    emerging_topics: bool = True,
) -> FindingsPack:
    """The findings pack for `request` (its `compare` is the comparison period; default: the one before)."""
    summary = summarise(session, request, min_cell)
    request = summary.request
    comparison = span_name(*request.previous)
    positive, negative = _featured(summary)
    used: set[str] = set()
    positive = [_quotes(session, summary, finding, used) for finding in positive]
    negative = [_quotes(session, summary, finding, used) for finding in negative]

    pack_charts = []
    for name, caption, alt in PACK_CHARTS:
        spec = charts.named_chart(summary, name).to_dict()
        pack_charts.append(PackChart(name, _spec_title(spec), spec, Table.from_frame(_chart_table(summary, name)),
                                     caption, alt))
    emerging: tuple[EmergingTheme, ...] = ()
    if emerging_topics:
        import warnings

        from analysis.comments import suggested_themes

        with warnings.catch_warnings():
            # NMF's numerical warnings on small samples say nothing a lead could act on.
            warnings.simplefilter("ignore", RuntimeWarning)
            topics = suggested_themes(session, request, min_cell)
        emerging = tuple(EmergingTheme(topic.terms[:6]) for topic in topics)
    first_day = date(int(request.start[:4]), int(request.start[5:7]), 1)
    actions = tuple(list_actions(session, request.site_ids, open_since=first_day))
    groups = measure_groups()
    return FindingsPack(
        title=title,
        request=request,
        period=span_name(request.start, request.end),
        comparison=comparison,
        scope=_scope(session, request),
        produced=today or date.today(),
        min_cell=min_cell,
        headlines=_headlines(summary, comparison),
        measure_changes=Table.from_frame(charts.change_table(summary, groups["police"] + groups["refuge"])),
        charts=tuple(pack_charts),
        positive_themes=tuple(positive),
        negative_themes=tuple(negative),
        emerging=emerging,
        actions=actions,
        notes=_notes(min_cell, request.by),
    )


def _spec_title(spec: Mapping[str, Any]) -> str:
    title = spec.get("title", "")
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _chart_table(summary: Summary, name: str) -> pd.DataFrame:
    groups = measure_groups()
    return {
        "responses": lambda: charts.responses_table(summary),
        "satisfaction": lambda: charts.share_table(summary, ["police_overall", "refuge_overall"]),
        "police-ratings": lambda: charts.share_table(summary, groups["police"]),
        "refuge-ratings": lambda: charts.share_table(summary, groups["refuge"]),
        "themes": lambda: charts.themes_table(summary),
        "theme-sentiment": lambda: charts.sentiment_table(summary),
        "theme-changes": lambda: charts.theme_change_table(summary),
    }[name]()
