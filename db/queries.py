"""Small shared queries: portable insert-or-ignore, sites and organisations."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Organisation, Site

SITE_KINDS = ("police", "refuge", "outreach")


def insert_or_ignore(
    session: Session, table: Table, values: Mapping[str, Any], conflict_columns: Sequence[str]
) -> bool:
    """INSERT unless a row with the same `conflict_columns` exists; True if inserted.

    Concurrent callers with the same key are safe on SQLite and PostgreSQL: the
    database decides, so a double-tapped submit stores one row.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(table).values(**values)
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(**values)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"insert_or_ignore on {dialect}")
    statement = statement.on_conflict_do_nothing(index_elements=list(conflict_columns))
    # RETURNING, not rowcount: psycopg reports -1 for a skipped or a single insert.
    first_column = next(iter(table.primary_key.columns))
    return session.execute(statement.returning(first_column)).first() is not None


def ensure_organisation(session: Session, organisation_id: str, name: str) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        organisation = Organisation(id=organisation_id, name=name)
        session.add(organisation)
        session.flush()
    return organisation


def ensure_site(
    session: Session,
    site_id: str,
    *,
    name: str,
    kind: str,
    organisation_id: str,
    organisation_name: str | None = None,
    contact: str = "",
) -> Site:
    """The site `site_id`, created (with its organisation) if it does not exist."""
    if kind not in SITE_KINDS:
        raise ValueError(f"site kind must be one of {', '.join(SITE_KINDS)}, not {kind!r}")
    ensure_organisation(session, organisation_id, organisation_name or organisation_id)
    site = session.get(Site, site_id)
    if site is None:
        site = Site(id=site_id, name=name, kind=kind, organisation_id=organisation_id, contact=contact)
        session.add(site)
        session.flush()
    return site


def list_sites(session: Session) -> list[Site]:
    return list(session.scalars(select(Site).order_by(Site.name)))


def get_site(session: Session, site_id: str) -> Site | None:
    return session.get(Site, site_id)
