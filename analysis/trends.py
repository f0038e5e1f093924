"""Aggregates for dashboards, computed by GROUP BY in the database, then disclosure-controlled."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.disclosure import Cell, suppress_count
from db.models import Response, Site


@dataclass(frozen=True)
class MonthSiteCount:
    month: str
    site_id: str
    site_name: str
    cell: Cell


def responses_by_month_and_site(session: Session, min_cell: int) -> list[MonthSiteCount]:
    """Responses per month and site, small counts suppressed. No totals: they would undo suppression."""
    rows = session.execute(
        select(Response.month, Site.id, Site.name, func.count())
        .join(Site, Site.id == Response.site_id)
        .group_by(Response.month, Site.id, Site.name)
        .order_by(Response.month, Site.name)
    )
    return [MonthSiteCount(month, site_id, name, suppress_count(n, min_cell)) for month, site_id, name, n in rows]
