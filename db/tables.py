"""The rollup tables as SQLAlchemy Core tables, and the schema's shared MetaData.

Reading the dashboards' numbers needs only these four tables, so the summary command and
analysis.trends use them through Core and never import the ORM (importing sqlalchemy.orm
and every mapped class costs a quarter of a second before the first query; see
bench/bench_summary.py). db.models maps its rollup classes onto these same Table objects
and declares everything else on the same MetaData, so migrations see one schema.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table

# Stable constraint names, so migrations on SQLite (batch mode) and PostgreSQL agree.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Bit per dashboard service group; a response may report several.
SERVICE_GROUP_BITS: dict[str, int] = {"police": 1, "refuge": 2, "outreach": 4}
EQUALITY_FIELDS = ("age_band", "gender", "ethnic_group", "disability", "children_in_household")
SATISFACTION_QUESTIONS = {"police": "police_overall", "refuge": "refuge_overall"}
SENTIMENTS = ("positive", "negative", "neutral", "mixed")


def _key() -> list[Column]:
    """The columns every site-level rollup is keyed by."""
    return [
        Column("month", String(7), primary_key=True),
        Column("site_id", String(64), primary_key=True),
        # Bit per SERVICE_GROUP_BITS entry (police 1, refuge 2, outreach 4) the response reported.
        Column("service_groups", Integer, primary_key=True),
        # The contact_when answer; empty when unanswered.
        Column("contact_when", String(32), primary_key=True),
    ]


# Responses per month, site, service groups and contact type.
rollup_responses = Table(
    "rollup_responses", metadata,
    *_key(),
    Column("n", Integer, nullable=False),
    # Responses with at least one comment.
    Column("commented", Integer, nullable=False),
)

# Per rating question: how many answered, and how many agreed or were satisfied (4 or 5).
rollup_ratings = Table(
    "rollup_ratings", metadata,
    *_key(),
    Column("question", String(64), primary_key=True),
    Column("answered", Integer, nullable=False),
    Column("agree", Integer, nullable=False),
)

# Responses whose comments mention a theme, by the response's sentiment about it.
rollup_themes = Table(
    "rollup_themes", metadata,
    *_key(),
    Column("theme", String(64), primary_key=True),
    Column("sentiment", String(8), primary_key=True),
    Column("n", Integer, nullable=False),
)

# Equality answers with overall satisfaction. No site column: partnership level only.
rollup_equality = Table(
    "rollup_equality", metadata,
    Column("month", String(7), primary_key=True),
    Column("service_groups", Integer, primary_key=True),
    Column("contact_when", String(32), primary_key=True),
    # age_band, gender, ethnic_group, disability or children_in_household.
    Column("field", String(32), primary_key=True),
    # The answer; empty when unanswered.
    Column("value", String(32), primary_key=True),
    Column("n", Integer, nullable=False),
    Column("police_answered", Integer, nullable=False),
    Column("police_agree", Integer, nullable=False),
    Column("refuge_answered", Integer, nullable=False),
    Column("refuge_agree", Integer, nullable=False),
)

# Covering indexes in the order the dashboards group by: the summary reads its months straight
# from the index, without a sort or a visit to the table (on a million responses, the themes
# query falls from 67 ms to 15 ms on SQLite). Filters on site, service and contact are
# answered from the index too.
_KEY = ("site_id", "service_groups", "contact_when")
Index("ix_rollup_ratings_summary", *(rollup_ratings.c[name] for name in (
    "month", "question", *_KEY, "answered", "agree")))
Index("ix_rollup_themes_summary", *(rollup_themes.c[name] for name in (
    "month", "theme", "sentiment", *_KEY, "n")))
Index("ix_rollup_equality_summary", *(rollup_equality.c[name] for name in (
    "month", "field", "value", "service_groups", "contact_when",
    "n", "police_answered", "police_agree", "refuge_answered", "refuge_agree")))
