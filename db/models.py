"""SQLAlchemy models: what is stored, and (by omission) what never is.

A response holds a random id, the survey and version it answered, the site, the
ISO week and its month, the language and the validated answers. There is no
column for an IP address, user agent, session id, time of day or exact date,
and rows are kept without SQLite's rowid so the file does not record arrival
order either.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import (
    JSON,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so migrations on SQLite (batch mode) and PostgreSQL agree.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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
