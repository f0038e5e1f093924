"""The dashboards' filters in the sidebar: period, grouping, site (only those she may see), service, contact."""

from __future__ import annotations

import streamlit as st

from analysis.trends import (
    CONTACT_TYPES,
    SERVICES,
    SummaryRequest,
    add_months,
    available_months,
    months_between,
    quarter_months,
    quarter_of,
)
from db.accounts import StaffUser, visible_sites
from pages.common.resources import session_factory

PERIOD_KINDS = ("Month", "Quarter", "Custom range")
SERVICE_LABELS = {"police": "Police", "refuge": "Refuge", "outreach": "Outreach"}


def months_and_sites(user: StaffUser) -> tuple[tuple[str, str] | None, dict[str, str]]:
    """The first and last month with responses, and the sites `user` may see (id: name)."""
    with session_factory()() as session:
        return available_months(session), {site.id: site.name for site in visible_sites(session, user)}


def summary_filters(user: StaffUser) -> SummaryRequest | None:
    """The request the filters describe; None (with a note) when there is nothing to show yet."""
    months, sites = months_and_sites(user)
    with st.sidebar:
        st.header("Filters")
        if months is None or not sites:
            st.info("No responses yet." if sites else "Your organisation has no sites yet.")
            return None
        every_month = months_between(*months)
        kind = st.radio("Period", PERIOD_KINDS, index=2, horizontal=True, key="filter_period")
        if kind == "Month":
            start = end = st.selectbox("Month", every_month[::-1], key="filter_month")
        elif kind == "Quarter":
            quarters = sorted({quarter_of(month) for month in every_month}, reverse=True)
            start, end = quarter_months(st.selectbox("Quarter", quarters, key="filter_quarter"))
        else:
            default = (max(every_month[0], add_months(every_month[-1], -11)), every_month[-1])
            start, end = st.select_slider("Months", every_month, value=default, key="filter_range")
        by = st.radio("Trend by", ("month", "quarter"), horizontal=True, format_func=str.capitalize,
                      key="filter_by")
        site_ids = _site_choice(user, sites)
        service = st.selectbox("Service", (None, *SERVICES), key="filter_service",
                               format_func=lambda s: "All services" if s is None else SERVICE_LABELS[s])
        contact = st.selectbox("Last contact", (None, *CONTACT_TYPES), key="filter_contact",
                               format_func=lambda c: "Any time" if c is None else CONTACT_TYPES[c])
    return SummaryRequest(start, end, by, site_ids, service, contact)


def _site_choice(user: StaffUser, sites: dict[str, str]) -> tuple[str, ...] | None:
    if user.sees_partnership:
        options: list = [None, *sites]
        label = "All sites (the partnership)"
    else:
        # Staff never get None (the whole partnership): only their organisation's sites.
        options = [tuple(sites), *[(site,) for site in sites]] if len(sites) > 1 else [tuple(sites)]
        label = f"All {user.organisation_name} sites"

    def name(option) -> str:
        if option is None or (isinstance(option, tuple) and len(option) > 1):
            return label
        site = option if isinstance(option, str) else option[0]
        return sites[site]

    chosen = st.selectbox("Site", options, format_func=name, key=f"filter_site_{user.id}")
    if chosen is None:
        return None
    return (chosen,) if isinstance(chosen, str) else chosen


def describe(request: SummaryRequest, sites: dict[str, str] | None = None) -> str:
    parts = [f"{request.start} to {request.end}" if request.start != request.end else request.start]
    if request.site_ids is None:
        parts.append("all sites")
    else:
        parts.append(", ".join((sites or {}).get(s, s) for s in request.site_ids))
    parts.append(SERVICE_LABELS.get(request.service, "all services"))
    parts.append(CONTACT_TYPES.get(request.contact, "any time").lower())
    return " · ".join(parts)
