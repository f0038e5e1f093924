"""The comments explorer's core (analysis.comments): paging reaches every comment; old theme ids do not break it."""

from datetime import date

from sqlalchemy import func, select

from analysis.comments import PAGE_SIZE, CommentFilters, explore_comments
from analysis.trends import SummaryRequest
from db.engine import write_session
from db.models import Comment, CommentTheme
from survey.demo import generate_demo

WHOLE = SummaryRequest("2024-01", "2026-12")


def every_page(factory, filters=CommentFilters()):
    shown, page = [], 1
    with factory() as session:
        while True:
            view = explore_comments(session, WHOLE, filters, 5, page=page)
            shown += view.comments
            if page >= view.pages:
                return view, shown
            page += 1


def test_paging_reaches_every_comment_even_when_people_left_two(factory, published):
    generate_demo(factory, 150, seed=4, today=date(2026, 11, 16))
    with factory() as session:
        stored = session.scalar(select(func.count()).select_from(Comment))
        people = session.scalar(select(func.count(func.distinct(Comment.response_id))))
    assert stored > people and stored > PAGE_SIZE  # some people wrote in both boxes
    view, shown = every_page(factory)
    assert len(shown) == stored
    assert view.matching.n == people  # the figure shown is still people, not comments


def test_a_theme_no_longer_in_the_codebook_is_shown_by_its_id_not_an_error(factory, published):
    generate_demo(factory, 40, seed=4, today=date(2026, 11, 16))
    with write_session(factory) as session:
        response_id, question = session.execute(select(Comment.response_id, Comment.question).limit(1)).one()
        session.add(CommentTheme(response_id=response_id, question=question, theme="a_retired_theme",
                                 sentiment="neutral"))
    _, shown = every_page(factory)
    assert any("a_retired_theme" in comment.themes for comment in shown)
