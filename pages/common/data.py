"""Cached reads for the staff pages: small, already-aggregated results, keyed by filter and data version.

The data version (how many responses and theme mentions are stored) is part of
every key, so a new submission or a recoding shows at the next rerun, in every
replica, without waiting for the time limit.
"""

from __future__ import annotations

import streamlit as st

from analysis.charts import named_chart
from analysis.comments import CommentFilters, CommentsView, SuggestedTheme, explore_comments, suggested_themes
from analysis.trends import Summary, SummaryRequest, data_version, summarise
from db.accounts import StaffUser
from pages.common.resources import session_factory, settings


def allowed(user: StaffUser, request: SummaryRequest) -> SummaryRequest:
    """The request, refused if it reaches beyond what this account may see."""
    if user.site_ids is not None and (request.site_ids is None or not set(request.site_ids) <= set(user.site_ids)):
        raise PermissionError(f"{user.username} may only see {', '.join(user.site_ids)}")
    return request


def current_version() -> tuple[int, int]:
    with session_factory()() as session:
        return data_version(session)


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _summary(request: SummaryRequest, min_cell: int, version: tuple[int, int]) -> Summary:
    with session_factory()() as session:
        return summarise(session, request, min_cell)


def load_summary(user: StaffUser, request: SummaryRequest) -> Summary:
    return _summary(allowed(user, request).normalised(), settings().min_cell, current_version())


@st.cache_data(ttl=600, max_entries=1024, show_spinner=False)
def _chart(name: str, request: SummaryRequest, min_cell: int, version: tuple[int, int]) -> dict:
    # The Vega-Lite spec, built and validated once per filter rather than on every rerun.
    return named_chart(_summary(request, min_cell, version), name).to_dict()


def load_chart(user: StaffUser, request: SummaryRequest, name: str) -> dict:
    return _chart(name, allowed(user, request).normalised(), settings().min_cell, current_version())


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _comments(request: SummaryRequest, filters: CommentFilters, page: int, min_cell: int,
              version: tuple[int, int]) -> CommentsView:
    with session_factory()() as session:
        return explore_comments(session, request, filters, min_cell, page)


def load_comments(user: StaffUser, request: SummaryRequest, filters: CommentFilters, page: int) -> CommentsView:
    return _comments(allowed(user, request).normalised(), filters, page, settings().min_cell, current_version())


@st.cache_data(ttl=600, max_entries=64, show_spinner="Looking for new themes…")
def _suggested(request: SummaryRequest, min_cell: int, version: tuple[int, int]) -> list[SuggestedTheme]:
    with session_factory()() as session:
        return suggested_themes(session, request, min_cell)


def load_suggested_themes(user: StaffUser, request: SummaryRequest) -> list[SuggestedTheme]:
    return _suggested(allowed(user, request).normalised(), settings().min_cell, current_version())
