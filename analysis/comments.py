"""Redacted comments for staff: the explorer, and suggested new themes from what no theme covers.

Comments are shown only when the group they come from holds at least
FEEDBACK_MIN_CELL people, never with a finer date than the month, and never in
arrival order. The text is what was stored: redacted before it reached the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from analysis.disclosure import Cell, suppress_count
from analysis.trends import SummaryRequest, theme_labels
from db.models import Comment, CommentTheme, Response
from db.rollup import SERVICE_GROUPS
from survey.services import SERVICE_BITS

QUESTIONS = {"went_well": "What went well", "could_improve": "What could be better"}
SENTIMENTS = ("positive", "negative", "neutral", "mixed")
PAGE_SIZE = 25


@dataclass(frozen=True)
class CommentFilters:
    theme: str | None = None
    sentiment: str | None = None
    words: str = ""
    question: str | None = None


@dataclass(frozen=True)
class ShownComment:
    month: str
    question: str
    text: str
    themes: tuple[str, ...]
    sentiment: str | None


@dataclass(frozen=True)
class CommentsView:
    group: Cell          # responses in the filtered group (period, sites, service, contact)
    matching: Cell       # people whose comments match the comment filters too
    comments: list[ShownComment]
    page: int
    pages: int
    message: str | None = None


def _response_conditions(request: SummaryRequest) -> list:
    conditions = [Response.month >= request.start, Response.month <= request.end]
    if request.site_ids is not None:
        conditions.append(Response.site_id.in_(request.site_ids))
    if request.service is not None:
        mask = sum(SERVICE_BITS[s] for s in SERVICE_GROUPS[request.service])
        conditions.append(Response.services_mask.op("&")(mask) != 0)
    if request.contact is not None:
        # contact_when lives in the answers; the rollup key has it, so go through the rollup's rule.
        conditions.append(Response.answers["contact_when"].as_string() == request.contact)
    return conditions


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _comment_conditions(filters: CommentFilters) -> list:
    conditions = []
    if filters.question:
        conditions.append(Comment.question == filters.question)
    if filters.sentiment:
        conditions.append(Comment.sentiment == filters.sentiment)
    if filters.theme:
        conditions.append(exists().where(
            CommentTheme.response_id == Comment.response_id, CommentTheme.question == Comment.question,
            CommentTheme.theme == filters.theme,
        ))
    for word in filters.words.split()[:8]:
        conditions.append(func.lower(Comment.text).like(f"%{_escape_like(word.lower())}%", escape="\\"))
    return conditions


def explore_comments(
    session: Session, request: SummaryRequest, filters: CommentFilters, min_cell: int, page: int = 1
) -> CommentsView:
    """Comments matching `filters` in the group `request` describes, a page at a time."""
    request = request.normalised()
    response_conditions = _response_conditions(request)
    group_n = session.scalar(select(func.count()).select_from(Response).where(*response_conditions)) or 0
    group = suppress_count(group_n, min_cell)
    matched = (
        select(Comment.response_id, Comment.question, Comment.text, Comment.sentiment, Response.month)
        .join(Response, Response.id == Comment.response_id)
        .where(*response_conditions, *_comment_conditions(filters))
    )
    if group_n == 0:
        return CommentsView(group, suppress_count(0, min_cell), [], 1, 0, "No responses match these filters.")
    if group.suppressed:
        return CommentsView(group, Cell(None, True, "inherited"), [], 1, 0,
                            f"Comments are shown only for groups of at least {min_cell} people. "
                            "Widen the period or the filters.")
    # People (what the page shows and disclosure control counts) and comments (what it pages through:
    # one person may write in both boxes).
    found = matched.subquery()
    people, comment_count = session.execute(
        select(func.count(func.distinct(found.c.response_id)), func.count())
    ).one()
    matching = suppress_count(people, min_cell)
    if matching.suppressed or people == 0:
        message = ("No comments match these filters." if people == 0 else
                   f"Fewer than {min_cell} people's comments match, so none are shown. Widen the filters.")
        return CommentsView(group, matching, [], 1, 0, message)

    pages = max(1, -(-comment_count // PAGE_SIZE))
    page = min(max(1, page), pages)
    # Newest month first; within a month by the random response id, never by arrival.
    rows = session.execute(
        matched.order_by(Response.month.desc(), Comment.response_id, Comment.question)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    themes: dict[tuple[str, str], list[str]] = {}
    if rows:
        keys = [(row.response_id, row.question) for row in rows]
        for response_id, question, theme in session.execute(
            select(CommentTheme.response_id, CommentTheme.question, CommentTheme.theme).where(
                or_(*[and_(CommentTheme.response_id == r, CommentTheme.question == q) for r, q in keys])
            )
        ):
            themes.setdefault((response_id, question), []).append(theme)
    labels = theme_labels()
    # Codebook order; a theme id the codebook no longer has (until `enrich --all`) goes last, as its id.
    order = {theme: index for index, theme in enumerate(labels)}
    comments = [
        ShownComment(row.month, QUESTIONS.get(row.question, row.question), row.text,
                     tuple(labels.get(t, t) for t in sorted(themes.get((row.response_id, row.question), []),
                                                             key=lambda t: (order.get(t, len(order)), t))),
                     row.sentiment)
        for row in rows
    ]
    return CommentsView(group, matching, comments, page, pages)


@dataclass(frozen=True)
class SuggestedTheme:
    terms: tuple[str, ...]
    people: Cell
    examples: tuple[str, ...]


def suggested_themes(
    session: Session, request: SummaryRequest, min_cell: int, *, sample: int = 1500, n_topics: int = 5
) -> list[SuggestedTheme]:
    """Clusters of comments that no codebook theme covers, for staff to review as possible new themes.

    One comment per person (so a topic's size counts people); a topic of fewer than
    min_cell people is not shown at all, and examples only come from shown topics.
    """
    from analysis.topics import emerging_topics

    request = request.normalised()
    uncovered = (
        select(Comment.response_id, func.min(Comment.text).label("text"))
        .join(Response, Response.id == Comment.response_id)
        .where(*_response_conditions(request))
        .where(~exists().where(CommentTheme.response_id == Comment.response_id,
                               CommentTheme.question == Comment.question))
        .where(func.length(Comment.text) >= 25)
        .group_by(Comment.response_id)
        .order_by(Comment.response_id)  # random ids: an unbiased sample, not the first to arrive
        .limit(sample)
    )
    texts = [row.text for row in session.execute(uncovered)]
    if len(texts) < min_cell:
        return []
    topics = emerging_topics(texts, n_topics=n_topics, seed=0, uncovered_only=False)
    shown = []
    for topic in topics:
        people = suppress_count(topic.size, min_cell)
        if not people.suppressed:
            shown.append(SuggestedTheme(topic.terms, people, topic.examples))
    return shown
