"""SQLAlchemy models: what is stored, and (by omission) what never is.

A response holds a random id, the survey and version it answered, the site, the
ISO week and its month, the language and the validated answers. There is no
column for an IP address, user agent, session id, time of day or exact date,
and rows are kept without SQLite's rowid so the file does not record arrival
order either.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db import tables

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = tables.metadata


class Organisation(Base):
    """A partner: a police force's unit, a refuge charity, an outreach service."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Site(Base):
    """A place where survivors give feedback; every response belongs to one."""

    __tablename__ = "sites"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # police, refuge or outreach: the service a site provides.
    kind: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    # Shown on the survey's thank-you screen, e.g. "Ask any member of staff, or call ...".
    contact: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()


class SurveyVersion(Base):
    """A published, frozen survey definition. Never edited in place."""

    __tablename__ = "survey_versions"

    survey_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSONType)


class Response(Base):
    """One survivor's submitted answers. Anonymous by construction."""

    __tablename__ = "responses"
    __table_args__ = (
        ForeignKeyConstraint(
            ["survey_id", "survey_version"],
            ["survey_versions.survey_id", "survey_versions.version"],
            name="fk_responses_survey_version",
        ),
        Index("ix_responses_month_site", "month", "site_id"),
        {"sqlite_with_rowid": False},
    )

    # UUID4 as text: random, never sequential.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    survey_version: Mapped[int] = mapped_column(Integer)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    # ISO week of submission, e.g. 2026-W03; never a date.
    week: Mapped[str] = mapped_column(String(8), index=True)
    # Month holding that week's Thursday (ISO rule), e.g. 2026-01; for grouping.
    month: Mapped[str] = mapped_column(String(7))
    language: Mapped[str] = mapped_column(String(16))
    # Bit per service chosen in services_used (survey.services.SERVICE_BITS), for filtering.
    services_mask: Mapped[int] = mapped_column(Integer, default=0)
    # Validated choice and rating answers by question name. Free text lives in comments.
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # SHA-256 of the client's one-off submission key: a double tap stores one response.
    submission_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)

    comments: Mapped[list["Comment"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Comment(Base):
    """A free-text answer, redacted before it was stored, with its coding."""

    __tablename__ = "comments"
    __table_args__ = ({"sqlite_with_rowid": False},)

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    themes: Mapped[Optional[list[str]]] = mapped_column(JSONType)
    theme_sentiments: Mapped[Optional[dict[str, str]]] = mapped_column(JSONType)
    sentiment: Mapped[Optional[str]] = mapped_column(String(8))
    polarity: Mapped[Optional[float]]
    # NULL until coded; batch re-coding picks up rows coded with an older codebook.
    codebook_version: Mapped[Optional[str]] = mapped_column(String(32), index=True)

    response: Mapped[Response] = relationship(back_populates="comments")


# --- staff accounts and the audit log (issue 5) ------------------------------------

STAFF_ROLES = ("admin", "lead", "staff")


class StaffAccount(Base):
    """A member of staff who signs in. Admins and leads see the partnership; staff their organisation."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Lower case; what she types to sign in.
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    # For single sign-on: the identity provider's verified email address, lower case.
    email: Mapped[Optional[str]] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    # argon2id; NULL for an account that signs in only through single sign-on.
    password_hash: Mapped[Optional[str]] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # UTC, naive. Set for 15 minutes after the fifth failed attempt in a row.
    locked_until: Mapped[Optional[datetime]] = mapped_column(DateTime)

    organisation: Mapped[Organisation] = relationship()


class AuditEntry(Base):
    """Who did what, when. Deliberately no IP address, user agent or session id."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # UTC, naive.
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    account: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


# --- "You said, we did" (issue 6) ------------------------------------------------------

ACTION_STATUSES = ("planned", "in_progress", "completed")


class Action(Base):
    """Something survivors raised (a theme), what was done about it, by which organisation, and when.

    Written by staff, redacted before it is stored (analysis.actions), and shown in
    findings packs, on noticeboard posters and, once completed, on the survey's
    thank-you screen at its site (every site when `site_id` is empty).
    """

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A codebook theme id (DESIGN.md).
    theme: Mapped[str] = mapped_column(String(64))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    owner_organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    # None: the whole partnership (every site).
    site_id: Mapped[Optional[str]] = mapped_column(ForeignKey("sites.id"))
    status: Mapped[str] = mapped_column(String(16))
    agreed_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[Optional[date]] = mapped_column(Date)
    completed_on: Mapped[Optional[date]] = mapped_column(Date)
    # Staff may keep an action off the survey screen and the poster (it still shows in packs).
    show_to_survivors: Mapped[bool] = mapped_column(Boolean, default=True)
    # UTC, naive; and the staff account that last changed it (the audit log has every change).
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100))

    organisation: Mapped[Organisation] = relationship()
    site: Mapped[Optional[Site]] = relationship()


# --- derived tables for fast dashboards (issue 5) -----------------------------------
# Everything below is derived from responses and comments and can be rebuilt with
# `python -m db rebuild-rollups`. Submission keeps it current in the same transaction.


class CommentTheme(Base):
    """One theme a comment was coded with, and the sentiment of the clause carrying it."""

    __tablename__ = "comment_themes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["response_id", "question"],
            ["comments.response_id", "comments.question"],
            name="fk_comment_themes_comment",
            ondelete="CASCADE",
        ),
        Index("ix_comment_themes_theme", "theme"),
        {"sqlite_with_rowid": False},
    )

    response_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    question: Mapped[str] = mapped_column(String(64), primary_key=True)
    theme: Mapped[str] = mapped_column(String(64), primary_key=True)
    sentiment: Mapped[str] = mapped_column(String(8))


class ResponseRollup(Base):
    """Responses per month, site, service groups and contact type (db/tables.py)."""

    __table__ = tables.rollup_responses


class RatingRollup(Base):
    """Per rating question: how many answered, and how many agreed or were satisfied (4 or 5)."""

    __table__ = tables.rollup_ratings


class ThemeRollup(Base):
    """Responses whose comments mention a theme, by the response's sentiment about it."""

    __table__ = tables.rollup_themes


class EqualityRollup(Base):
    """Equality answers with overall satisfaction. No site column: partnership level only."""

    __table__ = tables.rollup_equality
